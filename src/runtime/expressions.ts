// The runtime's one door to the expression language (src/expr, CEL): conditions
// (`branches[].if`) and templates (`{{ ... }}` in texts and labels) are evaluated here and
// nowhere else. Compiled expressions and templates are memoised by source text (a pure cache:
// the same text always compiles the same), so a conversation compiles each text once.
import {
  compileExpression,
  evaluateCondition,
  parseTemplate,
  renderTemplate as renderCompiled,
  type CompiledExpression,
  type CompiledTemplate,
  type EvaluationBudget,
  type Result,
} from '../expr/index.js';
import type { JsonObject } from './types.js';

const MAX_CACHED = 10_000;
const conditions = new Map<string, Result<CompiledExpression>>();
const templates = new Map<string, Result<CompiledTemplate>>();

function memo<T>(cache: Map<string, T>, source: string, make: (s: string) => T): T {
  let found = cache.get(source);
  if (found === undefined) {
    found = make(source);
    if (cache.size >= MAX_CACHED) cache.clear();
    cache.set(source, found);
  }
  return found;
}

/**
 * Set on a problem when the evaluation budget stopped the expression: `detail` is the verb
 * phrase ("took too long (…)", "built a text longer than …") for the turn's error.
 */
export interface BudgetStop {
  detail: string;
}

/**
 * Whether a condition holds. Not a boolean, or a missing variable, is an error, not "false".
 * `budget` is the turn's: all expressions of one turn share it.
 */
export function testCondition(
  source: string,
  scope: JsonObject,
  budget?: EvaluationBudget,
): { ok: true; value: boolean } | { ok: false; message: string; budget?: BudgetStop } {
  const compiled = memo(conditions, source, compileExpression);
  if (!compiled.ok) return { ok: false, message: compiled.error.message };
  const result = evaluateCondition(compiled.value, scope, budget);
  if (result.ok) return result;
  const stop = result.error.budget;
  return stop
    ? { ok: false, message: result.error.message, budget: { detail: stop.detail } }
    : { ok: false, message: result.error.message };
}

export interface RenderedTemplate {
  text: string;
  problems: { expression: string; message: string; budget?: BudgetStop }[];
}

/**
 * Fills `{{ expression }}` parts. A missing variable renders as nothing (and is reported); a
 * template that does not compile or fails to evaluate is sent as written (and reported).
 */
export function renderTemplate(
  text: string,
  scope: JsonObject,
  budget?: EvaluationBudget,
): RenderedTemplate {
  const compiled = memo(templates, text, parseTemplate);
  if (!compiled.ok)
    return {
      text,
      problems: [
        {
          expression: text.slice(compiled.error.start, compiled.error.end) || text,
          message: compiled.error.message,
        },
      ],
    };
  const rendered = renderCompiled(compiled.value, scope, budget);
  if (!rendered.ok) {
    const stop = rendered.error.budget;
    return {
      text,
      problems: [
        {
          expression: text.slice(rendered.error.start, rendered.error.end) || text,
          message: rendered.error.message,
          ...(stop ? { budget: { detail: stop.detail } } : {}),
        },
      ],
    };
  }
  return {
    text: rendered.value.text,
    problems: rendered.value.missing.map((m) => ({
      expression: text.slice(m.start, m.end),
      message: m.message,
    })),
  };
}
