// dsl/: the TypeScript DSL — typed builders for scenarios, steps and buttons. A scenario file
// default-exports scenario({...}); botform's loader type-checks it, runs it, and reads the
// document it returns exactly as it reads a YAML file.
//
//   import { scenario, message, button, link } from 'botform';
//   export default scenario({
//     start: 'welcome',
//     steps: {
//       welcome: message({ text: 'Hi!', menu: [button('Our menu', 'catalog'), link('Website', 'https://example.com')] }),
//       catalog: catalog({ text: 'Today', next: 'welcome' }),
//     },
//   });
//
// Each builder infers the step keys it leads to from its own arguments (never from where its
// result goes: NoInfer on the return types), and scenario() checks them against the keys of
// `steps`, so `button('Menu', 'catalgo')` is a type error ("Did you mean 'catalog'?"). Steps may
// also be written as plain objects with `type:`; a bad target is then flagged at the literal.
import type {
  Button,
  CartStep,
  CatalogStep,
  ConditionStep,
  DelayStep,
  FormStep,
  HandoffStep,
  MessageStep,
  OperationStep,
  OrderStep,
  QuestionStep,
  RandomizerStep,
  ScenarioDocument,
  Step,
} from './types.js';

export type * from './types.js';

type Def<S> = Omit<S, 'type'>;

export const message = <const K extends string = never>(
  def: Def<MessageStep<K>>,
): MessageStep<NoInfer<K>> => ({ type: 'message', ...def });
export const question = <const K extends string = never>(
  def: Def<QuestionStep<K>>,
): QuestionStep<NoInfer<K>> => ({ type: 'question', ...def });
export const form = <const K extends string = never>(
  def: Def<FormStep<K>>,
): FormStep<NoInfer<K>> => ({ type: 'form', ...def });
export const operation = <const K extends string = never>(
  def: Def<OperationStep<K>>,
): OperationStep<NoInfer<K>> => ({ type: 'operation', ...def });
export const delay = <const K extends string = never>(
  def: Def<DelayStep<K>>,
): DelayStep<NoInfer<K>> => ({ type: 'delay', ...def });
export const condition = <const K extends string = never>(
  def: Def<ConditionStep<K>>,
): ConditionStep<NoInfer<K>> => ({ type: 'condition', ...def });
export const randomizer = <const K extends string = never>(
  def: Def<RandomizerStep<K>>,
): RandomizerStep<NoInfer<K>> => ({ type: 'randomizer', ...def });
export const catalog = <const K extends string = never>(
  def: Def<CatalogStep<K>>,
): CatalogStep<NoInfer<K>> => ({ type: 'catalog', ...def });
export const cart = <const K extends string = never>(
  def: Def<CartStep<K>>,
): CartStep<NoInfer<K>> => ({ type: 'cart', ...def });
export const order = <const K extends string = never>(
  def: Def<OrderStep<K>>,
): OrderStep<NoInfer<K>> => ({ type: 'order', ...def });
export const handoff = <const K extends string = never>(
  def: Def<HandoffStep<K>>,
): HandoffStep<NoInfer<K>> => ({ type: 'handoff', ...def });

/** A button that moves the user to another step. */
export const button = <const K extends string>(text: string, goto: K): Button<NoInfer<K>> => ({
  text,
  goto,
});
/** A button that opens a link. */
export const link = (text: string, url: string): Button<never> => ({ text, url });
/** A condition branch. */
export const when = <const K extends string>(
  condition: string,
  goto: K,
): { readonly if: string; readonly goto: NoInfer<K> } => ({ if: condition, goto });
/** A randomizer variant; weights of one randomizer add up to 100. */
export const variant = <const K extends string>(
  weight: number,
  goto: K,
): { readonly weight: number; readonly goto: NoInfer<K> } => ({ weight, goto });

/** A whole scenario, or the part of one in this file: transitions are checked against the keys of `steps`. */
export function scenario<K extends string>(def: {
  readonly start?: NoInfer<K>;
  readonly entries?: readonly NoInfer<K>[];
  readonly steps: { readonly [P in K]: Step<NoInfer<K>> };
}): ScenarioDocument {
  return def;
}

/**
 * The part of a scenario in this file, when its steps lead to steps defined in other files:
 * name those keys as the type argument, e.g. scenarioPart<'main_menu' | 'goodbye'>()({ steps: {...} }).
 */
export function scenarioPart<External extends string = never>() {
  return <K extends string>(def: {
    readonly start?: NoInfer<K> | External;
    readonly entries?: readonly (NoInfer<K> | External)[];
    readonly steps: { readonly [P in K]: Step<NoInfer<K> | External> };
  }): ScenarioDocument => def;
}
