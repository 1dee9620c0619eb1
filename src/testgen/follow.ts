// Following a path of the graph with a real conversation: the inputs and fixtures under which
// the runtime, started at the start or an entry, arrives at the path's first step (any way, or
// by the transition kind asked) and then walks its transitions in order. A path chosen over the
// graph ignores what its conditions ask of earlier answers; running the runtime on each try
// decides them (a branch on an answer given three steps before is taken only when that answer
// was given). Best-first: conversations that have walked more of the path are tried first, then
// shallower ones; a conversation that leaves the path looks for its first step again.
import type { TransitionKind } from '../graph/transitions.js';
import { stateKey, type Explorer, type Node } from './explore.js';

export type Followed =
  | { ok: true; nodes: Node[] }
  /** `exhausted`: the search stopped at its bound; otherwise every input it tries was tried. */
  | { ok: false; exhausted: boolean; tried: number };

/** Conversations looked at, at most, for one path. */
const MAX_STATES = 4000;

/** Turns run, at most, for one path: one hard path leaves the explorer's budget to the others. */
const MAX_TURNS = 20_000;

export interface PathToFollow {
  /** Where conversations start: the scenario's start and entries. */
  entries: readonly string[];
  /** The path's first step, and the kind of transition it must be entered by (if any). */
  from: string;
  via?: TransitionKind;
  /** The path's transitions, in order. */
  ids: readonly string[];
}

export function followPath(
  ex: Explorer,
  path: PathToFollow,
  maxStates = MAX_STATES,
  maxTurns = MAX_TURNS,
): Followed {
  const firstTurn = ex.turnsRun();
  const { ids, from, via } = path;
  const enters = (t: { to: string; kind: TransitionKind }) =>
    t.to === from && (via === undefined || t.kind === via);
  /** How far along the path a conversation at `matched` is after this turn (-1: not on it). */
  const advance = (matched: number, node: Node, root: boolean): number => {
    let m = root && node.start === from && via === undefined ? 0 : matched;
    for (const t of node.result.transitions) {
      if (m >= ids.length) break;
      if (m >= 0 && t.id === ids[m]) m++;
      else m = enters(t) ? 0 : -1;
    }
    return m;
  };
  // One queue per count of transitions matched (and one for "not on the path yet"), the most first.
  const queues: Node[][] = [...ids.map(() => []), []];
  const queueOf = (matched: number) => queues[matched < 0 ? ids.length : matched] as Node[];
  const progress = new Map<Node, number>();
  const seen = new Set<string>();
  let tried = 0;
  const offer = (node: Node, matched: number): Node | undefined => {
    tried++;
    if (matched === ids.length) return node;
    const key = `${matched}|${stateKey(node)}`;
    if (seen.has(key)) return undefined;
    seen.add(key);
    progress.set(node, matched);
    queueOf(matched).push(node);
    return undefined;
  };
  const chain = (last: Node): Node[] => {
    const nodes: Node[] = [];
    for (let n: Node | undefined = last; n; n = n.parent) nodes.unshift(n);
    return nodes;
  };
  for (const entry of path.entries)
    for (const root of ex.startNodes(entry, ex.startVars, ex.startCarts)) {
      const done = offer(root, advance(-1, root, true));
      if (done) return { ok: true, nodes: chain(done) };
    }
  let visited = 0;
  for (;;) {
    if (ex.exhausted() || visited >= maxStates || ex.turnsRun() - firstTurn >= maxTurns)
      return { ok: false, exhausted: true, tried };
    let at = ids.length - 1;
    while (at >= 0 && (queues[at] as Node[]).length === 0) at--;
    const queue = at >= 0 ? (queues[at] as Node[]) : (queues[ids.length] as Node[]);
    const node = queue.shift();
    if (!node) return { ok: false, exhausted: false, tried };
    visited++;
    if (node.result.state.at === null) continue;
    const matched = progress.get(node) ?? -1;
    for (const child of ex.children(node)) {
      const done = offer(child, advance(matched, child, false));
      if (done) return { ok: true, nodes: chain(done) };
    }
  }
}
