// What a step type is, as data: the shape of one registry entry (see index.ts for the list).
// Every stage reads these entries instead of naming step types itself, so that adding a type is
// its schema, one entry, its runtime meaning, its DSL builder, docs and tests (the recipe is in
// docs/adding-a-step-type.md). An entry carries meaning, not only shape: every field of the type's
// schema has declared roles (`fields`), which the expression checks, variable tracing, the
// test checker, the editor and fmt read.

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
  /**
   * Written right after `next` in the canonical layout (fmt, pull): another way on from the same
   * point (`else`, `on_error`). Otherwise among the type's own fields, in `params` order.
   */
  besideNext: boolean;
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

/** A path inside a field's value: [] the value itself; ['*', 'label'] each item's `label`. */
export type FieldPath = readonly string[];

/** Where a saved variable's type comes from, read in the mapping that holds its name. */
export type SavedType =
  /** An answer's kind (`expect` of a question, `kind` of a form field), else `default`. */
  | { from: 'answer-kind'; key: string; default: string }
  /** An API's declared response (`api.response` of an operation). */
  | { from: 'api-response'; key: string }
  /** Always an answer of this kind (text, number, email, phone, date). */
  | { from: 'fixed'; kind: string };

/**
 * The step saves a variable: named by the string at `name` (relative to the field), typed by
 * `type` (a key of the mapping that holds the name). It is set as the step completes — on its
 * `next`, never on a button or `on_error` — after the step's own messages, except those listed
 * in `setBefore`, which are said after the variable is set and so may read it (a form saves its
 * answers, then says `success_text`).
 */
export interface SavesRole {
  role: 'saves';
  name: FieldPath;
  type: SavedType;
  setBefore: readonly string[];
}

/**
 * What a field of a step is for. A field may have several roles (a menu holds buttons, templates
 * and transitions); a test fails when a schema property has none.
 */
export type FieldRole =
  /** Holds step keys: `next`, a button's `goto`, the type's `transitions` (added from there). */
  | { role: 'transition'; at: FieldPath }
  /** A text with `{{ }}` parts, rendered when the bot says it. */
  | { role: 'template'; at: FieldPath }
  /** A CEL condition that decides a transition. */
  | { role: 'condition'; at: FieldPath }
  | SavesRole
  /** A list of buttons the step offers (text and goto or url): the menu. */
  | { role: 'buttons' }
  /**
   * A button of the step's own, labelled by this field (`fallback` when it is absent), offered
   * when the step has the transition `takes`, which pressing it takes (a cart's checkout).
   */
  | { role: 'button'; fallback: string; takes: 'next' }
  /** Data the step's meaning uses as written: seconds, a queue, the API it calls, an answer's kind. */
  | { role: 'setting' }
  /** About the step rather than what it does in a conversation: type, description, renamed_from, end, protect. */
  | { role: 'about' };

export type RoleName = FieldRole['role'];

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
  defaults: Readonly<Record<string, string | number | boolean>>;
  /**
   * The roles of the type's own fields (those of `params`), beside the common fields' roles
   * (steps/common.ts) and the transitions above, whose fields get the `transition` role.
   */
  fields: Readonly<Record<string, readonly FieldRole[]>>;
  /** Common fields (steps/common.ts) its schema does not have: a condition has no text, buttons or next. */
  without: readonly ('text' | 'menu' | 'next')[];
}

/** Keeps an entry's `type` literal, so the registry's list gives the StepType union. */
export function defineStep<const T extends string>(spec: StepTypeSpec<T>): StepTypeSpec<T> {
  return spec;
}
