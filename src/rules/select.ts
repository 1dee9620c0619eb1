// Selectors of team rules: a step key, a glob of keys, `{type}`, `{file}`, `{transition}`,
// `{where: CEL}`, or a list of these (any of them). Compiled once against the scenario, so a
// `{transition: on_error}` is a set of targets and a glob a regular expression.
import { compileExpression, evaluateCondition, type CompiledExpression } from '../expr/index.js';
import { transitionsOf } from '../graph/transitions.js';
import type { Scenario, Step } from '../model/scenario.js';
import { STEP_TYPES, type TransitionKind } from '../steps/index.js';
import type { StepSelector } from './types.js';
import { stepAsValue } from './step-value.js';
import { globMatcher } from './glob.js';

/** A problem with a selector, at a path under the selector's own path. */
export interface SelectorProblem {
  path: (string | number)[];
  message: string;
}

type Spec = string | Record<string, unknown> | (string | Record<string, unknown>)[];

/** Compiles `spec`; unknown step keys and types are problems (with did-you-mean from the caller). */
export function compileSelector(
  spec: Spec,
  scenario: Scenario,
  problems: SelectorProblem[],
  at: (string | number)[] = [],
): StepSelector {
  if (Array.isArray(spec)) {
    const parts = spec.map((s, i) => compileSelector(s, scenario, problems, [...at, i]));
    return {
      matches: (step) => parts.some((p) => p.matches(step)),
      describe: parts.map((p) => p.describe).join(' or '),
    };
  }
  if (typeof spec === 'string') return keySelector(spec, scenario, problems, at);
  const parts: StepSelector[] = [];
  for (const [field, value] of Object.entries(spec)) {
    const here = [...at, field];
    if (typeof value !== 'string') continue;
    if (field === 'key') parts.push(keySelector(value, scenario, problems, here));
    else if (field === 'type') {
      if (!(STEP_TYPES as readonly string[]).includes(value))
        problems.push({
          path: here,
          message: `"${value}" is not a step type (${STEP_TYPES.join(', ')}).`,
        });
      parts.push({ matches: (s) => s.type === value, describe: `steps of type ${value}` });
    } else if (field === 'file') {
      const match = globMatcher(value);
      parts.push({ matches: (s) => match(s.origin.file), describe: `steps in ${value}` });
    } else if (field === 'transition') {
      const targets = entered(scenario, value as TransitionKind);
      parts.push({
        matches: (s) => targets.has(s.key),
        describe: `steps entered by ${value}`,
        enteredBy: value as TransitionKind,
      });
    } else if (field === 'where') {
      const compiled = compileExpression(value);
      if (!compiled.ok) {
        problems.push({ path: here, message: `where: ${compiled.error.message}.` });
        continue;
      }
      parts.push(whereSelector(compiled.value, scenario, problems, here));
    }
  }
  const enteredBy = parts.find((p) => p.enteredBy !== undefined)?.enteredBy;
  return {
    matches: (step) => parts.every((p) => p.matches(step)),
    describe: parts.map((p) => p.describe).join(' and '),
    ...(enteredBy !== undefined ? { enteredBy } : {}),
  };
}

function keySelector(
  pattern: string,
  scenario: Scenario,
  problems: SelectorProblem[],
  at: (string | number)[],
): StepSelector {
  if (!/[*?]/.test(pattern)) {
    if (!scenario.steps.has(pattern))
      problems.push({ path: at, message: `No step "${pattern}" in the scenario.` });
    return { matches: (s) => s.key === pattern, describe: `"${pattern}"` };
  }
  const match = globMatcher(pattern);
  return { matches: (s) => match(s.key), describe: `steps ${pattern}` };
}

function entered(scenario: Scenario, kind: TransitionKind): Set<string> {
  const targets = new Set<string>();
  for (const step of scenario.steps.values())
    for (const t of transitionsOf(step)) if (t.kind === kind) targets.add(t.target);
  return targets;
}

/**
 * `where:` over every step at once, when the rule is compiled: an evaluation error is said once,
 * at the selector, and that step is not selected.
 */
function whereSelector(
  expression: CompiledExpression,
  scenario: Scenario,
  problems: SelectorProblem[],
  at: (string | number)[],
): StepSelector {
  const selected = new Set<string>();
  let said = false;
  for (const step of scenario.steps.values()) {
    const result = evaluateCondition(expression, { step: stepAsValue(step) });
    if (result.ok) {
      if (result.value) selected.add(step.key);
    } else if (!said) {
      problems.push({ path: at, message: `where: ${result.error.message} (step "${step.key}").` });
      said = true;
    }
  }
  return {
    matches: (s: Step) => selected.has(s.key),
    describe: `steps where ${expression.source}`,
  };
}
