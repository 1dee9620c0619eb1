// The runtime's one door to the expression language: conditions (`branches[].if`) and templates
// (`{{ ... }}` in texts and labels) are evaluated here and nowhere else, with CEL. Compiled
// expressions are memoised by source text (a pure cache: the same text always compiles the same).
import { parse } from '@marcbachmann/cel-js';
import type { JsonObject } from './types.js';

type Compiled = ReturnType<typeof parse>;
type Compile = { ok: true; run: Compiled } | { ok: false; message: string };

const compiled = new Map<string, Compile>();
const MAX_CACHED = 10_000;

function compile(source: string): Compile {
  let found = compiled.get(source);
  if (!found) {
    try {
      found = { ok: true, run: parse(source) };
    } catch (error) {
      found = { ok: false, message: firstLine(error) };
    }
    if (compiled.size >= MAX_CACHED) compiled.clear();
    compiled.set(source, found);
  }
  return found;
}

function firstLine(error: unknown): string {
  return (error instanceof Error ? error.message : String(error)).split('\n')[0] ?? '';
}

function evaluate(source: string, scope: JsonObject): { ok: true; value: unknown } | { ok: false; message: string } {
  const program = compile(source);
  if (!program.ok) return program;
  try {
    return { ok: true, value: program.run(scope) };
  } catch (error) {
    return { ok: false, message: firstLine(error) };
  }
}

/** Whether a condition holds. Not a boolean is an error, not "false": the scenario is wrong. */
export function testCondition(source: string, scope: JsonObject): { ok: true; value: boolean } | { ok: false; message: string } {
  const result = evaluate(source, scope);
  if (!result.ok) return result;
  if (typeof result.value !== 'boolean') return { ok: false, message: `the condition gives ${typeof result.value}, not a boolean` };
  return { ok: true, value: result.value };
}

export interface RenderedTemplate {
  text: string;
  problems: { expression: string; message: string }[];
}

/** Fills `{{ expression }}` parts; a part that cannot be evaluated stays as written. */
export function renderTemplate(text: string, scope: JsonObject): RenderedTemplate {
  const problems: RenderedTemplate['problems'] = [];
  const out = text.replace(/\{\{([^{}]*)\}\}/g, (whole, inner: string) => {
    const expression = inner.trim();
    const result = evaluate(expression, scope);
    if (!result.ok) {
      problems.push({ expression, message: result.message });
      return whole;
    }
    return display(result.value);
  });
  return { text: out, problems };
}

function display(value: unknown): string {
  if (value === null || value === undefined) return '';
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'bigint' || typeof value === 'boolean') return String(value);
  return JSON.stringify(value) ?? '';
}
