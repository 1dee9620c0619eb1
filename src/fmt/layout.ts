// Layout choices that are not key order: multi-line strings as block literals, no blank line
// between a `key:` and the first entry under it, and trailing comments that read back where they
// were written. Only presentation changes here; the caller checks that the value did not.
import {
  isCollection,
  isMap,
  isNode,
  isPair,
  isScalar,
  isSeq,
  parse,
  Document,
  Scalar,
  visit,
  type Node,
  type ToStringOptions,
  type YAMLMap,
  type YAMLSeq,
} from 'yaml';

export const TO_STRING: ToStringOptions = {
  indent: 2,
  indentSeq: true,
  lineWidth: 0,
  minContentWidth: 0,
  blockQuote: 'literal',
  flowCollectionPadding: false,
};

export function preferBlockLiterals(doc: Document): void {
  visit(doc, {
    Scalar(key, node) {
      if (key === 'key' || typeof node.value !== 'string') return;
      if (!node.value.includes('\n') && node.type !== Scalar.BLOCK_FOLDED) return;
      if (literalRoundTrips(node.value)) node.type = Scalar.BLOCK_LITERAL;
      else if (node.type !== Scalar.QUOTE_DOUBLE) node.type = Scalar.QUOTE_DOUBLE;
    },
  });
}

/** Whether yaml writes this string as a block literal that reads back the same. */
function literalRoundTrips(value: string): boolean {
  const probe = new Document({ k: value });
  const scalar = probe.get('k', true);
  if (!isScalar(scalar)) return false;
  scalar.type = Scalar.BLOCK_LITERAL;
  const text = probe.toString(TO_STRING);
  if (!text.startsWith('k: |')) return false;
  try {
    return (parse(text) as { k?: unknown }).k === value;
  } catch {
    return false;
  }
}

/** No blank line right under a `key:` or at the top of a list, before its first entry. */
export function tightenFirstEntries(doc: Document): void {
  visit(doc, {
    Pair(_key, pair) {
      if (isNode(pair.value)) pair.value.spaceBefore = false;
    },
    Collection(_key, node, path) {
      if (node.flow || path.length <= 1) return;
      const first = node.items[0];
      if (isSeq(node) && isNode(first)) first.spaceBefore = false;
      else if (isMap(node) && isPair(first) && isScalar(first.key)) first.key.spaceBefore = false;
    },
  });
}

/**
 * A comment after the last entry of a block mapping or list is that collection's trailing
 * comment, and yaml reads every comment line that follows it, up to the next entry whatever its
 * indentation, as part of it. Reordering can put such a collection right before another
 * trailing comment, or before a key with a comment above it (a step's last key is now `menu`,
 * whose last button has a comment after it). Hoisting the inner comment out to the outer
 * collection, or down to the next key, keeps every comment, in the same order, and stable.
 */
export function hoistTrailingComments(doc: Document): void {
  /** Takes the trailing comments of `start` and of the collections it ends with, innermost first. */
  const takeChain = (start: unknown): string[] => {
    const taken: string[] = [];
    for (let node = start; isCollection(node) && !node.flow; node = lastEntry(node)) {
      if (node.comment) taken.unshift(node.comment);
      node.comment = null;
    }
    return taken;
  };
  // After the last top-level entry, the top mapping's trailing comment and the document's are one.
  const root = doc.contents;
  if (isCollection(root) && !root.flow && root.comment) {
    doc.comment = [root.comment, ...(doc.comment ? [doc.comment] : [])].join('\n');
    root.comment = null;
  }
  if (doc.comment) doc.comment = [...takeChain(doc.contents), doc.comment].join('\n');
  visit(doc, {
    Collection(_key, node, path) {
      if (node.flow) return;
      node.items.forEach((item: unknown, i) => {
        const next: unknown = node.items[i + 1];
        const nextNode = isPair(next) ? next.key : next;
        if (!isNode(nextNode) || !nextNode.commentBefore) return;
        const taken = takeChain(isPair(item) ? item.value : item);
        if (taken.length === 0) return;
        nextNode.commentBefore = [
          ...taken,
          ...(nextNode.spaceBefore ? [''] : []),
          nextNode.commentBefore,
        ].join('\n');
        nextNode.spaceBefore = false;
      });
      if (!node.comment) return;
      node.comment = [...takeChain(lastEntry(node)), node.comment].join('\n');
      // yaml drops a blank line before a trailing comment when it reads one: do not write it. A
      // blank line after it is one before whatever comes next.
      node.comment = node.comment.replace(/^\n+/, '');
      if (node.comment.endsWith('\n')) {
        node.comment = node.comment.replace(/\n+$/, '');
        const next = nextInDocument(node, path);
        if (next) next.spaceBefore = true;
      }
    },
  });
  if (doc.comment) doc.comment = doc.comment.replace(/^\n+|\n+$/g, '');
}

/** The entry after `node` in reading order, at its own level or an outer one. */
function nextInDocument(node: unknown, path: readonly unknown[]): Node | undefined {
  let child = node;
  for (let i = path.length - 1; i >= 0; i--) {
    const parent = path[i];
    if (isCollection(parent)) {
      const next: unknown = parent.items[parent.items.indexOf(child as never) + 1];
      const target = isPair(next) ? next.key : next;
      if (isNode(target)) return target;
    }
    child = parent;
  }
  return undefined;
}

function lastEntry(node: YAMLMap | YAMLSeq): unknown {
  const last: unknown = node.items[node.items.length - 1];
  return isPair(last) ? last.value : last;
}

/** At most one blank line in a row inside a comment, as between entries. */
export function tidyComments(doc: Document): void {
  const tidy = (c: string | null | undefined) =>
    c
      ? c
          .replace(/\n{3,}/g, '\n\n')
          .replace(/^\n{2,}/, '\n')
          .replace(/\n{2,}$/, '\n')
      : c;
  const node = (n: { commentBefore?: string | null; comment?: string | null }) => {
    n.commentBefore = tidy(n.commentBefore) ?? null;
    n.comment = tidy(n.comment) ?? null;
  };
  doc.commentBefore = tidy(doc.commentBefore) ?? null;
  doc.comment = tidy(doc.comment) ?? null;
  visit(doc, { Node: (_key, n) => node(n) });
}
