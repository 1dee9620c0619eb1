// One turn in the making: a private copy of the state plus what the turn has produced so far.
// Step meanings (steps/*.ts) read and extend it; the engine hands the finished turn back as a
// TurnResult. What a turn makes is its own, or frozen and shared by every turn of the scenario
// (a step's buttons without templates), so a turn never changes its caller's values.
import { transitionsOf, type Transition, type TransitionKind } from '../graph/transitions.js';
import type { Step } from '../model/scenario.js';
import { newBudget } from '../expr/index.js';
import { renderTemplate, testCondition, type BudgetStop } from './expressions.js';
import type {
  BotMessage,
  ConversationState,
  Json,
  JsonObject,
  OutButton,
  RuntimeError,
  RuntimeEvent,
  RuntimePorts,
  TakenTransition,
} from './types.js';
import { mulberry32Next } from '../prng.js';

export class Turn {
  readonly messages: BotMessage[] = [];
  readonly transitions: TakenTransition[] = [];
  readonly entered: string[] = [];
  readonly events: RuntimeEvent[] = [];
  /** What all expressions of this turn may cost together (expr/budget.ts). */
  readonly budget = newBudget();
  /** Set when an expression ran past the budget: the engine stops the turn with it. */
  stopped: RuntimeError | undefined;

  constructor(
    readonly state: ConversationState,
    readonly ports: Pick<RuntimePorts, 'chooseVariant' | 'operatorAvailable'>,
    private readonly transitionCache: WeakMap<Step, Transition[]>,
  ) {}

  allTransitions(step: Step): Transition[] {
    let found = this.transitionCache.get(step);
    if (!found) {
      found = transitionsOf(step);
      this.transitionCache.set(step, found);
    }
    return found;
  }

  /** The step's transition of this kind (and position), if it has one. */
  transition(step: Step, kind: TransitionKind, index?: number): Transition | undefined {
    return this.allTransitions(step).find((t) => t.kind === kind && t.index === index);
  }

  /** What expressions and templates see: the variables, with the cart as `cart`. */
  scope(): JsonObject {
    const scope: JsonObject = Object.assign(Object.create(null) as JsonObject, this.state.vars);
    const items = this.state.cart.map((item): JsonObject => ({ ...item }));
    scope.cart = {
      items,
      count: this.state.cart.reduce((n, i) => n + i.qty, 0),
      total: cartTotal(this.state),
    };
    return scope;
  }

  render(step: Step, text: string): string {
    if (!text.includes('{{')) return text;
    if (this.stopped) return text;
    const rendered = renderTemplate(text, this.scope(), this.budget);
    for (const problem of rendered.problems) {
      this.emit({
        type: 'expression_failed',
        step: step.key,
        expression: problem.expression,
        message: problem.message,
      });
      if (problem.budget) this.stop(step, 'template', problem.expression, problem.budget);
    }
    return rendered.text;
  }

  /** Whether a condition holds; an expression that cannot be evaluated does not hold. */
  holds(step: Step, expression: string): boolean {
    if (this.stopped) return false;
    const result = testCondition(expression, this.scope(), this.budget);
    if (result.ok) return result.value;
    this.emit({ type: 'expression_failed', step: step.key, expression, message: result.message });
    if (result.budget) this.stop(step, 'condition', expression, result.budget);
    return false;
  }

  private stop(step: Step, what: string, expression: string, budget: BudgetStop): void {
    const shown = expression.length > 80 ? `${expression.slice(0, 77)}...` : expression;
    this.stopped ??= {
      code: 'expression-limit',
      message: `The ${what} "${shown}" at step "${step.key}" ${budget.detail}.`,
      step: step.key,
    };
  }

  /** Sends the step's text (templates rendered) with its buttons, plus any extra buttons. */
  say(step: Step, text: string, extra: OutButton[] = []): void {
    const buttons =
      fixedButtons(step) ??
      step.menu.map(
        (b): OutButton =>
          b.url !== null
            ? { text: this.render(step, b.text), url: this.render(step, b.url) }
            : { text: this.render(step, b.text) },
      );
    const message: BotMessage = {
      step: step.key,
      text: this.render(step, text),
      buttons: extra.length > 0 ? [...buttons, ...extra] : buttons,
    };
    if (typeof step.fields.image === 'string') message.image = step.fields.image;
    this.messages.push(message);
  }

  /** A message of the bot's own (a retry prompt, a form field) without the step's buttons. */
  sayPlain(step: Step, text: string): void {
    this.messages.push({ step: step.key, text: this.render(step, text), buttons: [] });
  }

  emit(event: RuntimeEvent): void {
    this.events.push(event);
  }

  setVar(step: Step, name: string, value: Json): void {
    const vars: JsonObject = Object.assign(Object.create(null) as JsonObject, this.state.vars);
    vars[name] = value;
    this.state.vars = vars;
    this.emit({ type: 'variable_saved', step: step.key, name, value });
  }

  /** A number in [0, 1) from the conversation's seeded generator (src/prng.ts). */
  random(): number {
    const drawn = mulberry32Next(this.state.rng);
    this.state.rng = drawn.state;
    return drawn.value;
  }
}

// A step's buttons when no label or URL of it is a template: the same at every turn, so made
// once per step and frozen (a message is read, never changed, by whoever gets it).
const fixedButtonsOf = new WeakMap<Step, OutButton[] | null>();

function fixedButtons(step: Step): OutButton[] | null {
  let buttons = fixedButtonsOf.get(step);
  if (buttons === undefined) {
    buttons = step.menu.some((b) => b.text.includes('{{') || (b.url ?? '').includes('{{'))
      ? null
      : (Object.freeze(
          step.menu.map((b) =>
            Object.freeze(b.url !== null ? { text: b.text, url: b.url } : { text: b.text }),
          ),
        ) as OutButton[]);
    fixedButtonsOf.set(step, buttons);
  }
  return buttons;
}

export function cartTotal(state: ConversationState): number {
  return Math.round(state.cart.reduce((sum, item) => sum + item.price * item.qty, 0) * 100) / 100;
}
