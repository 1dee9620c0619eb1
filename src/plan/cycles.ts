// Back edges of a depth-first search, iteratively: the references to set later (creates) or to
// clear first (deletes) so that the rest can be ordered. Deterministic for a given node order.
export function backEdges<T>(
  nodes: readonly T[],
  successors: (node: T) => readonly T[],
): Map<T, Set<T>> {
  const state = new Map<T, 'open' | 'done'>();
  const back = new Map<T, Set<T>>();
  for (const root of nodes) {
    if (state.has(root)) continue;
    const stack: { node: T; next: readonly T[]; i: number }[] = [
      { node: root, next: successors(root), i: 0 },
    ];
    state.set(root, 'open');
    while (stack.length > 0) {
      const frame = stack[stack.length - 1] as (typeof stack)[number];
      if (frame.i < frame.next.length) {
        const target = frame.next[frame.i++] as T;
        const seen = state.get(target);
        if (seen === 'open') {
          const set = back.get(frame.node) ?? new Set<T>();
          set.add(target);
          back.set(frame.node, set);
        } else if (seen === undefined) {
          state.set(target, 'open');
          stack.push({ node: target, next: successors(target), i: 0 });
        }
        continue;
      }
      state.set(frame.node, 'done');
      stack.pop();
    }
  }
  return back;
}
