// Words for one operation, shared by the renderers: a step's changed fields (short values as
// `old → new`, long or multi-line ones as unified diffs), a step's fields as YAML, one line per
// button change, and the shop's start step. Plain text; each renderer escapes and colours it.
import { stringify } from 'yaml';
import type { ButtonView, PlanOperation, StepView } from '../../plan/types.js';
import { getPath, isButtonView, type ShopGroup, type StepGroup } from './group.js';
import { type DiffLine, textDiff } from './text-diff.js';
import { plural } from '../../plural.js';
import { STEP_KEY_FIELDS } from '../../steps/roles.js';

export type FieldChange =
  | { field: string; kind: 'inline'; before: string; after: string }
  | { field: string; kind: 'diff'; lines: DiffLine[] };

/** Values longer than this, or spanning lines, are shown as a diff rather than `old → new`. */
const INLINE_MAX = 60;

/**
 * Fields whose values are names (steps, types, links): shown bare rather than quoted. Step
 * references are every transition field of the registry (`no_operator` included).
 */
const NAME_FIELDS = new Set([...STEP_KEY_FIELDS, 'start', 'type', 'url']);

/** The changed fields of an updated step, in the order the plan lists them. */
export function stepFieldChanges(group: StepGroup): FieldChange[] {
  const before = group.before;
  const after = group.after;
  if (!before || !after) return [];
  const fields = group.op?.changed ?? differingFields(before, after);
  const changes: FieldChange[] = [];
  for (const field of fields) {
    if (field === 'name' && group.renamedFrom !== undefined) continue;
    changes.push(fieldChange(field, viewField(before, field), viewField(after, field)));
  }
  return changes;
}

/** For a plan that leaves out `changed`: the top-level fields, and params one by one, that differ. */
function differingFields(before: StepView, after: StepView): string[] {
  const fields = (['type', 'text', 'next'] as const).filter((f) => before[f] !== after[f]);
  const params = new Set([...Object.keys(before.params), ...Object.keys(after.params)]);
  return [
    ...fields,
    ...[...params].filter(
      (k) => JSON.stringify(before.params[k]) !== JSON.stringify(after.params[k]),
    ),
  ];
}

const VIEW_FIELDS = new Set(['type', 'text', 'next', 'name', 'params']);

/**
 * A changed field's value: plans name a step's own fields as the scenario does (`else`,
 * `branches`), which live in the view's params; plans saved by older versions said `params.else`.
 */
function viewField(view: StepView, field: string): unknown {
  return VIEW_FIELDS.has(field) || field.includes('.')
    ? getPath(view, field)
    : getPath(view.params, field);
}

function fieldChange(field: string, before: unknown, after: unknown): FieldChange {
  const old = inlineValue(field, before);
  const now = inlineValue(field, after);
  if (old !== undefined && now !== undefined)
    return { field, kind: 'inline', before: old, after: now };
  return { field, kind: 'diff', lines: textDiff(blockValue(before), blockValue(after)) };
}

/** A value as it reads inline, or undefined when it is too long or spans lines. */
function inlineValue(field: string, value: unknown): string | undefined {
  if (value === undefined || value === null) return '(none)';
  let text: string;
  if (typeof value === 'string') {
    const bare = NAME_FIELDS.has(field.split('.').pop() ?? '') && /^[^\s"]+$/.test(value);
    text = bare ? value : JSON.stringify(value);
    if (value.includes('\n')) return undefined;
  } else if (typeof value === 'number' || typeof value === 'boolean') {
    text = String(value);
  } else {
    text = JSON.stringify(value) ?? String(value);
  }
  return text.length <= INLINE_MAX ? text : undefined;
}

/** A value as diffable lines: a string as itself, anything else as YAML. */
function blockValue(value: unknown): string {
  if (value === undefined || value === null) return '';
  if (typeof value === 'string') return value;
  return yamlLines(value).join('\n');
}

function yamlLines(value: unknown): string[] {
  const text = stringify(value, { lineWidth: 0 });
  return text.replace(/\n$/, '').split('\n');
}

/** A step's fields as the scenario files would read them; empty text, no next and no params are left out. */
export function stepYaml(view: StepView): string[] {
  const shown: Record<string, unknown> = { type: view.type };
  if (view.text !== '') shown.text = view.text;
  if (view.next !== null) shown.next = view.next;
  if (Object.keys(view.params).length > 0) shown.params = view.params;
  return yamlLines(shown);
}

function buttonTarget(view: ButtonView): string {
  return view.goto ?? view.url ?? '(nowhere)';
}

/** A button's change in one line: `button 3 "Label" → target`, `button 2 "Old" → "New"`, `button "X" moves 1 → 3`. */
export function describeButton(op: PlanOperation): string {
  const before = isButtonView(op.before) ? op.before : null;
  const after = isButtonView(op.after) ? op.after : null;
  const label = (view: ButtonView | null) => JSON.stringify(view?.text ?? op.address.label ?? '');
  const place = (view: ButtonView | null) => (view ? view.position : (op.address.index ?? 0)) + 1;
  if (op.action === 'create' || !before)
    return `button ${place(after)} ${label(after)} → ${after ? buttonTarget(after) : '(nowhere)'}`;
  if (op.action === 'delete' || !after) return `button ${place(before)} ${label(before)}`;
  const changed = new Set(
    op.changed ??
      (['text', 'goto', 'url', 'position'] as const).filter((f) => before[f] !== after[f]),
  );
  const moved = changed.has('position') && before.position !== after.position;
  const renamed = changed.has('text') && before.text !== after.text;
  let text = `button${moved ? '' : ` ${place(after)}`} ${renamed ? `${label(before)} → ${label(after)}` : label(after)}`;
  const extras: string[] = [];
  if (moved) extras.push(`moves ${place(before)} → ${place(after)}`);
  if ((changed.has('goto') || changed.has('url')) && buttonTarget(before) !== buttonTarget(after))
    extras.push(`target: ${buttonTarget(before)} → ${buttonTarget(after)}`);
  if (extras.length > 0) text += `${renamed ? ',' : ''} ${extras.join(', ')}`;
  return text;
}

/** `start step: a → b` */
export function describeShop(group: ShopGroup): string {
  const name = (start: string | null | undefined) => start ?? '(none)';
  if (group.action === 'create' || !group.before) return `start step: ${name(group.after?.start)}`;
  if (group.action === 'delete' || !group.after)
    return `start step: ${name(group.before.start)} (cleared)`;
  return `start step: ${name(group.before.start)} → ${name(group.after.start)}`;
}

/** "+1 call to close a cycle", "+2 calls to clear references first". */
export function extraCalls(group: StepGroup): string[] {
  const notes: string[] = [];
  if (group.links > 0) notes.push(`+${plural(group.links, 'call')} to close a cycle`);
  if (group.unlinks > 0) notes.push(`+${plural(group.unlinks, 'call')} to clear references first`);
  return notes;
}
