// What each field of a step is for, from the registry: the common fields' roles (common.ts), the
// type's own (its entry's `fields`) and its transitions. Everything that must know which fields
// are templates, conditions or step keys, which variables a step saves and when, which buttons it
// offers, or how its keys are laid out reads these functions — never a list of field names of
// its own — so a new type's entry is enough for all of them.
import { COMMON_FIELD_ROLES, LAYOUT_BEFORE_NEXT, LAYOUT_HEAD, LAYOUT_TAIL } from './common.js';
import { FIELD_TRANSITIONS, STEP_REGISTRY, stepSpec, type StepType } from './index.js';
import type { FieldPath, FieldRole, RoleName, SavesRole, TransitionKind } from './types.js';

export type { FieldRole, RoleName, SavedType } from './types.js';

const ROLES = new Map<StepType, ReadonlyMap<string, readonly FieldRole[]>>(
  STEP_REGISTRY.map((spec) => {
    const roles = new Map<string, FieldRole[]>();
    const add = (field: string, role: FieldRole) => {
      const list = roles.get(field);
      if (list) list.push(role);
      else roles.set(field, [role]);
    };
    const without: readonly string[] = spec.without;
    for (const [field, list] of Object.entries(COMMON_FIELD_ROLES))
      if (!without.includes(field)) for (const role of list) add(field, role);
    for (const [field, list] of Object.entries(spec.fields))
      for (const role of list) add(field, role);
    for (const t of spec.transitions)
      add(t.field, { role: 'transition', at: t.shape === 'field' ? [] : ['*', 'goto'] });
    return [spec.type, roles];
  }),
);

/** Every field a step of `type` may have, with its roles (common fields, its own, its transitions). */
export function fieldRoles(type: StepType): ReadonlyMap<string, readonly FieldRole[]> {
  return ROLES.get(type) ?? new Map();
}

/** A place inside a step's fields that holds an expression, a template or a step key. */
export interface FieldSite {
  role: 'condition' | 'template' | 'transition';
  /** The step's field (`text`, `menu`, `branches`, ...). */
  field: string;
  /** The path inside the field's value; `*` is every list item (or map key). */
  at: FieldPath;
}

const SITE_ORDER: readonly FieldSite['role'][] = ['condition', 'template', 'transition'];

const SITES = new Map<StepType, readonly FieldSite[]>(
  STEP_REGISTRY.map((spec) => {
    const sites: FieldSite[] = [];
    for (const role of SITE_ORDER)
      for (const [field, roles] of fieldRoles(spec.type))
        for (const r of roles) if (r.role === role) sites.push({ role, field, at: r.at });
    return [spec.type, sites];
  }),
);

/**
 * The condition, template and transition fields of a type with their paths — conditions first,
 * then templates (the common fields before the type's own), then step keys. What expression
 * checks, editors and test generators walk.
 */
export function fieldSitesOf(type: StepType, roles?: readonly RoleName[]): readonly FieldSite[] {
  const all = SITES.get(type) ?? [];
  return roles ? all.filter((s) => roles.includes(s.role)) : all;
}

/** A variable a step saves, found in its fields. */
export interface SavedVariable {
  name: string;
  /** The field that declares the save, and the role saying how it is typed and when it is set. */
  field: string;
  saves: SavesRole;
  /** The mapping that holds the name (the step's fields, or a list item): its `type.key` types it. */
  holder: Readonly<Record<string, unknown>>;
}

/** The variables a step of `type` saves, as its fields declare them (`fields` = the step's fields). */
export function savedVariablesOf(
  type: StepType,
  fields: Readonly<Record<string, unknown>>,
): SavedVariable[] {
  const out: SavedVariable[] = [];
  for (const [field, roles] of fieldRoles(type)) {
    for (const role of roles) {
      if (role.role !== 'saves' || !Object.hasOwn(fields, field)) continue;
      visitPath(fields[field], role.name, fields, (value, holder) => {
        if (typeof value === 'string') out.push({ name: value, field, saves: role, holder });
      });
    }
  }
  return out;
}

/** The buttons a step of `type` offers of its own, beside its menu (a cart's checkout). */
export function ownButtonsOf(
  type: StepType,
): readonly { field: string; fallback: string; takes: TransitionKind }[] {
  const out: { field: string; fallback: string; takes: TransitionKind }[] = [];
  for (const [field, roles] of fieldRoles(type))
    for (const r of roles)
      if (r.role === 'button') out.push({ field, fallback: r.fallback, takes: r.takes });
  return out;
}

/** The label of such a button: the field's text, else its fallback. */
export function ownButtonLabel(
  button: { field: string; fallback: string },
  fields: Readonly<Record<string, unknown>>,
): string {
  const value = Object.hasOwn(fields, button.field) ? fields[button.field] : undefined;
  return typeof value === 'string' ? value : button.fallback;
}

/**
 * Keys whose value is a step key, in any type: `next`, a button's or a list item's `goto`, and
 * every field transition (`else`, `on_error`, `no_operator`). What an editor completes.
 */
export const STEP_KEY_FIELDS: readonly string[] = [
  ...new Set(
    STEP_REGISTRY.flatMap((spec) =>
      [...fieldRoles(spec.type)].flatMap(([field, roles]) =>
        roles.flatMap((r) => (r.role === 'transition' ? [r.at.at(-1) ?? field] : [])),
      ),
    ),
  ),
];

/** Transition fields written right after `next` (`else`, `on_error`), in transition-kind order. */
const KIND_ORDER: readonly TransitionKind[] = [
  'next',
  'button',
  'branch',
  'else',
  'variant',
  'on_error',
  'no_operator',
];
export const BESIDE_NEXT_FIELDS: readonly string[] = FIELD_TRANSITIONS.filter((t) => t.besideNext)
  .sort((a, b) => KIND_ORDER.indexOf(a.kind) - KIND_ORDER.indexOf(b.kind))
  .map((t) => t.field);

const LAYOUT_AFTER_OWN = [...LAYOUT_BEFORE_NEXT, ...BESIDE_NEXT_FIELDS, ...LAYOUT_TAIL];
const PLACED: ReadonlySet<string> = new Set([...LAYOUT_HEAD, ...LAYOUT_AFTER_OWN]);
const LAYOUTS = new Map<StepType, readonly string[]>(
  STEP_REGISTRY.map((spec) => [
    spec.type,
    [...LAYOUT_HEAD, ...spec.params.filter((p) => !PLACED.has(p)), ...LAYOUT_AFTER_OWN],
  ]),
);

/** The canonical key order of a step (fmt, pull); a type the registry does not know gets the common part. */
export function stepLayout(type: StepType | undefined): readonly string[] {
  return (type && LAYOUTS.get(type)) || [...LAYOUT_HEAD, ...LAYOUT_AFTER_OWN];
}

/** A type's own fields as laid out (its params but those placed with the common ones). */
export function ownFieldsInLayout(type: StepType): string[] {
  return stepSpec(type).params.filter((p) => !PLACED.has(p));
}

/**
 * Calls `visit` with each value at `at` inside `value` (`*`: every list item or map key), and
 * the mapping that holds it (`holder` at the start: the step's fields).
 */
function visitPath(
  value: unknown,
  at: FieldPath,
  holder: Readonly<Record<string, unknown>>,
  visit: (value: unknown, holder: Readonly<Record<string, unknown>>) => void,
): void {
  if (at.length === 0) {
    visit(value, holder);
    return;
  }
  if (value === null || typeof value !== 'object') return;
  const [head, ...rest] = at as [string, ...string[]];
  if (head === '*') {
    const items = Array.isArray(value) ? value : Object.values(value);
    for (const item of items) {
      if (rest.length === 0) visit(item, holder);
      else if (item !== null && typeof item === 'object' && !Array.isArray(item))
        visitPath(item, rest, item as Record<string, unknown>, visit);
    }
    return;
  }
  if (Array.isArray(value) || !Object.hasOwn(value, head)) return;
  visitPath(
    (value as Record<string, unknown>)[head],
    rest,
    value as Record<string, unknown>,
    visit,
  );
}
