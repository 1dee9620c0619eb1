// Reachability, dead ends and endless automatic loops: the checks that need the whole graph.
import type { Diagnostic } from '../../diagnostics/types.js';
import type { GraphContext } from '../context.js';
import { cycleThrough, stronglyConnected } from '../traverse.js';
import { cutOffs } from './cut-off.js';

export function checkUnreachable(ctx: GraphContext): Diagnostic[] {
  // Without a valid start, everything would be unreachable: that is one problem, already reported.
  const found = cutOffs(ctx);
  if (!found) return [];
  const out: Diagnostic[] = [];
  for (const [key, step] of ctx.scenario.steps) {
    // Steps a typo cuts off are named in that typo's dangling-transition diagnostic.
    if (found.reached.has(key) || found.attributed.has(key)) continue;
    out.push(
      ctx.report(
        'unreachable-step',
        `Step "${key}" cannot be reached from the start step or any entry point.`,
        step.origin.file,
        step.origin.path,
        'key',
        {
          hint: 'Link to it from another step, list it under `entries:`, or remove it.',
        },
      ),
    );
  }
  return out;
}

export function checkDeadEnds(ctx: GraphContext): Diagnostic[] {
  const out: Diagnostic[] = [];
  for (const [key, step] of ctx.scenario.steps) {
    if (step.end || ctx.unchecked.has(key)) continue;
    const leads = (ctx.transitions.get(key) ?? []).length > 0;
    if (leads) continue;
    out.push(
      ctx.report(
        'dead-end',
        `Step "${key}" leads nowhere: it has no next step, no buttons to other steps, and is not marked \`end: true\`.`,
        step.origin.file,
        step.origin.path,
        'key',
        {
          hint: 'Add `next:` or a button, or mark the step `end: true` if the conversation is meant to stop here.',
        },
      ),
    );
  }
  return out;
}

export function checkEndlessLoops(ctx: GraphContext): Diagnostic[] {
  const out: Diagnostic[] = [];
  const order = new Map([...ctx.scenario.steps.keys()].map((key, i) => [key, i]));
  for (const component of stronglyConnected(ctx.automatic)) {
    const only = component[0];
    if (only === undefined) continue;
    if (component.length === 1 && !(ctx.automatic.successors(only) ?? []).includes(only)) continue;
    // Report once, at the step written first, with the loop spelled out.
    const first = [...component].sort(
      (a, b) => (order.get(a) ?? 0) - (order.get(b) ?? 0),
    )[0] as string;
    const cycle = cycleThrough(ctx.automatic, first, new Set(component));
    const step = ctx.scenario.steps.get(first);
    if (!step) continue;
    const loop = [...cycle, first].map((k) => `"${k}"`).join(' → ');
    out.push(
      ctx.report(
        'endless-loop',
        `Endless loop: ${loop}. None of these steps waits for the user, so the bot would message them forever.`,
        step.origin.file,
        step.origin.path,
        'key',
        {
          hint: 'Break the loop with a step that waits for the user (buttons, a question) or send one transition elsewhere.',
        },
      ),
    );
  }
  return out;
}
