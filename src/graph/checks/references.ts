// Start, entry points and transitions must name steps that exist.
import { didYouMean } from '../../diagnostics/suggest.js';
import type { Diagnostic } from '../../diagnostics/types.js';
import type { TransitionKind } from '../../steps/index.js';
import type { GraphContext } from '../context.js';
import { cutOffs, cutOffSentence } from './cut-off.js';

// A Record over every kind, so a kind the registry adds is a compile error here until named.
const KIND_WORDS: Readonly<Record<TransitionKind, string>> = {
  next: '`next`',
  button: 'Button',
  branch: 'Branch',
  else: '`else`',
  variant: 'Variant',
  on_error: '`on_error`',
  no_operator: '`no_operator`',
};

export function checkStart(ctx: GraphContext): Diagnostic[] {
  const out: Diagnostic[] = [];
  const { start, entries } = ctx.scenario;
  if (!start) {
    const first = ctx.scenario.steps.values().next().value;
    const file = first?.origin.file ?? '.';
    out.push(
      ctx.report(
        'missing-start',
        'No file sets the start step of the scenario.',
        file,
        [],
        'value',
        {
          hint: 'Add `start: <step key>` at the top of one scenario file.',
        },
      ),
    );
  } else if (!ctx.knownKeys.has(start.key)) {
    const suggestion = didYouMean(start.key, ctx.knownKeys);
    out.push(
      ctx.report(
        'unknown-start',
        `The start step "${start.key}" does not exist.${suggestion ? ` ${suggestion}` : ''}`,
        start.origin.file,
        start.origin.path,
      ),
    );
  }
  for (const entry of entries) {
    if (ctx.knownKeys.has(entry.key)) continue;
    const suggestion = didYouMean(entry.key, ctx.knownKeys);
    out.push(
      ctx.report(
        'unknown-start',
        `The entry point "${entry.key}" does not exist.${suggestion ? ` ${suggestion}` : ''}`,
        entry.origin.file,
        entry.origin.path,
      ),
    );
  }
  return out;
}

export function checkDanglingTransitions(ctx: GraphContext): Diagnostic[] {
  const out: Diagnostic[] = [];
  const cut = cutOffs(ctx)?.byTransition;
  for (const [key, list] of ctx.transitions) {
    const step = ctx.scenario.steps.get(key);
    if (!step) continue;
    for (const t of list) {
      if (ctx.knownKeys.has(t.target)) continue;
      const suggestion = didYouMean(t.target, ctx.knownKeys);
      const what =
        t.index !== undefined ? `${KIND_WORDS[t.kind]} ${t.index + 1}` : KIND_WORDS[t.kind];
      out.push(
        ctx.report(
          'dangling-transition',
          `${what} of step "${key}" goes to "${t.target}", which does not exist.${suggestion ? ` ${suggestion}` : ''}${cutOffSentence(cut?.get(t) ?? [])}`,
          step.origin.file,
          t.path,
          'value',
          suggestion
            ? {}
            : { hint: 'Define the step, or point the transition at an existing one.' },
        ),
      );
    }
  }
  return out;
}
