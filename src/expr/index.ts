// expr/: botform's expression language — CEL (https://cel.dev) through @marcbachmann/cel-js —
// for conditions (`if: cart.total == 0`) and `{{ }}` templates in texts. This file is the one
// public entry: compile once, evaluate or render many times. Evaluation sees only the variables
// object it is given (no prototype, no globals, no I/O) and is bounded in time and size by the
// limits in cel-env.ts (what compiles) and values.ts (what it runs on).
// The scenario checks (unknown variables, types, definite assignment) live in check-*.ts.
import { typeErrorInWords } from './type-words.js';
import type { ASTNode, ParseResult } from '@marcbachmann/cel-js';
import { EXPRESSION_LIMITS, runtimeEnvironment } from './cel-env.js';
import { findUnsupported } from './ast-walk.js';
import {
  fromCel,
  renderValue,
  toCelContext,
  VALUE_LIMITS,
  ValueLimitError,
  type PlainValue,
} from './values.js';
import { splitTemplate } from './template-parts.js';
import { BudgetError, charge, newBudget, withBudget, type EvaluationBudget } from './budget.js';
export { renderValue, type PlainValue } from './values.js';
export { EVALUATION_BUDGET, newBudget, type EvaluationBudget } from './budget.js';

/**
 * What went wrong, and where: `start`/`end` are 0-based offsets (UTF-16 code units, as JS
 * strings count) into the source that was compiled — the expression, or the whole template.
 */
interface ExprError {
  kind: ExprErrorKind;
  message: string;
  start: number;
  end: number;
  /**
   * Set when the evaluation budget stopped it: out of steps, or a value built too large.
   * `detail` is the message without its subject ("took too long (…)").
   */
  budget?: { reason: 'steps' | 'size'; detail: string };
}

/**
 * - syntax: does not parse; unsupported: uses a function the language leaves out;
 * - limit: too long, too deep, or a too large input or result;
 * - missing: reads a variable or a map key that is not there;
 * - type: a value of the wrong type at run time (e.g. `"a" > 1`, a condition that is not a bool);
 * - evaluation: any other run-time error (division by zero, index out of range...).
 */
type ExprErrorKind = 'syntax' | 'unsupported' | 'limit' | 'missing' | 'type' | 'evaluation';

export type Result<T> = { ok: true; value: T } | { ok: false; error: ExprError };

const COMPILED = Symbol('compiled');

/** An expression checked for syntax and limits, ready to evaluate any number of times. */
export interface CompiledExpression {
  readonly source: string;
  /** @internal the library's parse result; not part of the API. */
  readonly [COMPILED]: ParseResult;
}

type TemplatePart =
  | { kind: 'text'; text: string }
  | { kind: 'expression'; expression: CompiledExpression; offset: number };

/** A template split into literal text and compiled `{{ }}` parts. */
export interface CompiledTemplate {
  readonly source: string;
  readonly parts: readonly TemplatePart[];
}

export type Variables = Readonly<Record<string, unknown>> | ReadonlyMap<string, unknown>;

function errorFromLibrary(error: unknown, fallbackEnd: number, offset = 0): ExprError {
  if (error instanceof BudgetError)
    return {
      kind: 'limit',
      message: `the expression ${error.message}`,
      start: offset,
      end: offset + fallbackEnd,
      budget: { reason: error.reason, detail: error.message },
    };
  if (error instanceof ValueLimitError)
    return { kind: 'limit', message: error.message, start: offset, end: offset + fallbackEnd };
  const e = error as {
    name?: unknown;
    code?: unknown;
    summary?: unknown;
    message?: unknown;
    range?: { start: number; end: number };
  };
  const code = typeof e.code === 'string' ? e.code : '';
  const message =
    typeof e.summary === 'string'
      ? e.summary
      : typeof e.message === 'string'
        ? e.message
        : String(error);
  const start = e.range?.start ?? 0;
  const end = Math.max(start, e.range?.end ?? fallbackEnd);
  let kind: ExprErrorKind;
  if (code === 'limit_exceeded' || error instanceof RangeError) kind = 'limit';
  else if (e.name === 'ParseError') kind = 'syntax';
  else if (code === 'unknown_variable' || code === 'no_such_key') kind = 'missing';
  else if (e.name === 'TypeError' || /no such overload|no matching overload/i.test(message))
    kind = 'type';
  else kind = 'evaluation';
  const words = kind === 'type' ? typeErrorInWords(message) : undefined;
  return {
    kind,
    message:
      error instanceof RangeError
        ? 'the expression is nested too deeply'
        : words
          ? `${words.message.charAt(0).toLowerCase()}${words.message.slice(1)}`
          : message,
    start: start + offset,
    end: end + offset,
  };
}

/** Compiles one CEL expression. Never throws: a problem comes back as a located error. */
export function compileExpression(source: string): Result<CompiledExpression> {
  if (source.length > EXPRESSION_LIMITS.maxSourceLength) {
    return {
      ok: false,
      error: {
        kind: 'limit',
        message: `the expression is longer than ${EXPRESSION_LIMITS.maxSourceLength} characters`,
        start: EXPRESSION_LIMITS.maxSourceLength,
        end: source.length,
      },
    };
  }
  if (source.trim() === '')
    return {
      ok: false,
      error: { kind: 'syntax', message: 'the expression is empty', start: 0, end: source.length },
    };
  let parsed: ParseResult;
  try {
    parsed = runtimeEnvironment().parse(source);
  } catch (error) {
    return { ok: false, error: errorFromLibrary(error, source.length) };
  }
  const unsupported = findUnsupported(parsed.ast);
  if (unsupported) return { ok: false, error: { kind: 'unsupported', ...unsupported } };
  return { ok: true, value: { source, [COMPILED]: parsed } };
}

/** The library AST of a compiled expression, for the checks in this folder. */
export function astOf(expression: CompiledExpression): ASTNode {
  return expression[COMPILED].ast;
}

/**
 * Evaluates a compiled expression against the variables (a record or a Map of JSON-like data;
 * other values are ignored). Never throws. The value is plain data: numbers, strings, bools,
 * null, arrays, null-prototype records. `budget` bounds the work (budget.ts); by default each
 * evaluation gets its own, a caller running many (a conversation turn) passes one to share.
 */
export function evaluateExpression(
  expression: CompiledExpression,
  variables: Variables,
  budget: EvaluationBudget = newBudget(),
): Result<PlainValue> {
  try {
    const value = withBudget(budget, () =>
      fromCel(expression[COMPILED](toCelContext(variables, charge))),
    );
    if (typeof value === 'string' && value.length > VALUE_LIMITS.maxChars) {
      return {
        ok: false,
        error: {
          kind: 'limit',
          message: `the result is longer than ${VALUE_LIMITS.maxChars} characters`,
          start: 0,
          end: expression.source.length,
        },
      };
    }
    return { ok: true, value };
  } catch (error) {
    return { ok: false, error: errorFromLibrary(error, expression.source.length) };
  }
}

/** Evaluates a condition: the value must be a bool (`true` / `false`), anything else is a `type` error. */
export function evaluateCondition(
  expression: CompiledExpression,
  variables: Variables,
  budget: EvaluationBudget = newBudget(),
): Result<boolean> {
  const result = evaluateExpression(expression, variables, budget);
  if (!result.ok) return result;
  if (typeof result.value !== 'boolean') {
    return {
      ok: false,
      error: {
        kind: 'type',
        message: `the condition gave ${result.value === null ? 'null' : typeof result.value}, not true or false`,
        start: 0,
        end: expression.source.length,
      },
    };
  }
  return { ok: true, value: result.value };
}

/** Parses a template once: its `{{ }}` parts are compiled; positions are offsets into the template. */
export function parseTemplate(source: string): Result<CompiledTemplate> {
  const split = splitTemplate(source);
  if (!split.ok)
    return {
      ok: false,
      error: { kind: 'syntax', message: split.message, start: split.start, end: split.end },
    };
  const parts: TemplatePart[] = [];
  for (const part of split.parts) {
    if (part.kind === 'text') {
      parts.push(part);
      continue;
    }
    const compiled = compileExpression(part.source);
    if (!compiled.ok) {
      const { error } = compiled;
      return {
        ok: false,
        error: { ...error, start: error.start + part.offset, end: error.end + part.offset },
      };
    }
    parts.push({ kind: 'expression', expression: compiled.value, offset: part.offset });
  }
  return { ok: true, value: { source, parts } };
}

export interface Rendered {
  text: string;
  /** Parts whose variable or key was missing; they rendered as the empty string. */
  missing: ExprError[];
}

/**
 * Renders a template (see renderValue for how each value reads). A missing variable or key
 * renders as the empty string and is listed in `missing`; any other evaluation error fails the
 * whole render, with its position in the template.
 */
export function renderTemplate(
  template: CompiledTemplate,
  variables: Variables,
  budget: EvaluationBudget = newBudget(),
): Result<Rendered> {
  let context: Record<string, unknown>;
  try {
    context = withBudget(budget, () => toCelContext(variables, charge));
  } catch (error) {
    return { ok: false, error: errorFromLibrary(error, template.source.length) };
  }
  let text = '';
  const missing: ExprError[] = [];
  for (const part of template.parts) {
    if (part.kind === 'text') {
      text += part.text;
      continue;
    }
    try {
      text += withBudget(budget, () => renderValue(fromCel(part.expression[COMPILED](context))));
    } catch (error) {
      const located = errorFromLibrary(error, part.expression.source.length, part.offset);
      if (located.kind !== 'missing') return { ok: false, error: located };
      missing.push(located);
    }
    if (text.length > VALUE_LIMITS.maxChars)
      return {
        ok: false,
        error: {
          kind: 'limit',
          message: `the rendered text is longer than ${VALUE_LIMITS.maxChars} characters`,
          start: part.offset,
          end: template.source.length,
        },
      };
  }
  return { ok: true, value: { text, missing } };
}
