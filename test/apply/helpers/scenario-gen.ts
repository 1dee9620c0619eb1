// Seeded random scenarios for the reliability suite: a base scenario, and a changed scenario
// made from it by the edits a designer makes — steps added, removed and renamed (declared with
// renamed_from), texts edited, buttons added, removed, reordered, relabelled and retargeted,
// next/branches changed, new steps that point at each other in cycles, and deleted steps that
// did. Valid by construction: the only automatic steps (condition, delay) lead to steps that
// wait for the user (message with a goto button, question) or end (message with end: true), so
// no endless loop or dead end can arise.

import { mulberry32 } from '../../../src/prng.js';

interface GenButton {
  text: string;
  goto?: string;
  url?: string;
}

export type GenStep =
  | {
      type: 'message';
      text: string;
      menu?: GenButton[];
      next?: string;
      end?: true;
      renamed_from?: string[];
    }
  | {
      type: 'question';
      text: string;
      save_as: string;
      menu?: GenButton[];
      next?: string;
      renamed_from?: string[];
    }
  | {
      type: 'condition';
      branches: { if: string; goto: string }[];
      else: string;
      renamed_from?: string[];
    }
  | { type: 'delay'; seconds: number; next: string; renamed_from?: string[] };

export interface GenScenario {
  start: string;
  steps: Record<string, GenStep>;
}

/** Numbers from botform's one seeded PRNG (src/prng.ts), with helpers. */
export function rng(seed: number) {
  const next = mulberry32((seed * 0x9e3779b1) >>> 0);
  const int = (n: number): number => Math.floor(next() * n);
  return {
    next,
    int,
    /** A whole number in [lo, hi]. */
    between: (lo: number, hi: number): number => lo + int(hi - lo + 1),
    chance: (p: number): boolean => next() < p,
    pick<T>(items: readonly T[]): T {
      if (items.length === 0) throw new Error('pick from an empty list');
      return items[int(items.length)] as T;
    },
    shuffle<T>(items: readonly T[]): T[] {
      const out = [...items];
      for (let i = out.length - 1; i > 0; i--) {
        const j = int(i + 1);
        [out[i], out[j]] = [out[j] as T, out[i] as T];
      }
      return out;
    },
  };
}
export type Rng = ReturnType<typeof rng>;

const LABELS = ['Yes', 'No', 'Menu', 'Back', 'Help', 'Order', 'More', 'Cancel', 'Pizza', 'Cart'];
const WORDS = [
  'hello',
  'pizza',
  'today',
  'order',
  'fresh',
  'cheese',
  'basil',
  'oven',
  'napoli',
  'crust',
  'spicy',
  'deal',
];

function sentence(r: Rng): string {
  const words = Array.from({ length: r.between(2, 7) }, () => r.pick(WORDS));
  const text = words.join(' ');
  // Now and then a multi-line text, as designers write with `text: |`.
  return r.chance(0.15) ? `${text}\n${r.pick(WORDS)} ${r.pick(WORDS)}` : text;
}

function buttonsFor(r: Rng, targets: readonly string[], min: number): GenButton[] {
  const count = r.between(min, 4);
  const out: GenButton[] = [];
  for (let i = 0; i < count; i++) {
    // Labels from a small pool, so that relabels collide with existing labels; rarely a duplicate.
    const used = new Set(out.map((b) => b.text));
    const free = LABELS.filter((l) => !used.has(l) || r.chance(0.05));
    const text = r.pick(free.length > 0 ? free : LABELS);
    out.push(
      i >= min && r.chance(0.15)
        ? { text, url: `https://example.com/${r.pick(WORDS)}` }
        : { text, goto: r.pick(targets) },
    );
  }
  return out;
}

/** Fills in the transitions of a step of the given type, pointing at `all` (any) and `calm` keys. */
function makeStep(
  r: Rng,
  type: GenStep['type'],
  all: readonly string[],
  calm: readonly string[],
): GenStep {
  switch (type) {
    case 'message':
      if (r.chance(0.1))
        return {
          type,
          text: sentence(r),
          end: true,
          ...(r.chance(0.5) ? { menu: [{ text: 'Website', url: 'https://example.com' }] } : {}),
        };
      return {
        type,
        text: sentence(r),
        menu: buttonsFor(r, all, 1),
        ...(r.chance(0.3) ? { next: r.pick(all) } : {}),
      };
    case 'question': {
      const menu = r.chance(0.4) ? buttonsFor(r, all, 1) : [];
      return {
        type,
        text: sentence(r),
        save_as: r.pick(['email', 'phone', 'name', 'answer']),
        ...(menu.length > 0 ? { menu } : {}),
        next: r.pick(all),
      };
    }
    case 'condition':
      return {
        type,
        branches: Array.from({ length: r.between(1, 3) }, (_, i) => ({
          if: `cart.total > ${i}`,
          goto: r.pick(calm),
        })),
        else: r.pick(calm),
      };
    case 'delay':
      return { type, seconds: r.between(1, 3600), next: r.pick(calm) };
  }
}

function pickType(r: Rng): GenStep['type'] {
  const x = r.next();
  return x < 0.6 ? 'message' : x < 0.8 ? 'question' : x < 0.9 ? 'condition' : 'delay';
}

export function generateBase(r: Rng, size: number): GenScenario {
  const keys = Array.from({ length: size }, (_, i) => `s${i}`);
  const types = keys.map((_, i) => (i === 0 ? 'message' : pickType(r)));
  const calm = keys.filter((_, i) => types[i] === 'message' || types[i] === 'question');
  const steps: Record<string, GenStep> = {};
  for (const [i, key] of keys.entries())
    steps[key] = makeStep(r, types[i] as GenStep['type'], keys, calm);
  return { start: 's0', steps };
}

/** Every step key a step points at. */
function targetsOf(step: GenStep): string[] {
  switch (step.type) {
    case 'message':
    case 'question':
      return [
        ...(step.menu ?? []).flatMap((b) => (b.goto === undefined ? [] : [b.goto])),
        ...(step.next === undefined ? [] : [step.next]),
      ];
    case 'condition':
      return [...step.branches.map((b) => b.goto), step.else];
    case 'delay':
      return [step.next];
  }
}

/** The same step with every reference passed through `map`. */
function retarget(step: GenStep, map: (key: string, automatic: boolean) => string): GenStep {
  switch (step.type) {
    case 'message':
    case 'question': {
      const out = {
        ...step,
        ...(step.menu
          ? {
              menu: step.menu.map((b) =>
                b.goto === undefined ? { ...b } : { ...b, goto: map(b.goto, false) },
              ),
            }
          : {}),
      };
      if (step.next !== undefined) out.next = map(step.next, false);
      return out;
    }
    case 'condition':
      return {
        ...step,
        branches: step.branches.map((b) => ({ ...b, goto: map(b.goto, true) })),
        else: map(step.else, true),
      };
    case 'delay':
      return { ...step, next: map(step.next, true) };
  }
}

export interface Change {
  target: GenScenario;
  /** Target key → the base key it was (kept under the same key, or renamed). */
  kept: Map<string, string>;
  deleted: string[];
  created: string[];
}

export function changeScenario(r: Rng, base: GenScenario): Change {
  const baseKeys = Object.keys(base.steps);
  // Deletions: a random share, and often a set of steps that point at each other.
  const deleted = new Set(baseKeys.filter((k) => k !== base.start && r.chance(0.2)));
  if (r.chance(0.6)) {
    const from = r.pick(baseKeys);
    const out = targetsOf(base.steps[from] as GenStep);
    const to = out.length > 0 ? r.pick(out) : from;
    if (
      from !== base.start &&
      to !== base.start &&
      targetsOf(base.steps[to] as GenStep).includes(from)
    ) {
      deleted.add(from);
      deleted.add(to);
    }
  }
  const keptBase = baseKeys.filter((k) => !deleted.has(k));
  // Renames: a share of the kept steps gets a new key, declared with renamed_from.
  const newKey = new Map<string, string>(
    keptBase.map((k) => [k, r.chance(0.15) ? `r${k.slice(1)}_${r.int(100)}` : k]),
  );
  const created = Array.from({ length: r.between(0, 8) }, (_, i) => `n${i}`);
  const createdTypes = created.map(() => pickType(r));
  const steps: Record<string, GenStep> = {};
  const kept = new Map<string, string>();
  for (const old of keptBase) kept.set(newKey.get(old) as string, old);

  const finalKeys = [...keptBase.map((k) => newKey.get(k) as string), ...created];
  const finalCalm = [
    ...keptBase
      .filter((k) => ['message', 'question'].includes((base.steps[k] as GenStep).type))
      .map((k) => newKey.get(k) as string),
    ...created.filter((_, i) => createdTypes[i] === 'message' || createdTypes[i] === 'question'),
  ];
  const remap = (key: string, automatic: boolean): string => {
    const mapped = newKey.get(key);
    if (mapped !== undefined) return mapped;
    return r.pick(automatic ? finalCalm : finalKeys); // it pointed at a deleted step
  };

  for (const old of keptBase) {
    const key = newKey.get(old) as string;
    let step = retarget(structuredClone(base.steps[old] as GenStep), remap);
    step = editStep(r, step, finalKeys, finalCalm);
    if (key !== old) step.renamed_from = r.chance(0.2) ? [`gone_${key}`, old] : [old];
    steps[key] = step;
  }
  // New steps point at anything, and often at each other (cycles among created steps).
  created.forEach((key, i) => {
    const pool = r.chance(0.5) ? created : finalKeys;
    const calmPool = finalCalm.filter((k) => pool.includes(k));
    steps[key] = makeStep(
      r,
      createdTypes[i] as GenStep['type'],
      pool,
      calmPool.length > 0 ? calmPool : finalCalm,
    );
  });
  // Some kept steps now lead to new ones.
  for (const key of Object.keys(steps)) {
    if (created.length > 0 && r.chance(0.1))
      steps[key] = retarget(steps[key] as GenStep, (k, automatic) =>
        r.chance(0.5) ? r.pick(automatic ? finalCalm : finalKeys) : k,
      );
  }
  const start = r.chance(0.15) ? r.pick(finalCalm) : (newKey.get(base.start) as string);
  return { target: { start, steps }, kept, deleted: [...deleted], created };
}

function editStep(r: Rng, step: GenStep, all: readonly string[], calm: readonly string[]): GenStep {
  switch (step.type) {
    case 'message':
    case 'question': {
      let out: GenStep = step;
      // A message becomes a question or back (a type change is a PATCH of the same step).
      if (r.chance(0.08) && out.type === 'message' && out.end !== true) {
        const { end: _end, ...rest } = out;
        out = { ...rest, type: 'question', save_as: 'answer', next: out.next ?? r.pick(all) };
      } else if (
        r.chance(0.08) &&
        out.type === 'question' &&
        (out.menu ?? []).some((b) => b.goto !== undefined)
      ) {
        const { save_as: _saveAs, ...rest } = out;
        out = { ...rest, type: 'message' };
      }
      if (r.chance(0.3)) out.text = sentence(r);
      if (out.type === 'message' && out.end === true) return out;
      const menu = [...(out.menu ?? [])];
      if (r.chance(0.2)) menu.push(...buttonsFor(r, all, 1).slice(0, r.between(1, 2)));
      if (menu.length > 1 && r.chance(0.2)) menu.splice(r.int(menu.length), 1);
      let ordered = r.chance(0.2) ? r.shuffle(menu) : menu;
      ordered = ordered.map((b) => {
        if (r.chance(0.1)) return { ...b, text: r.pick(LABELS) };
        if (b.goto !== undefined && r.chance(0.1)) return { ...b, goto: r.pick(all) };
        return b;
      });
      if (out.type === 'message' && !ordered.some((b) => b.goto !== undefined))
        ordered.push({ text: r.pick(LABELS), goto: r.pick(all) });
      if (ordered.length > 0) out.menu = ordered;
      else delete out.menu;
      if (r.chance(0.15)) {
        if (out.type === 'question' || r.chance(0.7)) out.next = r.pick(all);
        else delete out.next;
      }
      return out;
    }
    case 'condition': {
      const branches = r.chance(0.2)
        ? [...step.branches, { if: 'cart.count == 1', goto: r.pick(calm) }]
        : step.branches.map((b) => (r.chance(0.2) ? { ...b, goto: r.pick(calm) } : b));
      return { ...step, branches, else: r.chance(0.2) ? r.pick(calm) : step.else };
    }
    case 'delay':
      return {
        ...step,
        seconds: r.chance(0.3) ? r.between(1, 3600) : step.seconds,
        next: r.chance(0.2) ? r.pick(calm) : step.next,
      };
  }
}
