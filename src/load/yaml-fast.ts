// The clean path for YAML: js-yaml turns a file straight into values, about ten times faster
// than `yaml`'s syntax tree and with a fraction of its garbage. It keeps no positions, so it
// only answers for files that parse without any finding; anything it is not sure of —
// anchors, explicit tags, directives, duplicate keys, nesting past the limit, a document that
// is not a mapping, any parse error — is declined, and yaml-source.ts parses the file again
// on the reporting path, which finds and places the problem. Declining is always safe: it
// only costs time. test/load/yaml-fast.test.ts checks that every value this path gives is
// the one the reporting path gives, on generated and mutated inputs.
import jsyaml from 'js-yaml';
import { aliasCountMessage, aliasNodesMessage, type LoadLimits } from './limits.js';

// The YAML 1.2 core schema as `yaml` resolves it (its schema/core: the same patterns, in the
// same order, with the same conversions), so a plain scalar means the same on both paths.
// A private tag name: an explicit `!!int` or `!!bool` is unknown here and the file is declined.
// A number that does not fit a double becomes its text, as toPlainValue does.
const finite = (n: number): number | string => (Number.isFinite(n) ? n : String(n));
const NUMBER_START = '0123456789+-.';

// yaml's core schema in its order: the first pattern that matches decides.
const CORE_SCALARS: readonly {
  first: string;
  test: RegExp;
  construct: (text: string) => unknown;
}[] = [
  { first: '~nN', test: /^(?:~|[Nn]ull|NULL)?$/, construct: () => null },
  {
    first: 'tTfF',
    test: /^(?:[Tt]rue|TRUE|[Ff]alse|FALSE)$/,
    construct: (s) => s[0] === 't' || s[0] === 'T',
  },
  { first: '0', test: /^0o[0-7]+$/, construct: (s) => finite(parseInt(s.substring(2), 8)) },
  { first: NUMBER_START, test: /^[-+]?[0-9]+$/, construct: (s) => finite(parseInt(s, 10)) },
  { first: '0', test: /^0x[0-9a-fA-F]+$/, construct: (s) => finite(parseInt(s.substring(2), 16)) },
  {
    first: NUMBER_START,
    test: /^(?:[-+]?\.(?:inf|Inf|INF)|\.nan|\.NaN|\.NAN)$/,
    construct: (s) =>
      s.slice(-3).toLowerCase() === 'nan' ? 'NaN' : s[0] === '-' ? '-Infinity' : 'Infinity',
  },
  {
    first: NUMBER_START,
    test: /^[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)[eE][-+]?[0-9]+$/,
    construct: (s) => finite(parseFloat(s)),
  },
  {
    first: NUMBER_START,
    test: /^[-+]?(?:\.[0-9]+|[0-9]+\.[0-9]*)$/,
    construct: (s) => finite(parseFloat(s)),
  },
];
// Every character a non-string plain scalar can start with: most plain scalars are words
// (keys, texts, step names) and are strings after one lookup.
const ANY_START = new Set(CORE_SCALARS.flatMap((r) => [...r.first]));

function coreRule(text: string) {
  if (text !== '' && !ANY_START.has(text[0] as string)) return undefined;
  for (const rule of CORE_SCALARS)
    if ((text === '' || rule.first.includes(text[0] as string)) && rule.test.test(text))
      return rule;
  return undefined;
}

// One implicit type for all of them: js-yaml asks each implicit type about each plain scalar.
const CORE_AS_YAML_READS_IT = jsyaml.FAILSAFE_SCHEMA.extend({
  implicit: [
    new jsyaml.Type('tag:botform,2026:core', {
      kind: 'scalar',
      resolve: (data: unknown) => typeof data === 'string' && coreRule(data) !== undefined,
      construct: (data: string) =>
        (coreRule(data) as (typeof CORE_SCALARS)[number]).construct(data),
    }),
  ],
});

const OWN_TAG = 'tag:botform,2026:';
// Complex keys: js-yaml turns a collection used as a key into a string, where the reporting
// path refuses it. They need an explicit `? ` key (at a line's start, after `- `, or in a flow
// collection) or a flow collection closing right before a `:` — a text with anything like
// either is declined, which costs a template ending in `}}: ` a slower parse, nothing more.
const EXPLICIT_KEY = /(?:^[ \t]*(?:-[ \t]+)*|[{,[][ \t]*)\?(?:[ \t]|$)/m;
const COLLECTION_KEY = /[\]}][ \t]*:(?:[ \t]|$)/m;

/**
 * The fast path's answer: the file's value; a finding it can place without the reporting path
 * (an alias bomb — the reporting path would first build the whole syntax tree, seconds for a
 * 2 MB file of a million items); or declined (the reporting path decides).
 */
export type FastParse =
  | { kind: 'value'; value: Record<string, unknown> }
  | { kind: 'refused'; code: 'yaml-alias-limit'; message: string; start: number; end: number }
  | { kind: 'declined' };

const DECLINED: FastParse = { kind: 'declined' };

/**
 * The file's value, or undefined when the fast path declines it (then the reporting path
 * decides). Only a mapping is answered: that is what a scenario or config file is.
 */
export function fastYamlValue(
  text: string,
  limits: LoadLimits,
): Record<string, unknown> | undefined {
  const parsed = fastYamlParse(text, limits);
  return parsed.kind === 'value' ? parsed.value : undefined;
}

export function fastYamlParse(text: string, limits: LoadLimits): FastParse {
  // A line starting with `%` is a directive (`%YAML 1.1` changes what plain scalars mean in `yaml`).
  if (
    text.startsWith('%') ||
    text.includes('\n%') ||
    (text.includes('?') && EXPLICIT_KEY.test(text)) ||
    COLLECTION_KEY.test(text) ||
    flowSpansLines(text)
  )
    return DECLINED;
  // Anchors and explicit tags are rare in scenario files; watching for them costs a call per
  // node, so only texts with an `&` or a `!` somewhere pay it.
  const watch = text.includes('&') || text.includes('!');
  const watcher = watch ? new NodeWatcher(text, limits) : undefined;
  let value: unknown;
  try {
    value = jsyaml.load(text, {
      schema: CORE_AS_YAML_READS_IT,
      // js-yaml's own bound keeps its recursion short on absurd nesting; the exact limit is
      // checked below, the way the reporting path counts it.
      maxDepth: limits.maxDepth + 2,
      ...(watcher ? { listener: watcher.listener } : {}),
    } as jsyaml.LoadOptions);
  } catch {
    return DECLINED;
  }
  if (watcher?.untagged === false) return DECLINED;
  // The whole file parsed: a bomb found on the way is the finding (an anchor alone is declined).
  if (watcher?.bomb) return watcher.bomb;
  if (watcher?.anchored || value === null || typeof value !== 'object' || Array.isArray(value))
    return DECLINED;
  return withinDepth(value, 0, limits.maxDepth)
    ? { kind: 'value', value: value as Record<string, unknown> }
    : DECLINED;
}

/**
 * Watches js-yaml's nodes as they close: explicit tags and anchors (the reporting path's), and
 * every alias, counting the nodes it repeats the way the reporting path's converter does (each
 * use counts every node of its value, nested aliases expanded): at the first alias past a limit
 * the file is an alias bomb, found here in one pass over the text — js-yaml shares the anchored
 * value instead of copying it, so nothing is expanded.
 */
class NodeWatcher {
  untagged = true;
  anchored = false;
  bomb: FastParse | undefined;
  private readonly opened: number[] = [];
  private readonly counted = new Set<number>();
  private aliases = 0;
  private aliasNodes = 0;
  /** Anchored collections whose node has closed: only those are complete. */
  private readonly complete = new WeakSet<object>();
  private readonly sizes = new WeakMap<object, number>();
  private undecidable = false;

  constructor(
    private readonly text: string,
    private readonly limits: LoadLimits,
  ) {}

  readonly listener = (
    event: jsyaml.EventType,
    state: jsyaml.State & {
      anchor?: string | null;
      tag?: string | null;
      kind?: string | null;
      result?: unknown;
      position: number;
    },
  ): void => {
    if (event === 'open') {
      this.opened.push(state.position);
      return;
    }
    const openedAt = this.opened.pop() ?? 0;
    const tag = state.tag;
    if (typeof tag === 'string' && tag !== '?' && !tag.startsWith(OWN_TAG)) this.untagged = false;
    if (state.anchor !== null && state.anchor !== undefined) {
      this.anchored = true;
      const anchoredValue = state.result;
      if (typeof anchoredValue === 'object' && anchoredValue !== null)
        this.complete.add(anchoredValue);
      return;
    }
    if (this.bomb || this.undecidable || tag !== null || (state.kind ?? null) !== null) return;
    const at = nodeStart(this.text, openedAt);
    // js-yaml composes some nodes inside a second node at the same place (a block entry, a
    // value that might be a key) and may read a node again after a rollback: each alias
    // written in the text counts once.
    if (this.text[at] !== '*' || this.counted.has(at)) return;
    this.counted.add(at);
    this.aliases++;
    const value = state.result;
    // An alias inside its own anchor (`&a [*a]`) names a value still being built: the
    // reporting path decides (it finds the nesting too deep).
    const size =
      typeof value === 'object' && value !== null && !this.complete.has(value)
        ? undefined
        : this.nodes(value, 0);
    if (size === undefined) {
      this.undecidable = true;
      return;
    }
    this.aliasNodes += size;
    const tooMany = this.aliases > this.limits.maxAliases;
    if (tooMany || this.aliasNodes > this.limits.maxAliasNodes) {
      this.bomb = {
        kind: 'refused',
        code: 'yaml-alias-limit',
        message: tooMany ? aliasCountMessage(this.limits) : aliasNodesMessage(this.limits),
        start: at,
        end: aliasEnd(this.text, at),
      };
    }
  };

  /** Nodes of a value as the reporting path counts them (a mapping's keys are not nodes); undefined past the depth limit. */
  private nodes(value: unknown, depth: number): number | undefined {
    if (typeof value !== 'object' || value === null) return 1;
    const known = this.sizes.get(value);
    if (known !== undefined) return known;
    if (depth > this.limits.maxDepth) return undefined;
    let total = 1;
    const items: unknown[] = Array.isArray(value)
      ? value
      : Object.values(value as Record<string, unknown>);
    for (const item of items) {
      const n = this.nodes(item, depth + 1);
      if (n === undefined) return undefined;
      total += n;
    }
    this.sizes.set(value, total);
    return total;
  }
}

/** Where a node opened at `from` starts: past spaces, line breaks and comments. */
function nodeStart(text: string, from: number): number {
  let i = from;
  for (;;) {
    const c = text[i];
    if (c === ' ' || c === '\t' || c === '\r' || c === '\n') i++;
    else if (c === '#') {
      const eol = text.indexOf('\n', i);
      if (eol === -1) return text.length;
      i = eol;
    } else return i;
  }
}

/** The end of the alias token starting at `start` (`*` and its name). */
function aliasEnd(text: string, start: number): number {
  let i = start + 1;
  while (i < text.length && !/[\s,[\]{}]/.test(text[i] as string)) i++;
  return i;
}

/**
 * True when a quoted scalar or a flow collection (`[...]`, `{...}`) may continue past its line,
 * or a flow mapping has a collection as a key (js-yaml makes a string of it), or a compact
 * nested sequence entry is empty (`- -`, which js-yaml reads differently).
 * js-yaml takes the continuation lines at any indentation; `yaml` (and the YAML spec) wants them
 * indented under their key, so such files go to the reporting path. The scan is line by line and
 * errs on the side of declining: block scalar lines are read like any other.
 */
function flowSpansLines(text: string): boolean {
  // Only a line holding a quote, a bracket or a brace, or a `- -`, can open anything: find those
  // with one native search each instead of walking every line.
  if ((text.includes('- -') || text.includes('-\t')) && EMPTY_NESTED_ENTRY.test(text)) return true;
  FLOW_START.lastIndex = 0;
  for (let m = FLOW_START.exec(text); m !== null; m = FLOW_START.exec(text)) {
    const lineStart = text.lastIndexOf('\n', m.index) + 1;
    let lineEnd = text.indexOf('\n', m.index);
    if (lineEnd === -1) lineEnd = text.length;
    if (lineOpensFlow(text, lineStart, lineEnd)) return true;
    // The next search starts on the next line: each line is read once.
    FLOW_START.lastIndex = lineEnd;
  }
  return false;
}

const FLOW_START = /["'[{]/g;
// `- -` with nothing after (a comment at most): js-yaml puts the next line's entry into the inner sequence.
const EMPTY_NESTED_ENTRY = /^[ \t]*-[ \t]+(?:-[ \t]+)*-[ \t]*(?:#.*)?\r?$/m;

const isBlank = (c: string | undefined) => c === ' ' || c === '\t' || c === '\r';

function lineOpensFlow(text: string, start: number, end: number): boolean {
  let i = start;
  // A node starts after the indentation, after each `- `, and after a key's `: `.
  for (;;) {
    while (i < end && isBlank(text[i])) i++;
    if (i >= end || text[i] === '#') return false;
    const c = text[i];
    if (c === '-' && (i + 1 >= end || isBlank(text[i + 1]))) {
      i++;
      continue;
    }
    if (c === '"' || c === "'") {
      const close = closingQuote(text, i, end);
      if (close === -1) return true;
      i = close + 1;
    } else if (c === '[' || c === '{') {
      return !flowIsSimple(text, i, end);
    } else {
      // A plain scalar: a key if a `: ` (or a `:` at the end) follows on this line.
      while (i < end && !(text[i] === ':' && (i + 1 >= end || isBlank(text[i + 1])))) {
        if (text[i] === '#' && isBlank(text[i - 1])) return false;
        i++;
      }
      if (i >= end) return false;
    }
    // After a quoted key or a plain key: the value starts after the `:`.
    while (i < end && isBlank(text[i])) i++;
    if (i >= end || text[i] !== ':') return false;
    i++;
  }
}

/** The index of the quote closing the scalar opened at `open`, or -1 if not on this line. */
function closingQuote(text: string, open: number, end: number): number {
  const quote = text[open];
  for (let i = open + 1; i < end; i++) {
    if (quote === '"' && text[i] === '\\') i++;
    else if (text[i] === quote) {
      if (quote === "'" && text[i + 1] === "'") i++;
      else return i;
    }
  }
  return -1;
}

/**
 * Whether the flow collection opened at `open` closes before the line ends with no collection
 * as a key inside it (in a flow mapping, a `[` or `{` right after `{` or `,` is a key).
 */
function flowIsSimple(text: string, open: number, end: number): boolean {
  const stack: string[] = [];
  let keyPosition = false;
  for (let i = open; i < end; i++) {
    const c = text[i] as string;
    if (isBlank(c)) continue;
    const atKey = keyPosition;
    keyPosition = false;
    if (c === '[' || c === '{') {
      if (atKey) return false;
      stack.push(c);
      keyPosition = c === '{';
    } else if (c === ']' || c === '}') {
      stack.pop();
      if (stack.length === 0) return true;
    } else if (c === ',') {
      keyPosition = stack[stack.length - 1] === '{';
    } else if (c === '"' || c === "'") {
      const close = closingQuote(text, i, end);
      if (close === -1) return false;
      i = close;
    } else if (c === '#' && isBlank(text[i - 1])) return false;
  }
  return false;
}

// Depth as toPlainValue counts it: the root is 0, each mapping value or sequence item one more,
// and any node deeper than the limit (a scalar included) is a finding.
function withinDepth(value: unknown, depth: number, max: number): boolean {
  if (depth > max) return false;
  if (value === null || typeof value !== 'object') return true;
  if (Array.isArray(value)) {
    for (const item of value) if (!withinDepth(item, depth + 1, max)) return false;
    return true;
  }
  const record = value as Record<string, unknown>;
  for (const key in record) if (!withinDepth(record[key], depth + 1, max)) return false;
  return true;
}
