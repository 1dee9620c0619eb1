// The one CEL environment every expression is compiled in: the library's defaults, plus mixed
// int/double arithmetic (scenario data comes from JSON, where every number is a double, while a
// literal `1` is a CEL int), and structural limits so a compiled expression's cost is bounded.
import { Environment } from '@marcbachmann/cel-js';
import { installBudget } from './budget.js';

/** Bounds on what compiles. Together with the input limits in values.ts they bound evaluation time. */
export const EXPRESSION_LIMITS = {
  /** Characters of one expression (inside a template: of one `{{ }}` part). */
  maxSourceLength: 2000,
  maxAstNodes: 500,
  /** Nesting of parentheses, calls and operators. */
  maxDepth: 48,
  maxListElements: 200,
  maxMapEntries: 200,
  maxCallArguments: 16,
  /** Comprehension macros (all, exists, map, filter...) inside one another. */
  maxMacroNesting: 2,
} as const;

const MIXED_OPERATORS = ['+', '-', '*', '/'] as const;

function applyMixed(op: (typeof MIXED_OPERATORS)[number], a: number, b: number): number {
  switch (op) {
    case '+':
      return a + b;
    case '-':
      return a - b;
    case '*':
      return a * b;
    case '/':
      return a / b;
  }
}

/** Registers `double op int` and `int op double` (result double), and `double == int`, on an environment. */
function withMixedArithmetic(env: Environment): Environment {
  for (const op of MIXED_OPERATORS) {
    env.registerOperator(`double ${op} int`, (a: unknown, b: unknown) =>
      applyMixed(op, Number(a), Number(b)),
    );
    env.registerOperator(`int ${op} double`, (a: unknown, b: unknown) =>
      applyMixed(op, Number(a), Number(b)),
    );
  }
  // Equality across the two, for the type checker (`cart.total == 0`); the library then also
  // defines `int == double` and both `!=`. Ordering (<, >=...) across them is CEL's own.
  env.registerOperator('double == int', (a: unknown, b: unknown) => Number(a) === Number(b));
  return env;
}

/** Most decimals `fixed()` writes. */
const MAX_FIXED_DIGITS = 10;

/** `x` with exactly `digits` decimals (0 to 10), as text: what a price needs. */
function fixed(x: unknown, digits: unknown): string {
  const n = Math.min(MAX_FIXED_DIGITS, Math.max(0, Math.trunc(Number(digits))));
  return Number(x).toFixed(n);
}

/**
 * Number formats for templates: `fixed(x, 2)` and `money(x)` (two decimals). Declared for
 * numbers only, so the type checker refuses text where the type is known ("money() does not
 * take text") and evaluation refuses it where it is not.
 */
function withNumberFormats(env: Environment): Environment {
  for (const type of ['double', 'int'] as const) {
    env.registerFunction(`fixed(${type}, int): string`, fixed);
    env.registerFunction(`money(${type}): string`, (x: unknown) => fixed(x, 2));
  }
  return env;
}

function newEnvironment(unlistedVariablesAreDyn: boolean): Environment {
  return withNumberFormats(
    withMixedArithmetic(
      new Environment({
        unlistedVariablesAreDyn,
        homogeneousAggregateLiterals: false,
        limits: {
          maxAstNodes: EXPRESSION_LIMITS.maxAstNodes,
          maxDepth: EXPRESSION_LIMITS.maxDepth,
          maxListElements: EXPRESSION_LIMITS.maxListElements,
          maxMapEntries: EXPRESSION_LIMITS.maxMapEntries,
          maxCallArguments: EXPRESSION_LIMITS.maxCallArguments,
        },
      }),
    ),
  );
}

let shared: Environment | undefined;
let typedBase: Environment | undefined;

/**
 * A fresh environment for type checking, where only declared variables exist. Cloned from one
 * shared base (building the standard library and operators anew costs ~2 ms each time).
 */
export function typedEnvironment(): Environment {
  typedBase ??= newEnvironment(false);
  return typedBase.clone();
}

/**
 * The untyped environment the runtime compiles in: every variable is `dyn`. Never mutated after
 * creation, but for the evaluation budget put into its evaluator (budget.ts).
 */
export function runtimeEnvironment(): Environment {
  if (!shared) {
    shared = newEnvironment(true);
    installBudget(shared);
  }
  return shared;
}
