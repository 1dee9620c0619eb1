// The evaluation budget: what one evaluation (or one conversation turn, which shares a budget
// over all its expressions) may cost, counted as it runs. The compile-time limits (cel-env.ts)
// and the input limits (values.ts) bound what an expression is and what it sees, but not what
// it does: `l.all(x, l.all(y, ...))` over 20,000 items is 400 million steps, and `l.map(x, s + s)`
// over a 900,000-character `s` builds gigabytes before any end-of-evaluation check could look.
//
// The library (@marcbachmann/cel-js) evaluates every node but the root through its evaluator's
// `run(node, context)`. We replace that method on the runtime environment's evaluator with one
// that charges each node one step plus the size of what it produced (a text's length, a list's
// items, a map's entries: a node that reads or builds a large value pays for it, and so does every
// operation that goes on to scan it), and refuses a text, list or map larger than the value limits
// the moment a node produces it. Deterministic: the same expression on the same data always
// stops at the same place, whatever the machine.
//
// `active` is the budget of the evaluation now running. Evaluation is synchronous (botform
// registers no asynchronous functions), so it is set and restored around each call, never shared
// across an await.
import type { Environment } from '@marcbachmann/cel-js';
import { VALUE_LIMITS } from './values.js';

/** Units one evaluation (or one runtime turn) may spend: a step per node, plus sizes read or built. */
export const EVALUATION_BUDGET = 2_000_000;

export interface EvaluationBudget {
  /** Units left; below zero once exceeded. */
  remaining: number;
  readonly limit: number;
  /**
   * The error thrown once the budget is spent, made once: CEL's quantifiers catch errors and go
   * on with the next item, so a spent budget is refused thousands of times in a row.
   */
  spent?: BudgetError;
}

export function newBudget(limit: number = EVALUATION_BUDGET): EvaluationBudget {
  return { remaining: limit, limit };
}

function spent(budget: EvaluationBudget): BudgetError {
  budget.spent ??= new BudgetError(stepsMessage(budget), 'steps');
  return budget.spent;
}

/**
 * The budget ran out, or a node produced a value past the size limits. The message is a verb
 * phrase ("took too long (…)", "built a text longer than …") for the caller to put a subject to.
 */
export class BudgetError extends Error {
  constructor(
    message: string,
    /** `steps`: out of budget; `size`: a value too large. */
    readonly reason: 'steps' | 'size',
  ) {
    super(message);
  }
}

function stepsMessage(budget: EvaluationBudget): string {
  return `took too long (more than ${budget.limit.toLocaleString('en-US')} evaluation steps; reading or building a text or list counts its length)`;
}

let active: EvaluationBudget | undefined;

/** Runs `evaluate` charging `budget`; a budget already spent refuses at once. */
export function withBudget<T>(budget: EvaluationBudget, evaluate: () => T): T {
  if (budget.remaining < 0) throw spent(budget);
  const previous = active;
  active = budget;
  try {
    const value = evaluate();
    // An error thrown inside `a || b` or a quantifier can be absorbed by CEL's error semantics
    // (`error || true` is true); a budget that ran out is an error all the same.
    if (budget.remaining < 0) throw spent(budget);
    return value;
  } finally {
    active = previous;
  }
}

/** Charges the active budget directly (converting the variables costs one unit per value). */
export function charge(units: number): void {
  if (active === undefined) return;
  active.remaining -= units;
  if (active.remaining < 0) throw spent(active);
}

function sizeOf(value: unknown): number {
  if (typeof value === 'string') {
    if (value.length > VALUE_LIMITS.maxChars)
      throw new BudgetError(
        `built a text longer than ${VALUE_LIMITS.maxChars.toLocaleString('en-US')} characters`,
        'size',
      );
    return value.length;
  }
  if (typeof value !== 'object' || value === null) return 0;
  if (Array.isArray(value)) {
    if (value.length > VALUE_LIMITS.maxValues)
      throw new BudgetError(
        `built a list of more than ${VALUE_LIMITS.maxValues.toLocaleString('en-US')} items`,
        'size',
      );
    return value.length;
  }
  if (value instanceof Map || value instanceof Set) {
    if (value.size > VALUE_LIMITS.maxValues)
      throw new BudgetError(
        `built a map of more than ${VALUE_LIMITS.maxValues.toLocaleString('en-US')} entries`,
        'size',
      );
    return value.size;
  }
  if (value instanceof Uint8Array) {
    if (value.length > VALUE_LIMITS.maxChars)
      throw new BudgetError(
        `built bytes longer than ${VALUE_LIMITS.maxChars.toLocaleString('en-US')}`,
        'size',
      );
    return value.length;
  }
  return 0;
}

interface LibraryNode {
  evaluate(evaluator: unknown, node: LibraryNode, context: unknown): unknown;
}

interface LibraryEvaluator {
  run(node: LibraryNode, context: unknown): unknown;
}

function budgetedRun(this: LibraryEvaluator, node: LibraryNode, context: unknown): unknown {
  const budget = active;
  if (budget === undefined) return node.evaluate(this, node, context);
  if (--budget.remaining < 0) throw spent(budget);
  const value = node.evaluate(this, node, context);
  const size = sizeOf(value);
  // A comprehension's step hands back its accumulator (map and filter push onto one list and
  // return it every time): charging the whole list on every push would make a plain `map`
  // quadratic. Its growth is still checked against the size limit above.
  if (size > 0 && value !== (context as { accuValue?: unknown } | undefined)?.accuValue) {
    budget.remaining -= size;
    if (budget.remaining < 0) throw spent(budget);
  }
  return value;
}

/**
 * Puts the budget into an environment's evaluator. The evaluator is private to the library, so
 * it is reached through the one door it has: a parsed expression's root node is called with it.
 * A library update that changes this fails here, at start-up, not silently at run time.
 */
export function installBudget(environment: Environment): void {
  const probe = environment.parse('probe') as unknown as {
    (context: Record<string, unknown>): unknown;
    ast: LibraryNode;
  };
  let evaluator: LibraryEvaluator | undefined;
  probe.ast.evaluate = (ev: unknown) => {
    evaluator = ev as LibraryEvaluator;
    return true;
  };
  probe({ probe: true });
  if (!evaluator || typeof evaluator.run !== 'function')
    throw new Error('@marcbachmann/cel-js changed: the evaluation budget cannot be installed');
  evaluator.run = budgetedRun;
  // Prove the hook is on the path every node takes: one step per node beyond the root.
  const budget = newBudget(100);
  withBudget(budget, () => (environment.parse('1 + 2') as unknown as () => unknown)());
  if (budget.remaining !== 98)
    throw new Error('@marcbachmann/cel-js changed: the evaluation budget is not charged');
}
