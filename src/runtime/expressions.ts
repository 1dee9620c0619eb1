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

/** Whether a condition holds. Not a boolean, or a missing variable, is an error, not "false". */
export function testCondition(
  source: string,
  scope: JsonObject,
): { ok: true; value: boolean } | { ok: false; message: string } {
  const compiled = memo(conditions, source, compileExpression);
  if (!compiled.ok) return { ok: false, message: compiled.error.message };
  const result = evaluateCondition(compiled.value, scope);
  return result.ok ? result : { ok: false, message: result.error.message };
}

export interface RenderedTemplate {
  text: string;
  problems: { expression: string; message: string }[];
}

/**
 * Fills `{{ expression }}` parts. A missing variable renders as nothing (and is reported); a
 * template that does not compile or fails to evaluate is sent as written (and reported).
 */
export function renderTemplate(text: string, scope: JsonObject): RenderedTemplate {
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
  const rendered = renderCompiled(compiled.value, scope);
  if (!rendered.ok)
    return {
      text,
      problems: [
        {
          expression: text.slice(rendered.error.start, rendered.error.end) || text,
          message: rendered.error.message,
        },
      ],
    };
  return {
    text: rendered.value.text,
    problems: rendered.value.missing.map((m) => ({
      expression: text.slice(m.start, m.end),
      message: m.message,
    })),
  };
}
