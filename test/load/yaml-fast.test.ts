// The fast YAML path (js-yaml) against the reporting path (yaml): on every input, the fast path
// either declines or gives exactly the value the reporting path gives, and then only for a file
// the reporting path finds nothing wrong with. Inputs: generated documents in every scalar style
// and with the features the fast path must decline (anchors, tags, complex keys, directives,
// duplicate keys, depth), and the example scenario mutated character by character.
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { isDeepStrictEqual } from 'node:util';
import fc from 'fast-check';
import jsyaml from 'js-yaml';
import { describe, expect, it } from 'vitest';
import { DEFAULT_LIMITS } from '../../src/load/limits.js';
import { fastYamlValue } from '../../src/load/yaml-fast.js';
import { parseYamlSource } from '../../src/load/yaml-source.js';
import { REPO } from '../helpers/fixtures.js';

const EXAMPLE_DIR = path.join(REPO, 'scenarios', 'pizza-shop');
const EXAMPLES = readdirSync(EXAMPLE_DIR)
  .filter((f) => f.endsWith('.yaml'))
  .sort()
  .map((name) => readFileSync(path.join(EXAMPLE_DIR, name), 'utf8'));

// How many inputs the fast path answered: a property that only ever saw it decline proves nothing.
let answered = 0;

/** Undefined when the paths agree; otherwise what differs, for the failure message. */
function disagreement(text: string): string | undefined {
  const fast = fastYamlValue(text, DEFAULT_LIMITS);
  if (fast === undefined) return undefined;
  answered++;
  const slow = parseYamlSource('x.yaml', text, DEFAULT_LIMITS, { reportingPathOnly: true });
  if (slow.diagnostics.length > 0)
    return `fast path accepted a file the reporting path reports: ${slow.diagnostics.map((d) => d.code).join(', ')}`;
  // isDeepStrictEqual tells -0 from 0 and NaN apart; JSON adds the order of keys.
  if (!isDeepStrictEqual(fast, slow.value) || JSON.stringify(fast) !== JSON.stringify(slow.value)) {
    return `values differ: fast ${JSON.stringify(fast)} / reporting ${JSON.stringify(slow.value)}`;
  }
  return undefined;
}

const PLAIN_SCALARS = [
  'true',
  'True',
  'TRUE',
  'tRue',
  'false',
  'FALSE',
  'yes',
  'No',
  'on',
  'off',
  'y',
  'null',
  'Null',
  'NULL',
  'nUll',
  '~',
  '0',
  '-0',
  '+0',
  '007',
  '+12',
  '-12',
  '0o17',
  '0o18',
  '0O17',
  '0x1F',
  '0X1F',
  '0xg',
  '0b101',
  '1_000',
  '12e3',
  '1e999',
  '-1e999',
  '.5',
  '5.',
  '-.5',
  '1.50',
  '1.0e+3',
  '.inf',
  '-.Inf',
  '+.INF',
  '.NaN',
  '.nan',
  '.NAN',
  'nan',
  'inf',
  '123456789012345678901234567890',
  '2001-12-14',
  '12:30:00',
  '1:2',
  '0.1.2',
  'hello',
  'hello world',
  'a#b',
  'a # comment',
  'é',
  '日本',
  '=',
  '<<',
  '-',
  '.',
  'x-y',
  '{{ user.first_name }}',
  'Fish & chips',
  'Welcome!',
  'size(cart.items) > 3',
];
const KEYS = [
  'a',
  'b',
  'type',
  'text',
  'steps',
  '__proto__',
  'constructor',
  'toString',
  'hasOwnProperty',
  'valueOf',
  '1',
  '01',
  '0x1F',
  'true',
  '~',
  'null',
  '1e3',
  '.inf',
  '-0',
  'a b',
  '<<',
];

function doubleQuoted(s: string): string {
  return JSON.stringify(s).replace(/\\u([0-9a-f]{4})/g, (_, h: string) => `\\u${h.toUpperCase()}`);
}
const singleQuoted = (s: string) => `'${s.replace(/'/g, "''")}'`;

// A scalar written in one of the styles a person could use, as a key or a value.
const scalarText = fc.oneof(
  fc.constantFrom(...PLAIN_SCALARS),
  fc.string({ maxLength: 12 }).map(doubleQuoted),
  fc.string({ maxLength: 12 }).map(singleQuoted),
  fc.constantFrom(...PLAIN_SCALARS).map(doubleQuoted),
  fc.constantFrom(...PLAIN_SCALARS).map(singleQuoted),
);
const keyText = fc.oneof(
  fc.constantFrom(...KEYS),
  fc.constantFrom(...KEYS).map(doubleQuoted),
  fc.constantFrom(...KEYS).map(singleQuoted),
);

// Keys differ once unquoted (a duplicate would only be declined; EXTRAS has those).
const uniquePairs = (value: fc.Arbitrary<Doc>, maxLength: number) =>
  fc.uniqueArray(fc.tuple(keyText, value), {
    minLength: 1,
    maxLength,
    selector: ([k]) => k.replace(/^["']|["']$/g, ''),
  });

type Doc =
  | { kind: 'scalar'; text: string }
  | { kind: 'block'; header: string; lines: string[] }
  | { kind: 'map'; pairs: [string, Doc][] }
  | { kind: 'seq'; items: Doc[] }
  | { kind: 'flow'; text: string };

const docArb: fc.Arbitrary<Doc> = fc.letrec<{ doc: Doc }>((tie) => ({
  doc: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    fc.record({ kind: fc.constant('scalar' as const), text: scalarText }),
    fc.record({
      kind: fc.constant('block' as const),
      header: fc.constantFrom('|', '|-', '|+', '>', '>-', '>+', '|2'),
      lines: fc.array(
        fc.constantFrom(
          'line one',
          '  indented',
          '',
          'Say {{ user.name }}!',
          'a: b',
          '# not a comment',
          'x',
        ),
        { minLength: 1, maxLength: 4 },
      ),
    }),
    fc.record({
      kind: fc.constant('flow' as const),
      text: fc.constantFrom(
        '[]',
        '{}',
        '[a, b]',
        '[1, "x", true]',
        '{a: 1, b: [2]}',
        '{a: 1, a: 2}',
        '[a, [b, [c]]]',
        "{'k': v}",
      ),
    }),
    fc.record({ kind: fc.constant('map' as const), pairs: uniquePairs(tie('doc'), 4) }),
    fc.record({
      kind: fc.constant('seq' as const),
      items: fc.array(tie('doc'), { minLength: 1, maxLength: 3 }),
    }),
  ),
})).doc;

// Block style, as people write scenario files.
function render(doc: Doc, indent: number): string[] {
  const pad = ' '.repeat(indent);
  switch (doc.kind) {
    case 'map':
      return doc.pairs.flatMap(([k, v]) => {
        if (v.kind === 'scalar' || v.kind === 'flow') return [`${pad}${k}: ${v.text}`];
        if (v.kind === 'block')
          return [
            `${pad}${k}: ${v.header}`,
            ...v.lines.map((l) => (l === '' ? '' : `${pad}  ${l}`)),
          ];
        return [`${pad}${k}:`, ...render(v, indent + 2)];
      });
    case 'seq':
      return doc.items.flatMap((v) => {
        if (v.kind === 'scalar' || v.kind === 'flow') return [`${pad}- ${v.text}`];
        if (v.kind === 'block')
          return [`${pad}- ${v.header}`, ...v.lines.map((l) => (l === '' ? '' : `${pad}  ${l}`))];
        return [`${pad}-`, ...render(v, indent + 2)];
      });
    case 'block':
      return [`${pad}${doc.header}`, ...doc.lines.map((l) => `${pad}  ${l}`)];
    default:
      return [`${pad}${doc.text}`];
  }
}

// Features that must be declined, or that the two parsers might read differently.
const EXTRAS = [
  '',
  '# a comment\n',
  '---\n',
  '%YAML 1.1\n---\n',
  '%YAML 1.2\n---\n',
  '\uFEFF',
  'anchor: &a {x: 1}\nalias: *a\n',
  'v: &s text\nw: *s\n',
  'bare: *missing\n',
  't: !!str 12\n',
  'i: !!int "12"\n',
  'c: !custom x\n',
  'n: ! 12\n',
  '? [a, b]\n: c\n',
  '[a]: b\n',
  '{a: 1}: b\n',
  '? a\n: b\n',
  'dup: 1\ndup: 2\n',
  '"dup": 1\ndup: 2\n',
  '1: a\n"1": b\n',
  '<<: {a: 1}\n',
  'tab:\tvalue\n',
  'k: "unterminated\n',
  'k: [1, 2\n',
  'k: a: b\n',
  '...\n',
  '---\nsecond: doc\n',
  'k: >\n  folded\n  text\n\n  more\n',
  'k: |\n\ttab\n',
  'multi: line\n  plain scalar\n',
  'q: "a\\x41\\u00e9\\U0001F600\\N\\_"\n',
  'q: "bad \\q escape"\n',
  "s: 'it''s'\n",
  'k:  \n',
  ': novalue\n',
  'emptyflow: {,}\n',
  'k: - a\n',
  '- top\n- level\n',
  'scalar\n',
];

describe('the fast YAML path gives the reporting path’s values or declines', () => {
  it('agrees on generated documents with every scalar style and the features it must decline', () => {
    answered = 0;
    const mapDoc = fc.record({ kind: fc.constant('map' as const), pairs: uniquePairs(docArb, 5) });
    const extra = fc.oneof(
      { arbitrary: fc.constant(''), weight: 3 },
      { arbitrary: fc.constantFrom(...EXTRAS), weight: 2 },
    );
    fc.assert(
      fc.property(mapDoc, extra, extra, (doc, before, after) => {
        const text = `${before}${render(doc, 0).join('\n')}\n${after}`;
        const problem = disagreement(text);
        if (problem) throw new Error(`${problem}\n--- input ---\n${text}`);
      }),
      { seed: 4242, numRuns: 1500 },
    );
    expect(answered).toBeGreaterThan(300);
  });

  it('agrees on the example scenario mutated character by character', () => {
    const ALPHABET = [
      ' ',
      '  ',
      '\t',
      '\n',
      ':',
      ': ',
      '-',
      '- ',
      '#',
      "'",
      '"',
      '|',
      '>',
      '[',
      ']',
      '{',
      '}',
      '&a ',
      '*a',
      '!',
      '!!str ',
      '?',
      '? ',
      '%',
      '@',
      '`',
      ',',
      '\\',
      'a',
      '0',
      '.',
      '~',
      'é',
      '\r\n',
      '---\n',
      '...\n',
      '"x\n y"',
      "'a\nb'",
      '[a,\n b]',
      '{k: v,\nw: x}',
    ];
    answered = 0;
    const mutation = fc.tuple(
      fc.nat(),
      fc.constantFrom('insert', 'delete', 'replace'),
      fc.constantFrom(...ALPHABET),
    );
    fc.assert(
      fc.property(
        fc.nat({ max: EXAMPLES.length - 1 }),
        fc.array(mutation, { minLength: 1, maxLength: 4 }),
        (which, mutations) => {
          let text = EXAMPLES[which] as string;
          for (const [at, kind, piece] of mutations) {
            const i = at % (text.length + 1);
            if (kind === 'insert') text = text.slice(0, i) + piece + text.slice(i);
            else if (kind === 'delete') text = text.slice(0, i) + text.slice(i + piece.length);
            else text = text.slice(0, i) + piece + text.slice(i + piece.length);
          }
          const problem = disagreement(text);
          if (problem) throw new Error(`${problem}\n--- input ---\n${text}`);
        },
      ),
      { seed: 777, numRuns: 1200 },
    );
    expect(answered).toBeGreaterThan(300);
  });

  it('declines the cases where js-yaml was found to read differently', () => {
    const cases = [
      'k: "unterminated\n"a": ""\n', // a quoted scalar continued at column 0
      'x:\n  e: [a, b\n]\n', // a flow collection closed on the next line, unindented
      "'a': {{ user.first_name }}\n", // a flow mapping as a flow mapping's key
      'a:\n  - -\n  - ""\n', // an empty compact nested entry
    ];
    for (const text of cases) {
      expect(fastYamlValue(text, DEFAULT_LIMITS)).toBeUndefined();
      expect(
        parseYamlSource('x.yaml', text, DEFAULT_LIMITS, { reportingPathOnly: true }).value,
      ).not.toEqual(
        // what js-yaml alone makes of it
        (jsyaml.load(text) as unknown) ?? 'no value',
      );
    }
  });

  it('answers for the example scenario files (so the fast path is really taken)', () => {
    for (const text of EXAMPLES) {
      expect(fastYamlValue(text, DEFAULT_LIMITS)).toBeDefined();
      expect(disagreement(text)).toBeUndefined();
    }
  });

  it('declines what the reporting path must report: alias bombs, depth, duplicates, reserved keys stay data', () => {
    const bomb = [
      'a: &a [x, x, x, x, x, x, x, x, x, x]',
      ...Array.from(
        { length: 8 },
        (_, i) =>
          `${String.fromCharCode(98 + i)}: &${String.fromCharCode(98 + i)} [${Array(10)
            .fill(`*${String.fromCharCode(97 + i)}`)
            .join(', ')}]`,
      ),
    ].join('\n');
    expect(fastYamlValue(bomb, DEFAULT_LIMITS)).toBeUndefined();
    expect(parseYamlSource('x.yaml', bomb, DEFAULT_LIMITS).diagnostics.map((d) => d.code)).toEqual([
      'yaml-alias-limit',
    ]);

    const nested = (levels: number) =>
      `${Array.from({ length: levels }, (_, i) => `${' '.repeat(i * 2)}k:`).join('\n')} leaf\n`;
    // The root is depth 0: 64 nested mappings put the leaf at depth 64, one more is too deep.
    expect(fastYamlValue(nested(64), DEFAULT_LIMITS)).toBeDefined();
    expect(fastYamlValue(nested(65), DEFAULT_LIMITS)).toBeUndefined();
    expect(
      parseYamlSource('x.yaml', nested(65), DEFAULT_LIMITS).diagnostics.map((d) => d.code),
    ).toEqual(['yaml-too-deep']);
    expect(
      parseYamlSource('x.yaml', `${'['.repeat(10_000)}\n`, DEFAULT_LIMITS).diagnostics.length,
    ).toBeGreaterThan(0);
    expect(fastYamlValue(`k: ${'['.repeat(10_000)}\n`, DEFAULT_LIMITS)).toBeUndefined();

    expect(fastYamlValue('a: 1\nb: 2\na: 3\n', DEFAULT_LIMITS)).toBeUndefined();
    const hostile = fastYamlValue(
      '__proto__: {polluted: true}\nconstructor: x\n',
      DEFAULT_LIMITS,
    ) as Record<string, unknown>;
    expect(Object.getOwnPropertyDescriptor(hostile, '__proto__')?.value).toEqual({
      polluted: true,
    });
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    expect(Object.getPrototypeOf(hostile)).toBe(Object.prototype);
  });
});
