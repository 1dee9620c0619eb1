// Definite assignment over the scenario graph: a variable read in a step must be saved on every
// path from the start (or an entry point) to that step. A step saves its variables when it
// completes normally: on its `next`, not on buttons (the user skipped the answer) or on_error.
// A forward "must" data-flow analysis over bitsets, then one example path per warning.
import type { Scenario } from '../model/scenario.js';
import { transitionsOf, type Transition } from '../graph/transitions.js';
import { savedBy } from './variables.js';

export interface Unset {
  step: string;
  name: string;
  /** One path from an entry along which `name` is never saved, ending at `step`. */
  path: string[];
}

const savesOn = (t: Transition): boolean => t.kind === 'next';

/**
 * For each (step, variable) pair read, whether some path reaches the step without saving the
 * variable. `reads` maps step keys to the scenario variables they read (not built-ins).
 */
export function findMaybeUnset(scenario: Scenario, reads: ReadonlyMap<string, ReadonlySet<string>>): Unset[] {
  const names = [...new Set([...reads.values()].flatMap((s) => [...s]))].sort();
  if (names.length === 0) return [];
  const index = new Map(names.map((n, i) => [n, i]));
  const words = Math.ceil(names.length / 32);
  const keys = [...scenario.steps.keys()];
  const position = new Map(keys.map((k, i) => [k, i]));
  const edges: { to: number; saves: boolean }[][] = keys.map(() => []);
  const gen: Uint32Array[] = keys.map(() => new Uint32Array(words));
  keys.forEach((key, i) => {
    const step = scenario.steps.get(key);
    if (!step) return;
    for (const name of savedBy(step).keys()) {
      const bit = index.get(name);
      if (bit !== undefined) (gen[i] as Uint32Array)[bit >>> 5] = ((gen[i] as Uint32Array)[bit >>> 5] as number) | (1 << (bit & 31));
    }
    for (const t of transitionsOf(step)) {
      const to = position.get(t.target);
      if (to !== undefined) (edges[i] as { to: number; saves: boolean }[]).push({ to, saves: savesOn(t) });
    }
  });
  // IN[s]: variables surely set on entry. Entries start empty; the rest start full (unknown yet).
  const full = 0xffffffff;
  const into: Uint32Array[] = keys.map(() => new Uint32Array(words).fill(full));
  const entries = [scenario.start, ...scenario.entries].flatMap((e) => (e && position.has(e.key) ? [position.get(e.key) as number] : []));
  for (const e of entries) (into[e] as Uint32Array).fill(0);
  const queue = [...entries];
  const queued = new Uint8Array(keys.length);
  for (const e of entries) queued[e] = 1;
  const out = new Uint32Array(words);
  for (let head = 0; head < queue.length; head++) {
    const from = queue[head] as number;
    queued[from] = 0;
    for (const edge of edges[from] as { to: number; saves: boolean }[]) {
      for (let w = 0; w < words; w++) out[w] = ((into[from] as Uint32Array)[w] as number) | (edge.saves ? ((gen[from] as Uint32Array)[w] as number) : 0);
      const target = into[edge.to] as Uint32Array;
      let changed = false;
      for (let w = 0; w < words; w++) {
        const next = ((target[w] as number) & (out[w] as number)) >>> 0;
        if (next !== target[w]) {
          target[w] = next;
          changed = true;
        }
      }
      // An entry keeps its empty set; others shrink until nothing changes.
      if (changed && !queued[edge.to]) {
        queued[edge.to] = 1;
        queue.push(edge.to);
      }
    }
  }
  const found: Unset[] = [];
  for (const [key, readNames] of reads) {
    const at = position.get(key);
    if (at === undefined) continue;
    for (const name of [...readNames].sort()) {
      const bit = index.get(name) as number;
      if ((((into[at] as Uint32Array)[bit >>> 5] as number) & (1 << (bit & 31))) !== 0) continue;
      const path = pathWithout(entries, edges, gen, at, bit, keys);
      if (path) found.push({ step: key, name, path });
    }
  }
  return found;
}

/** Breadth-first from the entries to `target` over edges that do not save the variable. */
function pathWithout(entries: number[], edges: { to: number; saves: boolean }[][], gen: Uint32Array[], target: number, bit: number, keys: string[]): string[] | undefined {
  const previous = new Int32Array(keys.length).fill(-2);
  const queue: number[] = [];
  for (const e of entries) {
    if (previous[e] === -2) {
      previous[e] = -1;
      queue.push(e);
    }
  }
  const savesBit = (i: number): boolean => (((gen[i] as Uint32Array)[bit >>> 5] as number) & (1 << (bit & 31))) !== 0;
  for (let head = 0; head < queue.length; head++) {
    const from = queue[head] as number;
    if (from === target) {
      const path: string[] = [];
      for (let at = target; at >= 0; at = previous[at] as number) path.unshift(keys[at] as string);
      return path;
    }
    for (const edge of edges[from] as { to: number; saves: boolean }[]) {
      if (edge.saves && savesBit(from)) continue;
      if (previous[edge.to] === -2) {
        previous[edge.to] = from;
        queue.push(edge.to);
      }
    }
  }
  return undefined;
}
