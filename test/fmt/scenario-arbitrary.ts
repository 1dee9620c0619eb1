// Random scenario files for the fmt property test, written by hand rather than by yaml, so that
// they come in layouts fmt must change: any key order, indentation of 2 or 4, lists indented
// under their key or not, every quoting style, block and folded texts, blank lines, and
// comments above keys, after values, on a key's line, above list items, after the last entry,
// in the header and at the end. Each comment is "[c<n>] words" with a unique n, to be found again.
import fc from 'fast-check';
import { STEP_TYPES } from '../../src/steps/index.js';
import { ITEM_ORDERS, stepKeyOrder } from '../../src/fmt/key-order.js';

type Scalar = string | number | boolean | null;
type StringStyle = 'plain' | 'single' | 'double' | 'literal' | 'folded';

export type RNode = RScalar | RMap | RSeq;
export interface RScalar {
  kind: 'scalar';
  value: Scalar;
  style: StringStyle;
  comment: string | null;
}
export interface REntry {
  key: string;
  value: RNode;
  above: string | null;
  blank: boolean;
}
export interface RMap {
  kind: 'map';
  entries: REntry[];
  flow: boolean;
  trailing: string | null;
  keyLine: string | null;
}
interface RItem {
  value: RNode;
  above: string | null;
  blank: boolean;
}
export interface RSeq {
  kind: 'seq';
  items: RItem[];
  flow: boolean;
  trailing: string | null;
  keyLine: string | null;
}
export interface RDocument {
  root: RMap;
  modeline: boolean;
  header: string | null;
  footer: string | null;
  indent: 2 | 4;
  /** `key:\n  - item` (true) or `key:\n- item` (false). */
  indentSeq: boolean;
}

// ---- values --------------------------------------------------------------------------------

const WORDS = ['pizza', 'menu', 'order', 'Hi!', 'ok', 'Main', 'back', 'é', '🍕', 'cart', 'x1'];
/** Strings that need care: YAML keywords, indicators, spaces at the ends, newlines. */
const TRICKY = [
  'yes',
  'no',
  'null',
  '~',
  'true',
  'False',
  '123',
  '1.5',
  '0x1F',
  '.inf',
  '',
  ' ',
  'a: b',
  'a #b',
  '#hash',
  '- dash',
  '? q',
  '[x]',
  '{y}',
  "it's",
  'say "hi"',
  '@at',
  '`tick`',
  '%pct',
  '*star',
  '&amp',
  '!bang',
  '|pipe',
  '>gt',
  ' leading',
  'trailing ',
  'back\\slash',
  'tab\there',
  'line one\nline two',
  'a\n\nb',
  'ends\n',
  'ends twice\n\n',
  '\nstarts',
  '  indented\nfirst',
  'x\n  more',
  'trailing blank\n  ',
  'unicode é ü ß',
  '---',
  '--- x',
  '...',
  'a\u0007bell',
];

const word = fc.constantFrom(...WORDS);
const words = fc.array(word, { minLength: 1, maxLength: 4 }).map((w) => w.join(' '));
const lines = fc.array(words, { minLength: 1, maxLength: 3 });
const anyString = fc.oneof(
  { weight: 4, arbitrary: words },
  { weight: 3, arbitrary: fc.constantFrom(...TRICKY) },
  {
    weight: 2,
    arbitrary: fc
      .tuple(lines, fc.constantFrom('', '\n', '\n\n'))
      .map(([l, end]) => l.join('\n') + end),
  },
  { weight: 1, arbitrary: fc.string({ unit: 'binary', maxLength: 12 }) },
);
const number = fc.oneof(
  fc.integer({ min: -1000, max: 100000 }),
  fc.double({ min: -1e6, max: 1e6, noNaN: true }).map((n) => (Object.is(n, -0) ? 0 : n)),
);
const scalarValue: fc.Arbitrary<Scalar> = fc.oneof(
  { weight: 6, arbitrary: anyString },
  number,
  fc.boolean(),
  fc.constant(null),
);
const comment = fc.option(words, { freq: 3 });

const scalar = (value: fc.Arbitrary<Scalar> = scalarValue): fc.Arbitrary<RScalar> =>
  fc.record({
    kind: fc.constant('scalar' as const),
    value,
    style: fc.constantFrom<StringStyle>('plain', 'single', 'double', 'literal', 'folded'),
    comment,
  });

const entry = (key: string, value: fc.Arbitrary<RNode>): fc.Arbitrary<REntry> =>
  fc.record({ key: fc.constant(key), value, above: comment, blank: fc.boolean() });

/** A mapping with some of the given keys (and maybe unknown ones), in any order. */
function mapOf(
  keys: readonly string[],
  valueFor: (key: string) => fc.Arbitrary<RNode>,
  options: { flowable?: boolean; minKeys?: number } = {},
): fc.Arbitrary<RMap> {
  const pool = [...keys, 'zz_extra', 'aa_extra'];
  return fc
    .shuffledSubarray(pool, { minLength: Math.min(options.minKeys ?? 1, pool.length) })
    .chain((chosen) =>
      fc.record({
        kind: fc.constant('map' as const),
        entries: fc.tuple(...chosen.map((k) => entry(k, valueFor(k)))),
        flow: options.flowable ? fc.boolean() : fc.constant(false),
        trailing: comment,
        keyLine: comment,
      }),
    );
}

function seqOf(
  item: fc.Arbitrary<RNode>,
  options: { flowable?: boolean } = {},
): fc.Arbitrary<RSeq> {
  return fc.record({
    kind: fc.constant('seq' as const),
    items: fc.array(fc.record({ value: item, above: comment, blank: fc.boolean() }), {
      minLength: 1,
      maxLength: 3,
    }),
    flow: options.flowable ? fc.boolean() : fc.constant(false),
    trailing: comment,
    keyLine: comment,
  });
}

const stepKey = fc.constantFrom('welcome', 'main_menu', 'ask', 'step 4', 'a:b', 'x', 'true', '42');
const itemMap = (list: string): fc.Arbitrary<RNode> =>
  mapOf(ITEM_ORDERS[list] ?? ['name', 'label', 'kind', 'required'], () => scalar(), {
    flowable: true,
  });
const flatSeq = seqOf(scalar(fc.oneof(words, number)), { flowable: true });
const apiMap: fc.Arbitrary<RNode> = mapOf(['method', 'url', 'headers', 'request'], (k) =>
  k === 'headers' || k === 'request'
    ? mapOf(['a', 'b'], () => scalar(), { flowable: true })
    : scalar(),
);

function stepValue(key: string): fc.Arbitrary<RNode> {
  if (key === 'menu' || key === 'branches' || key === 'variants' || key === 'fields')
    return seqOf(itemMap(key));
  if (key === 'api') return apiMap;
  if (key === 'renamed_from' || key === 'zz_extra') return fc.oneof(scalar(), flatSeq);
  return scalar();
}

const step: fc.Arbitrary<RMap> = fc
  .oneof(
    { weight: 8, arbitrary: fc.constantFrom<string | undefined>(...STEP_TYPES) },
    fc.constant('teleport'),
    fc.constant(undefined),
  )
  .chain((type) => {
    const keys = stepKeyOrder(type).filter((k) => k !== 'type');
    return mapOf(keys, stepValue, { minKeys: 1 }).map((map) => {
      if (type === undefined) return map;
      const typeEntry: REntry = {
        key: 'type',
        value: { kind: 'scalar', value: type, style: 'plain', comment: null },
        above: null,
        blank: false,
      };
      return { ...map, entries: [...map.entries, typeEntry] };
    });
  })
  .chain((map) =>
    fc
      .shuffledSubarray(map.entries, { minLength: map.entries.length })
      .map((entries) => ({ ...map, entries })),
  );

const stepsMap: fc.Arbitrary<RMap> = fc
  .uniqueArray(stepKey, { minLength: 1, maxLength: 4 })
  .chain((keys) =>
    fc.record({
      kind: fc.constant('map' as const),
      entries: fc.tuple(...keys.map((k) => entry(k, step))),
      flow: fc.constant(false),
      trailing: comment,
      keyLine: comment,
    }),
  );

const root: fc.Arbitrary<RMap> = mapOf(['start', 'entries', 'steps', 'version'], (k) =>
  k === 'steps' ? stepsMap : k === 'entries' ? seqOf(scalar(words), { flowable: true }) : scalar(),
);

export const scenarioDocument: fc.Arbitrary<RDocument> = fc
  .record({
    root,
    modeline: fc.boolean(),
    header: comment,
    footer: comment,
    indent: fc.constantFrom<2 | 4>(2, 4),
    indentSeq: fc.boolean(),
  })
  .map((doc) => numberComments(doc));

// ---- comments get unique ids ---------------------------------------------------------------

function numberComments(doc: RDocument): RDocument {
  let n = 0;
  const id = (c: string | null) => (c === null ? null : `[c${++n}] ${c}`);
  const node = (x: RNode): RNode => {
    if (x.kind === 'scalar') return { ...x, comment: id(x.comment) };
    const keyLine = id(x.keyLine);
    if (x.kind === 'map')
      return {
        ...x,
        keyLine,
        entries: x.entries.map((e) => ({ ...e, above: id(e.above), value: node(e.value) })),
        trailing: id(x.trailing),
      };
    return {
      ...x,
      keyLine,
      items: x.items.map((i) => ({ ...i, above: id(i.above), value: node(i.value) })),
      trailing: id(x.trailing),
    };
  };
  const header = id(doc.header);
  return { ...doc, header, root: node(doc.root) as RMap, footer: id(doc.footer) };
}

// ---- the value -----------------------------------------------------------------------------

export function plainValueOf(x: RNode): unknown {
  if (x.kind === 'scalar') return x.value;
  if (x.kind === 'seq') return x.items.map((i) => plainValueOf(i.value));
  return Object.fromEntries(x.entries.map((e) => [e.key, plainValueOf(e.value)]));
}
