// The plan: what apply will do, as data. Versioned; described by schemas/plan.schema.json.
// Apply reads only `action`, `call`, `dependsOn` and `live`; everything else (`before`,
// `after`, `reason`, `summary`) is for people and renderers.

export const PLAN_FORMAT_VERSION = 1;

export type PlanAction = 'create' | 'update' | 'delete';
type AddressKind = 'step' | 'menu_item' | 'shop';

interface Address {
  kind: AddressKind;
  /** step: the step key; menu_item: the owning step's key; shop: the shop id as a string. */
  key: string;
  /** menu_item only: the button's position in the desired (create/update) or live (delete) menu. */
  index?: number;
  /** menu_item only: the button's label, for people. */
  label?: string;
}

/**
 * A reference to a step id that is only known at apply time (a step the plan creates), written
 * where an id goes in a path or body: `{"$step": "welcome"}` in a body, `{step:welcome}` in a path.
 */
export interface StepIdRef {
  $step: string;
}

export type CallBody = { [key: string]: CallValue };
export type CallValue = string | number | boolean | null | StepIdRef | CallValue[] | CallBody;

export interface PlannedCall {
  method: 'POST' | 'PATCH' | 'DELETE';
  /** API path, possibly with `{step:<key>}` for the id of a step created earlier in the plan. */
  path: string;
  query: Record<string, string | number>;
  body?: CallBody;
}

/** A step as the plan shows it: names, not ids; canonical (defaults and volatile fields removed). */
export interface StepView {
  type: string;
  text: string;
  next: string | null;
  params: Record<string, unknown>;
}

export interface ButtonView {
  text: string;
  goto: string | null;
  url: string | null;
  position: number;
}

export interface ShopView {
  start: string | null;
}

export type EntityView = StepView | ButtonView | ShopView;

export interface PlanOperation {
  /** Unique within the plan; what dependsOn refers to. */
  id: string;
  action: PlanAction;
  address: Address;
  before: EntityView | null;
  after: EntityView | null;
  /** For updates: the fields that change (in view terms), for renderers. */
  changed?: string[];
  /**
   * Cycle breaking: `link` is the follow-up PATCH that sets references a cycle kept out of a
   * creating POST; `unlink` clears references between steps that are deleted together, so
   * each DELETE is valid when made. Absent for ordinary operations.
   */
  phase?: 'link' | 'unlink';
  /** Set for a step update that is a declared rename. */
  renamedFrom?: string;
  call: PlannedCall;
  dependsOn: string[];
  /** Display only: why this operation exists. Never read by apply. */
  reason?: string;
}

export interface PlanWarning {
  /** A code of the diagnostics table (src/diagnostics/codes.ts, docs/diagnostics.md); a saved plan may hold any. */
  code: string;
  message: string;
  /** The scenario step the warning is about, when there is one (for a source position). */
  step?: string;
}

export interface Plan {
  format_version: typeof PLAN_FORMAT_VERSION;
  botform_version: string;
  created_at: string;
  target: { api: string; shop_id: number };
  /** The environment of botform.config.yaml the plan was made for, when one was named. */
  environment?: string;
  scenario: { files: string[]; digest: string };
  summary: { create: number; update: number; delete: number; calls: number; cycle_breaks: number };
  operations: PlanOperation[];
  /**
   * What the plan was computed against. `fingerprints`: "step:<id>" / "menu_item:<id>" /
   * "shop:<id>" → a digest of the record as read, for every live object an operation touches.
   * `absent`: step names the plan creates, which must still not exist when it is applied.
   */
  live: {
    fingerprints: Record<string, string>;
    absent: string[];
    /**
     * For each existing step (by id) that the plan adds buttons to: the ids of the buttons it had.
     * When the answer to a button create is lost, apply looks for the new button among the others.
     */
    menu_items?: Record<string, number[]>;
    /** Step id → its live name, for every step id a call carries (path or body reference). */
    steps?: Record<string, string>;
    /** Deleted step id → the other deleted steps it points at (its fields or its buttons). */
    deleted_refs?: Record<string, number[]>;
  };
  warnings: PlanWarning[];
  /** "sha256:<hex>" over the rest of the plan (plan/digest.ts): detects edits, is not a signature. */
  digest?: string;
}

export function isStepIdRef(value: unknown): value is StepIdRef {
  return (
    value !== null &&
    typeof value === 'object' &&
    !Array.isArray(value) &&
    typeof (value as { $step?: unknown }).$step === 'string' &&
    Object.keys(value).length === 1
  );
}
