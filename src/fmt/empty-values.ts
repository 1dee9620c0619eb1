// yaml misreads what follows an empty value (`end:` with nothing after it): the comment lines
// after it become that value's own comment, as if written `end: # ...`, and a blank line after
// it becomes a blank line before it. This puts both back where the source has them, judging a
// comment line by its column: above the next entry of the level it is indented at, or after that
// level's last entry. Run on the parsed input, before anything moves.
import {
  isCollection,
  isNode,
  isPair,
  isScalar,
  isSeq,
  type Document,
  type Node,
  type Scalar,
  type YAMLMap,
  type YAMLSeq,
} from 'yaml';

interface Level {
  node: YAMLMap | YAMLSeq;
  index: number;
}

interface Line {
  column: number;
  text: string;
  blankBefore: boolean;
}

export function repairEmptyValues(doc: Document, source: string): void {
  const walk = (node: unknown, stack: Level[]) => {
    if (!isCollection(node) || node.flow) return;
    node.items.forEach((item: unknown, index) => {
      const value = isPair(item) ? item.value : item;
      const levels = [...stack, { node, index }];
      if (isEmptyNull(value)) repair(value, isPair(item), levels, source);
      walk(value, levels);
    });
  };
  walk(doc.contents, []);
}

function repair(value: Scalar, inPair: boolean, levels: readonly Level[], source: string): void {
  const [start, , end] = value.range ?? [0, 0, 0];
  const read = readSpan(source.slice(start, end));
  // A blank line before the next content, whether or not yaml counted it into the value's node.
  const blankAfter = read.blankAfter || /^[ \t]*\n[ \t]*\n/.test(source.slice(end));
  if (read.after.length === 0 && !blankAfter) return;
  // Only when the source and yaml agree on which comment lines there are.
  const expected = [...(read.own === null ? [] : [read.own]), ...read.after.map((l) => l.text)];
  const actual = (value.comment ?? '').split('\n').filter((l) => l !== '');
  const same = (a: string[], b: string[]) =>
    a.length === b.length && a.every((x, i) => x.trimEnd() === (b[i] ?? '').trimEnd());
  if (!same(expected, actual)) return;

  value.comment = read.own;
  if (inPair) value.spaceBefore = false;
  const placed = new Map<Node, { lines: string[]; blankFirst: boolean }>();
  let lastTarget: Node | undefined;
  for (const line of read.after) {
    const { level, target } = placeFor(line.column, levels, source);
    if (target) {
      const entry = placed.get(target) ?? { lines: [], blankFirst: line.blankBefore };
      if (entry.lines.length > 0 && line.blankBefore) entry.lines.push('');
      entry.lines.push(line.text);
      placed.set(target, entry);
    } else {
      level.node.comment = level.node.comment
        ? [level.node.comment, ...(line.blankBefore ? [''] : []), line.text].join('\n')
        : line.text;
    }
    lastTarget = target;
  }
  if (blankAfter) {
    const entry = lastTarget && placed.get(lastTarget);
    if (entry) entry.lines.push('');
    else {
      const next = nextEntry(levels);
      if (next) next.spaceBefore = true;
    }
  }
  for (const [target, { lines, blankFirst }] of placed) {
    // The target's own comment, if any, follows; yaml's blank-line flag was for the blank before it.
    if (target.commentBefore) {
      if (target.spaceBefore && lines[lines.length - 1] !== '') lines.push('');
      lines.push(target.commentBefore);
    }
    target.commentBefore = lines.join('\n');
    target.spaceBefore = blankFirst;
  }
}

/** What the source holds from an empty value to the next content. */
function readSpan(span: string): { own: string | null; after: Line[]; blankAfter: boolean } {
  const lines = span.split('\n');
  const first = lines.shift() ?? '';
  const hash = first.indexOf('#');
  const own = hash >= 0 ? first.slice(hash + 1) : null;
  // The last piece is the indentation of the next content, unless the span ends in a comment.
  if (lines.length > 0 && (lines[lines.length - 1] ?? '').trim() === '') lines.pop();
  const after: Line[] = [];
  let blank = false;
  for (const line of lines) {
    const text = line.trimStart();
    if (text === '') {
      blank = true;
      continue;
    }
    if (!text.startsWith('#')) break;
    after.push({ column: line.length - text.length, text: text.slice(1), blankBefore: blank });
    blank = false;
  }
  return { own, after, blankAfter: blank };
}

/** The innermost level indented no deeper than `column`, and the entry after ours there, if any. */
function placeFor(
  column: number,
  levels: readonly Level[],
  source: string,
): { level: Level; target: Node | undefined } {
  for (let l = levels.length - 1; l >= 0; l--) {
    const level = levels[l] as Level;
    if (l > 0 && column < indentOf(level.node, source)) continue;
    const next: unknown = level.node.items[level.index + 1];
    const target = isPair(next) ? next.key : next;
    return { level, target: isNode(target) ? target : undefined };
  }
  throw new Error('no level to place a comment at');
}

/** The entry that comes next in the document: after ours, or after one of its parents. */
function nextEntry(levels: readonly Level[]): Node | undefined {
  for (let l = levels.length - 1; l >= 0; l--) {
    const { node, index } = levels[l] as Level;
    const next: unknown = node.items[index + 1];
    const target = isPair(next) ? next.key : next;
    if (isNode(target)) return target;
  }
  return undefined;
}

/** The column where a block collection's entries start (a list's dashes). */
function indentOf(node: YAMLMap | YAMLSeq, source: string): number {
  const first: unknown = node.items[0];
  const start = isPair(first)
    ? isNode(first.key)
      ? first.key.range?.[0]
      : undefined
    : isNode(first)
      ? first.range?.[0]
      : undefined;
  if (start === undefined) return 0;
  const at = isSeq(node) ? source.lastIndexOf('-', start) : start;
  return at - (source.lastIndexOf('\n', at - 1) + 1);
}

function isEmptyNull(node: unknown): node is Scalar {
  return (
    isScalar(node) &&
    node.value === null &&
    node.source === '' &&
    node.range !== undefined &&
    node.range !== null
  );
}
