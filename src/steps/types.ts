// What a step type is, as data: the shape of one registry entry (see index.ts for the list).
// Every stage reads these entries instead of naming step types itself, so that adding a type is
// its schema, one entry, its DSL builder and its tests (the recipe is in docs/architecture.md).
import type { Json } from '../model/json.js';

/** Every way a step can lead to another; a transition's identity is (from, kind, index?). */
export type TransitionKind =
  | 'next'
  | 'button'
  | 'branch'
  | 'else'
  | 'variant'
  | 'on_error'
  | 'no_operator';

/**
 * Whether a transition is taken without the user doing anything (what an endless loop is made
 * of): always; never (a user or an operator acts first); or unless the step waits for the user.
 */
export type Automatic = 'always' | 'never' | 'unless-step-waits';

/** A transition held in one field of the step: `else: key`, stored as `params.else_step: id`. */
export interface FieldTransition {
  shape: 'field';
  kind: TransitionKind;
  /** The field in the scenario (and in the plan's params), holding a step key. */
  field: string;
  /** The params key on the platform, holding a step id (it must end in `_step`). */
  platformKey: string;
  automatic: Automatic;
  /** Label of the edge in diagrams. */
  label: string;
}

/** Transitions held in a list of items, each with `goto`: `branches[].goto`, stored as `next_step`. */
export interface ListTransition {
  shape: 'list';
  kind: TransitionKind;
  /** The list field in the scenario. */
  field: string;
  /** The key of an item's target on the platform (`goto` is the scenario's). */
  platformKey: 'next_step';
  automatic: Automatic;
  /** The item's fields in canonical order (fmt, pull). */
  itemOrder: readonly string[];
  /** The DSL helper that writes one item: `helper(item[itemOrder[0]], goto)`. */
  helper: string;
  /** Label of the edge in diagrams, from the item; undefined when the item has none. */
  label(item: Readonly<Record<string, unknown>>): string | undefined;
}

export interface TypeStyle {
  /** Fill and border, as #rrggbb. */
  fill: string;
  border: string;
  /** A few words for the legend. */
  label: string;
}

export type ParamTransition = FieldTransition | ListTransition;

export interface StepTypeSpec<T extends string = string> {
  type: T;
  /** Its schema file in schemas/ (`step-<type>.schema.json`). */
  schema: string;
  /** The DSL builder that writes a step of this type (exported by src/dsl/index.ts). */
  builder: string;
  /** After this step the bot stops and waits for the user (an answer, a form, goods). */
  waits: boolean;
  /** The schema requires `text`. */
  textRequired: boolean;
  /**
   * The type's own fields, in canonical order (= its schema's `properties` order, common fields
   * left out): what travels in a platform step's `params`. Anything else there is the platform's.
   */
  params: readonly string[];
  /** Whether `next` is taken without the user (see Automatic). */
  next: Automatic;
  /** Transitions inside `params`, in the order transitionsOf lists them. */
  transitions: readonly ParamTransition[];
  /** How pictures of the graph draw a step of this type (botform graph). */
  picture: TypeStyle;
  /** Values the platform assumes when a param is absent; a param at its default is dropped. */
  defaults: Readonly<Record<string, Json>>;
}

/** Keeps an entry's `type` literal, so the registry's list gives the StepType union. */
export function defineStep<const T extends string>(spec: StepTypeSpec<T>): StepTypeSpec<T> {
  return spec;
}
