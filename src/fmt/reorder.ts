// Puts keys in their canonical order (key-order.ts) and keeps each comment with the key it
// belongs to. yaml attaches a comment written above a key to that key, except above the first
// key of a nested mapping, where it lands on the mapping itself; that one is handed to the first
// key before sorting, so that it moves with it. Two comments stay where they are: the file's
// header (the modeline and whatever precedes the first top-level key) and a comment on the line
// of a step's own key (`welcome: # the greeting`), which is about the step. In a list item, a
// comment above the key that becomes first goes above the item (`- text:` is that key's line).
import { isMap, isNode, isScalar, isSeq, type Pair, type YAMLMap } from 'yaml';
import { ITEM_ORDERS, stepKeyOrder, TOP_LEVEL_ORDER } from './key-order.js';

export function reorderKeys(root: unknown, source: string): void {
  if (!isMap(root)) return;
  keepHeaderOnTop(root);
  sortPairs(root, TOP_LEVEL_ORDER);
  const steps = root.get('steps', true);
  if (!isMap(steps)) return;
  for (const pair of steps.items) {
    const step = pair.value;
    if (!isMap(step)) continue;
    handFirstCommentToFirstKey(step, pair, source);
    sortPairs(step, stepKeyOrder(step.get('type')));
    for (const [listKey, order] of Object.entries(ITEM_ORDERS)) {
      const list = step.get(listKey, true);
      if (!isSeq(list)) continue;
      for (const item of list.items) if (isMap(item)) sortPairs(item, order, { inList: true });
    }
  }
}

/** A stable sort: listed keys by their place in `order`, then the others as they were. */
function sortPairs(map: YAMLMap, order: readonly string[], { inList = false } = {}): void {
  const ranked = map.items.map((pair, index) => {
    const name =
      isScalar(pair.key) && typeof pair.key.value === 'string' ? pair.key.value : undefined;
    const known = name === undefined ? -1 : order.indexOf(name);
    return { pair, rank: known >= 0 ? known : order.length + index };
  });
  ranked.sort((a, b) => a.rank - b.rank);
  if (ranked.every((entry, i) => entry.pair === map.items[i])) return;
  map.items = ranked.map((entry) => entry.pair);
  // A blank line that separated a key from the one before it does not belong at the top.
  const first = map.items[0]?.key;
  if (!isNode(first)) return;
  first.spaceBefore = false;
  // In a list item, a comment above the first key would land after the dash: put it above the item.
  if (inList && first.commentBefore) {
    map.commentBefore = joinComments(map.commentBefore, first.commentBefore);
    first.commentBefore = null;
  }
}

function keepHeaderOnTop(root: YAMLMap): void {
  const first = root.items[0]?.key;
  if (!isNode(first) || !first.commentBefore) return;
  root.commentBefore = joinComments(root.commentBefore, first.commentBefore);
  first.commentBefore = null;
}

function handFirstCommentToFirstKey(map: YAMLMap, parent: Pair, source: string): void {
  const firstKey = map.items[0]?.key;
  if (map.flow || !map.commentBefore || !isNode(firstKey)) return;
  const lines = map.commentBefore.split('\n');
  const stays =
    isScalar(parent.key) && commentOnKeyLine(parent.key.range, source) ? lines.splice(0, 1) : [];
  if (lines.length === 0) return;
  map.commentBefore = stays.length > 0 ? stays.join('\n') : null;
  firstKey.commentBefore = joinComments(lines.join('\n'), firstKey.commentBefore);
}

/** Whether the source line of a mapping key has a comment after the key (`key: # note`). */
function commentOnKeyLine(range: readonly number[] | null | undefined, source: string): boolean {
  const end = range?.[1];
  if (end === undefined) return false;
  const eol = source.indexOf('\n', end);
  return source.slice(end, eol < 0 ? undefined : eol).includes('#');
}

function joinComments(a: string | null | undefined, b: string | null | undefined): string | null {
  if (a && b) return `${a}\n${b}`;
  return a || b || null;
}
