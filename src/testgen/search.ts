// Finding journeys: conversations, run on the runtime itself (explore.ts), that together walk
// every transition they can.
//
// A journey is greedy: from a start, breadth-first to the nearest turn that walks a transition no
// journey has walked yet, then on from there, until nothing new is near or the turn limit is hit.
// Everything is bounded (states per search, turns per journey, turn runs in all).
import { transitionsOf } from '../graph/transitions.js';
import { conversationStarts, type Scenario } from '../model/scenario.js';
import { transitionId } from '../runtime/index.js';
import type { JsonObject } from '../runtime/types.js';
import type { Feasibility } from '../solve/feasibility.js';
import { DEFAULT_LIMITS, explorer, stateKey, type Node, type SearchLimits } from './explore.js';

export interface Journey {
  /** The nodes from the start turn to the last, in order. */
  nodes: Node[];
  /** Transitions this journey walked first. */
  walkedFirst: string[];
}

export interface SearchOutcome {
  journeys: Journey[];
  covered: Set<string>;
  /** Steps any tried turn entered. */
  reached: Set<string>;
  /** The turn budget ran out before the search was done. */
  exhausted: boolean;
}

export function searchJourneys(
  scenario: Scenario,
  feasibility: Feasibility,
  limits: SearchLimits = DEFAULT_LIMITS,
): SearchOutcome {
  const ex = explorer(scenario, feasibility, limits);
  const covered = new Set<string>();
  /** Feasible transitions not walked yet, in scenario order. */
  const open = new Set<string>();
  const isNew = (id: string) => open.has(id);
  /** Step → how many of its transitions are open; the steps with some are the search's goals. */
  const openFrom = new Map<string, number>();
  /** Bumped when a step leaves openFrom: the only change that moves the distances. */
  let goalsVersion = 0;
  /** Step → the steps with a transition to it. */
  const incoming = new Map<string, string[]>();
  for (const step of scenario.steps.values())
    for (const t of transitionsOf(step)) {
      const id = transitionId(step.key, t.kind, t.index);
      if (!feasibility.infeasible.has(id)) {
        open.add(id);
        openFrom.set(step.key, (openFrom.get(step.key) ?? 0) + 1);
      }
      const list = incoming.get(t.target) ?? [];
      if (!list.includes(step.key)) list.push(step.key);
      incoming.set(t.target, list);
    }

  const walksNew = (n: Node) => n.result.transitions.some((t) => isNew(t.id));

  /**
   * Steps from each step to the nearest step with a transition not walked yet, over the
   * scenario's graph: the search's guide (it ignores conditions, so it only orders the search).
   */
  let guide: { dist: Map<string, number>; version: number } | undefined;
  const distances = (): Map<string, number> => {
    if (guide && guide.version === goalsVersion) return guide.dist;
    const dist = new Map<string, number>();
    const queue: string[] = [];
    for (const from of openFrom.keys()) {
      dist.set(from, 0);
      queue.push(from);
    }
    for (let i = 0; i < queue.length; i++) {
      const key = queue[i] as string;
      const d = dist.get(key) as number;
      for (const from of incoming.get(key) ?? [])
        if (!dist.has(from)) {
          dist.set(from, d + 1);
          queue.push(from);
        }
    }
    guide = { dist, version: goalsVersion };
    return dist;
  };

  /**
   * Best-first from the roots to the nearest node walking something new: nodes closer (in the
   * graph) to an unwalked transition first, then shallower ones, each in the order found.
   */
  const nearest = (roots: Node[], checkRoots: boolean, maxDepth: number): Node | undefined => {
    if (checkRoots) {
      const found = roots.find(walksNew);
      if (found) return found;
    }
    const dist = distances();
    const far = scenario.steps.size + 1;
    const priority = (n: Node) =>
      (n.result.state.at === null ? far : (dist.get(n.result.state.at) ?? far)) * 4 + n.depth;
    const buckets = new Map<number, Node[]>();
    const push = (n: Node) => {
      const p = priority(n);
      const list = buckets.get(p);
      if (list) list.push(n);
      else buckets.set(p, [n]);
    };
    const pop = (): Node | undefined => {
      let best: number | undefined;
      for (const p of buckets.keys()) if (best === undefined || p < best) best = p;
      if (best === undefined) return undefined;
      const list = buckets.get(best) as Node[];
      const n = list.shift();
      if (list.length === 0) buckets.delete(best);
      return n;
    };
    const seen = new Set(roots.map(stateKey));
    for (const r of roots) push(r);
    let visited = 0;
    for (
      let node = pop();
      node && visited < limits.statesPerSearch && !ex.exhausted();
      node = pop()
    ) {
      visited++;
      if (node.depth >= maxDepth || node.result.state.at === null) continue;
      if (!dist.has(node.result.state.at)) continue;
      for (const child of ex.children(node)) {
        if (walksNew(child)) return child;
        const key = stateKey(child);
        if (seen.has(key)) continue;
        seen.add(key);
        push(child);
      }
    }
    return undefined;
  };

  const journeyFrom = (key: string, vars: JsonObject[]): Journey | undefined => {
    const roots = ex.startNodes(key, vars);
    const found = nearest(roots, true, limits.turnsPerJourney);
    if (!found) return undefined;
    let last: Node = found;
    const walkedFirst: string[] = [];
    const mark = (to: Node) => {
      const chain: Node[] = [];
      for (let n: Node | undefined = to; n && !chain.includes(n); n = n.parent) chain.unshift(n);
      for (const n of chain)
        for (const t of n.result.transitions)
          if (isNew(t.id)) {
            covered.add(t.id);
            open.delete(t.id);
            const left = (openFrom.get(t.from) ?? 1) - 1;
            if (left > 0) openFrom.set(t.from, left);
            else {
              openFrom.delete(t.from);
              goalsVersion++;
            }
            walkedFirst.push(t.id);
          }
    };
    mark(last);
    for (;;) {
      const left = limits.turnsPerJourney - last.depth;
      if (left <= 0 || last.result.state.at === null) break;
      const root: Node = { ...last, depth: 0 };
      const next = nearest([root], false, left);
      if (!next) break;
      // Re-root the found path on `last`: its nodes' depths and parents continue the journey.
      const path: Node[] = [];
      for (let n: Node | undefined = next; n && n !== root; n = n.parent) path.unshift(n);
      let parent: Node = last;
      for (const n of path) {
        const copy: Node = { ...n, parent, depth: parent.depth + 1 };
        parent = copy;
      }
      last = parent;
      mark(last);
    }
    const nodes: Node[] = [];
    for (let n: Node | undefined = last; n; n = n.parent) nodes.unshift(n);
    return { nodes, walkedFirst };
  };

  const journeys: Journey[] = [];
  const entries = conversationStarts(scenario);
  const dead = new Set<string>();
  for (;;) {
    if (ex.exhausted() || open.size === 0) break;
    let found: Journey | undefined;
    for (const key of [...entries, ...firstSourcesOf([...open])]) {
      if (dead.has(key)) continue;
      found = journeyFrom(key, ex.startVars);
      if (found) break;
      dead.add(key);
    }
    if (!found) break;
    journeys.push(found);
  }
  return { journeys, covered, reached: ex.reached, exhausted: ex.exhausted() };
}

function firstSourcesOf(ids: readonly string[]): string[] {
  return [...new Set(ids.map((id) => id.slice(0, id.indexOf('#'))))];
}
