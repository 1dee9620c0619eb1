// Steps a typo in a transition cuts off: unreachable now, reachable if the dangling transition
// went to the step its "did you mean" names. The dangling-transition diagnostic names them, and
// the unreachable-step check does not report them again — one typo, one problem. The same for a
// misspelt transition field (`nxt: b`, an unknown-field error): the steps it would lead to are
// not reported as unreachable on top of it.
import { closestMatch } from '../../diagnostics/suggest.js';
import { STEP_KEY_FIELDS } from '../../steps/roles.js';
import type { GraphContext } from '../context.js';
import type { Transition } from '../transitions.js';
import { reachableFrom } from '../traverse.js';

export interface CutOffs {
  /** Steps reachable from the start or an entry point, as written. */
  reached: ReadonlySet<string>;
  /** Per dangling transition, the steps only it cuts off, in scenario order. */
  byTransition: ReadonlyMap<Transition, string[]>;
  /** All steps attributed to some dangling transition. */
  attributed: ReadonlySet<string>;
}

const cache = new WeakMap<GraphContext, CutOffs | undefined>();

/** Undefined when there is no valid start (then nothing is reported as unreachable at all). */
export function cutOffs(ctx: GraphContext): CutOffs | undefined {
  if (cache.has(ctx)) return cache.get(ctx);
  const { start, entries } = ctx.scenario;
  let result: CutOffs | undefined;
  if (start && ctx.scenario.steps.has(start.key)) {
    const reached = reachableFrom(ctx.successors, [start.key, ...entries.map((e) => e.key)]);
    const byTransition = new Map<Transition, string[]>();
    const attributed = new Set<string>();
    const order = [...ctx.scenario.steps.keys()];
    for (const [key, list] of ctx.transitions) {
      if (!reached.has(key)) continue;
      for (const t of list) {
        if (ctx.knownKeys.has(t.target)) continue;
        const meant = closestMatch(t.target, ctx.knownKeys);
        if (meant === undefined || !ctx.scenario.steps.has(meant)) continue;
        const restored = reachableFrom(ctx.successors, [meant]);
        const only = order.filter((k) => restored.has(k) && !reached.has(k) && !attributed.has(k));
        if (only.length === 0) continue;
        for (const k of only) attributed.add(k);
        byTransition.set(t, only);
      }
    }
    for (const key of ctx.unchecked) {
      const step = ctx.scenario.steps.get(key);
      if (!step || !reached.has(key)) continue;
      for (const [field, value] of Object.entries(step.fields)) {
        if (STEP_KEY_FIELDS.includes(field) || closestMatch(field, STEP_KEY_FIELDS) === undefined)
          continue;
        if (typeof value !== 'string' || !ctx.scenario.steps.has(value)) continue;
        const restored = reachableFrom(ctx.successors, [value]);
        for (const k of order) if (restored.has(k) && !reached.has(k)) attributed.add(k);
      }
    }
    result = { reached, byTransition, attributed };
  }
  cache.set(ctx, result);
  return result;
}

/** " Because of it, 2 steps cannot be reached: "a", "b"." (at most 10 named). */
export function cutOffSentence(steps: readonly string[]): string {
  if (steps.length === 0) return '';
  const shown = steps
    .slice(0, 10)
    .map((k) => `"${k}"`)
    .join(', ');
  const more = steps.length > 10 ? ` and ${steps.length - 10} more` : '';
  const what =
    steps.length === 1 ? '1 step cannot be reached' : `${steps.length} steps cannot be reached`;
  return ` Until it is fixed, ${what}: ${shown}${more}.`;
}
