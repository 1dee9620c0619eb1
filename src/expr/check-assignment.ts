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
export function findMaybeUnset(
  scenario: Scenario,
  reads: ReadonlyMap<string, ReadonlySet<string>>,
): Unset[] {
  const names = [...new Set([...reads.values()].flatMap((s) => [...s]))].sort();
  if (names.length === 0) return [];
  const index = new Map(names.map((n, i) => [n, i]));
  const words = Math.ceil(names.length / 32);
  const keys = [...scenario.steps.keys()];
  const position = new Map(keys.map((k, i) => [k, i]));
  // Bitsets, `words` 32-bit words per step, in one flat array each.
  const gen = new Uint32Array(keys.length * words);
  const edges: { to: number; saves: boolean }[][] = [];
  let i = 0;
  for (const step of scenario.steps.values()) {
    for (const name of savedBy(step).keys()) {
      const bit = index.get(name);
      if (bit !== undefined)
        gen[i * words + (bit >>> 5)] = (gen[i * words + (bit >>> 5)] as number) | (1 << (bit & 31));
    }
    const out: { to: number; saves: boolean }[] = [];
    for (const t of transitionsOf(step)) {
      const to = position.get(t.target);
      if (to !== undefined) out.push({ to, saves: savesOn(t) });
    }
    edges.push(out);
    i++;
  }
  const has = (sets: Uint32Array, at: number, bit: number): boolean =>
    (((sets[at * words + (bit >>> 5)] as number) >>> (bit & 31)) & 1) === 1;
  // IN[s]: variables surely set on entry. Entries start empty; the rest start full (not yet known).
  const into = new Uint32Array(keys.length * words).fill(0xffffffff);
  const entries = [scenario.start, ...scenario.entries].flatMap((e) =>
    e && position.has(e.key) ? [position.get(e.key) as number] : [],
  );
  for (const e of entries) into.fill(0, e * words, (e + 1) * words);
  const queue = [...entries];
  const queued = new Uint8Array(keys.length);
  for (const e of entries) queued[e] = 1;
  for (let head = 0; head < queue.length; head++) {
    const from = queue[head] as number;
    queued[from] = 0;
    for (const edge of edges[from] as { to: number; saves: boolean }[]) {
      let changed = false;
      for (let w = 0; w < words; w++) {
        const out =
          ((into[from * words + w] as number) |
            (edge.saves ? (gen[from * words + w] as number) : 0)) >>>
          0;
        const before = into[edge.to * words + w] as number;
        const next = (before & out) >>> 0;
        if (next !== before) {
          into[edge.to * words + w] = next;
          changed = true;
        }
      }
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
      if (has(into, at, bit)) continue;
      const path = pathWithout(entries, edges, (step) => has(gen, step, bit), at, keys);
      if (path) found.push({ step: key, name, path });
    }
  }
  return found;
}

/** Breadth-first from the entries to `target` over edges that do not save the variable. */
function pathWithout(
  entries: number[],
  edges: { to: number; saves: boolean }[][],
  savesBit: (step: number) => boolean,
  target: number,
  keys: string[],
): string[] | undefined {
  const previous = new Int32Array(keys.length).fill(-2);
  const queue: number[] = [];
  for (const e of entries) {
    if (previous[e] === -2) {
      previous[e] = -1;
      queue.push(e);
    }
  }
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
