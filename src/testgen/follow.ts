// Following a path of the graph with a real conversation: the inputs and fixtures under which
// the runtime walks given transitions in order. A path chosen over the graph ignores what its
// conditions ask of earlier answers; running the runtime on each try decides them (a branch on
// an answer given three steps before is taken only when that answer was given). Best-first:
// conversations that have walked more of the path are tried first, then shallower ones.
import { stateKey, type Explorer, type Node } from './explore.js';

export type Followed =
  | { ok: true; nodes: Node[] }
  /** `exhausted`: the search stopped at its bound; otherwise every input it tries was tried. */
  | { ok: false; exhausted: boolean; tried: number };

/** Conversations looked at, at most, for one path. */
const MAX_STATES = 4000;

/** Turns run, at most, for one path: one hard path leaves the explorer's budget to the others. */
const MAX_TURNS = 20_000;

export function followPath(
  ex: Explorer,
  start: string,
  ids: readonly string[],
  maxStates = MAX_STATES,
  maxTurns = MAX_TURNS,
): Followed {
  const firstTurn = ex.turnsRun();
  /** How far along `ids` a turn's transitions take a conversation at `matched`; -1 off the path. */
  const advance = (matched: number, node: Node): number => {
    let m = matched;
    for (const t of node.result.transitions) {
      if (m >= ids.length) break;
      if (t.id !== ids[m]) return -1;
      m++;
    }
    return m;
  };
  // One queue per count of transitions matched: the one with the most goes first.
  const queues: Node[][] = ids.map(() => []);
  const seen = new Set<string>();
  let tried = 0;
  const offer = (node: Node, matched: number): Node | undefined => {
    tried++;
    if (matched < 0) return undefined;
    if (matched === ids.length) return node;
    const key = `${matched}|${stateKey(node)}`;
    if (seen.has(key)) return undefined;
    seen.add(key);
    (queues[matched] as Node[]).push(node);
    return undefined;
  };
  const chain = (last: Node): Node[] => {
    const nodes: Node[] = [];
    for (let n: Node | undefined = last; n; n = n.parent) nodes.unshift(n);
    return nodes;
  };
  for (const root of ex.startNodes(start, ex.startVars, ex.startCarts)) {
    const done = offer(root, advance(0, root));
    if (done) return { ok: true, nodes: chain(done) };
  }
  let visited = 0;
  for (;;) {
    if (ex.exhausted() || visited >= maxStates || ex.turnsRun() - firstTurn >= maxTurns)
      return { ok: false, exhausted: true, tried };
    let matched = queues.length - 1;
    while (matched >= 0 && (queues[matched] as Node[]).length === 0) matched--;
    if (matched < 0) return { ok: false, exhausted: false, tried };
    const node = (queues[matched] as Node[]).shift() as Node;
    visited++;
    if (node.result.state.at === null) continue;
    for (const child of ex.children(node)) {
      const done = offer(child, advance(matched, child));
      if (done) return { ok: true, nodes: chain(done) };
    }
  }
}
