// Each operation's call, checked against what its action, address, before and after imply: the
// call is derived again with the planner's own builders (plan/calls.ts), with step references as
// markers, and compared with the call in the file — method, path, query (the plan's shop), body
// field by field — along with the operation's id and its `changed` list. The call is what apply
// sends; `after` is what the reviewer saw: a call that says anything else is refused. Step ids in
// calls are checked against `live.steps` (id → name), which apply confirms against the live shop.
import { canonicalParams, deepEqual } from '../plan/canonical.js';
import {
  buttonCreateCall,
  buttonUpdateCall,
  deleteCall,
  shopUpdateCall,
  stepCreateCall,
  stepLinkCall,
  stepUpdateCall,
  type CallOf,
} from '../plan/calls.js';
import {
  buttonCreateId,
  buttonDeleteId,
  buttonUpdateId,
  shopUpdateId,
  stepCreateId,
  stepDeleteId,
  stepLinkId,
  stepUnlinkId,
  stepUpdateId,
} from '../plan/context.js';
import { fromPlatformParams, platformParamKeyToScenario } from '../plan/params-mapping.js';
import { viewTargets } from '../plan/refs.js';
import {
  isStepIdRef,
  type ButtonView,
  type CallValue,
  type PlanOperation,
  type ShopView,
  type StepView,
} from '../plan/types.js';
import { isRecord } from '../model/json.js';
import { API_PATHS } from '../remote/contract.js';
import { isManagedParam, isStepType, type StepType } from '../steps/index.js';

export interface CallContext {
  shopId: number;
  /** Step names the plan creates. */
  absent: ReadonlySet<string>;
  /** live.steps: step id → live name. */
  stepNames: ReadonlyMap<number, string>;
  /** New key → old live name, from the plan's renames. */
  renamedFrom: ReadonlyMap<string, string>;
  /** Step key → its `link` operation. */
  links: ReadonlyMap<string, PlanOperation>;
  /** Step key → its create operation. */
  creates: ReadonlyMap<string, PlanOperation>;
  /** Ids of the steps the plan deletes. */
  deletedSteps: ReadonlySet<number>;
  /** Names of the steps the plan deletes. */
  deletedNames: ReadonlySet<string>;
}

/** Stands in an expected body for "a reference to the step with this name". */
class Ref {
  constructor(readonly name: string) {}
}
const ref = (name: string): Ref => new Ref(name);

/** What an operation's call must be: its id, the call (references as Refs), and for updates `changed`. */
interface Expected {
  id: string;
  call: CallOf<Ref>;
  changed?: string[];
}

/** The first thing wrong with the operation's call, or undefined when it is what it implies. */
export function verifyCall(op: PlanOperation, ctx: CallContext): string | undefined {
  if (op.renamedFrom !== undefined && !isStepUpdate(op))
    return 'only a step update can be a rename';
  const expected = expectedCall(op, ctx);
  if (typeof expected === 'string') return expected;
  return compare(op, expected, ctx);
}

function isStepUpdate(op: PlanOperation): boolean {
  return op.action === 'update' && op.address.kind === 'step' && op.phase === undefined;
}

function expectedCall(op: PlanOperation, ctx: CallContext): Expected | string {
  const { action, address, phase } = op;
  if (address.kind === 'step') {
    if (action === 'create' && phase === undefined) return stepCreate(op, ctx);
    if (action === 'update' && phase === 'link') return stepLink(op, ctx);
    if (action === 'update' && phase === undefined) return stepUpdate(op, ctx);
    if (action === 'update' && phase === 'unlink') return stepUnlink(op, ctx);
    if (action === 'delete' && phase === undefined) return stepDelete(op, ctx);
  } else if (address.kind === 'menu_item') {
    if (action === 'create' && phase === undefined) return buttonCreate(op, ctx);
    if (action === 'update' && phase === undefined) return buttonUpdate(op, ctx);
    if (action === 'delete') return buttonDelete(op, ctx);
  } else if (address.kind === 'shop' && action === 'update' && phase === undefined)
    return shopUpdate(op, ctx);
  return `a ${phase ? `${phase} ` : ''}${action} of a ${address.kind} is not an operation botform makes`;
}

function stepCreate(op: PlanOperation, ctx: CallContext): Expected | string {
  const key = op.address.key;
  const after = op.after;
  if (!isStepView(after) || op.before !== null)
    return 'a step create must have no "before" and a step as "after"';
  if (!ctx.absent.has(key)) return `step "${key}" is created but is not among live.absent`;
  const later = deferredRefs(ctx.links.get(key));
  return { id: stepCreateId(key), call: stepCreateCall(ctx.shopId, key, after, later, ref) };
}

function stepLink(op: PlanOperation, ctx: CallContext): Expected | string {
  const key = op.address.key;
  const create = ctx.creates.get(key);
  if (!create) return `the link of step "${key}" has no create of that step`;
  if (op.before !== null || !isStepView(op.after) || !deepEqual(op.after, create.after))
    return 'a link must have no "before", and as "after" the created step';
  const later = deferredRefs(op);
  const targets = new Set(viewTargets(op.after));
  for (const name of later)
    if (!ctx.absent.has(name) || !targets.has(name))
      return `the link sets a reference to "${name}", which the step does not have or which the plan does not create`;
  const link = stepLinkCall(ctx.shopId, key, op.after, later, ref);
  if (!link) return 'the link sets nothing';
  return { id: stepLinkId(key), ...link };
}

function stepUpdate(op: PlanOperation, ctx: CallContext): Expected | string {
  const key = op.address.key;
  const { before, after } = op;
  if (!isStepView(before) || !isStepView(after))
    return 'a step update must have a step as "before" and "after"';
  const id = idInPath(op.call.path, 'steps');
  if (id === undefined) return `the path ${JSON.stringify(op.call.path)} is not a step's`;
  if (op.renamedFrom === key) return 'a rename to the same name';
  if (op.renamedFrom !== undefined && ctx.absent.has(key))
    return `a rename to "${key}", a name the plan also creates`;
  const liveName = op.renamedFrom ?? key;
  if (ctx.stepNames.get(id) !== liveName)
    return `step id ${id} is not the live step "${liveName}" (live.steps)`;
  if (!isStepType(before.type))
    return `the step type ${JSON.stringify(before.type)} is not one botform knows`;
  // A PATCH of params carries, besides `after`'s params, the live step's params botform does not
  // manage (the constructor's own settings), which it must keep; apply compares those with the
  // live record before writing (bind.ts). A managed param that `after` does not show is refused.
  const type = before.type;
  const bodyParams = op.call.body?.params;
  const unmanaged: Record<string, unknown> = {};
  if (isRecord(bodyParams))
    for (const [k, v] of Object.entries(bodyParams))
      if (!isManagedParam(type, platformParamKeyToScenario(k)))
        Object.defineProperty(unmanaged, k, { value: v, enumerable: true });
  const update = stepUpdateCall(
    ctx.shopId,
    id,
    { key, before, after, renamedFrom: op.renamedFrom },
    unmanaged,
    ref,
  );
  if (update.changed.length === 0) return 'the update changes nothing';
  return { id: stepUpdateId(key), ...update };
}

/**
 * An unlink is made from the live record, which the file does not hold, so its body is bounded
 * here (exactly next_step and params, no reference to a created step) and derived again from the
 * record at the read before writing (bind.ts).
 */
function stepUnlink(op: PlanOperation, ctx: CallContext): Expected | string {
  const id = idInPath(op.call.path, 'steps');
  if (id === undefined) return `the path ${JSON.stringify(op.call.path)} is not a step's`;
  if (!isStepView(op.before) || op.after !== null)
    return 'an unlink must have the step as "before" and no "after"';
  if (ctx.stepNames.get(id) !== op.address.key)
    return `step id ${id} is not the live step "${op.address.key}" (live.steps)`;
  if (!ctx.deletedSteps.has(id))
    return `step "${op.address.key}" is unlinked but not deleted by the plan`;
  const b = op.call.body;
  if (!b || !sameKeys(b, ['next_step', 'params']))
    return 'an unlink body sets exactly next_step and params';
  if (
    !(b.next_step === null || (typeof b.next_step === 'number' && ctx.stepNames.has(b.next_step)))
  )
    return 'an unlink sets next_step to null or to a step in live.steps';
  if (!isRecord(b.params) || hasStepRef(b.params))
    return 'an unlink sets params without references to steps created by the plan';
  const said = [...(op.changed ?? [])].sort();
  const want = unlinkChanges(op.before, b.next_step, b.params, ctx).sort();
  if (!deepEqual(said, want))
    return `"changed" says ${JSON.stringify(said)}, but the operation changes ${JSON.stringify(want)}`;
  return {
    id: stepUnlinkId(id),
    call: { method: 'PATCH', path: API_PATHS.step(id), query: { shop_id: ctx.shopId }, body: b },
    changed: op.changed ?? [],
  };
}

/** What an unlink changes, in the scenario's words: `next`, and each managed param it clears. */
function unlinkChanges(
  before: StepView,
  nextStep: unknown,
  params: Record<string, unknown>,
  ctx: CallContext,
): string[] {
  const out = before.next !== null && nextStep === null ? ['next'] : [];
  if (!isStepType(before.type)) return out;
  const type = before.type;
  const all = fromPlatformParams(params, (id) => ctx.stepNames.get(id) ?? `#${id}`);
  const after = canonicalParams(
    type,
    Object.fromEntries(Object.entries(all).filter(([k]) => isManagedParam(type, k))),
  );
  for (const key of new Set([...Object.keys(before.params), ...Object.keys(after)])) {
    if (!deepEqual(before.params[key], after[key])) out.push(key);
  }
  return out;
}

function stepDelete(op: PlanOperation, ctx: CallContext): Expected | string {
  const id = idInPath(op.call.path, 'steps');
  if (id === undefined) return `the path ${JSON.stringify(op.call.path)} is not a step's`;
  if (!isStepView(op.before) || op.after !== null)
    return 'a step delete must have the step as "before" and no "after"';
  if (ctx.stepNames.get(id) !== op.address.key)
    return `step id ${id} is not the live step "${op.address.key}" (live.steps)`;
  return { id: stepDeleteId(id), call: deleteCall(ctx.shopId, 'step', id) };
}

function buttonCreate(op: PlanOperation, ctx: CallContext): Expected | string {
  const after = op.after;
  if (!isButtonView(after) || op.before !== null)
    return 'a button create must have no "before" and a button as "after"';
  if (op.address.index !== after.position || op.address.label !== after.text)
    return "the address's index and label are not the button's position and text";
  const key = op.address.key;
  return {
    id: buttonCreateId(key, after.position),
    call: buttonCreateCall(ctx.shopId, ref(key), after, ref),
  };
}

function buttonUpdate(op: PlanOperation, ctx: CallContext): Expected | string {
  const { before, after } = op;
  if (!isButtonView(before) || !isButtonView(after))
    return 'a button update must have a button as "before" and "after"';
  const id = idInPath(op.call.path, 'menu_items');
  if (id === undefined) return `the path ${JSON.stringify(op.call.path)} is not a button's`;
  if (op.address.index !== after.position || op.address.label !== after.text)
    return "the address's index and label are not the button's position and text";
  const update = buttonUpdateCall(ctx.shopId, id, before, after, ref);
  if (update.changed.length === 0) return 'the update changes nothing';
  return { id: buttonUpdateId(id), ...update };
}

function buttonDelete(op: PlanOperation, ctx: CallContext): Expected | string {
  if (!isButtonView(op.before) || op.after !== null)
    return 'a button delete must have the button as "before" and no "after"';
  const id = idInPath(op.call.path, 'menu_items');
  if (id === undefined) return `the path ${JSON.stringify(op.call.path)} is not a button's`;
  if (op.address.index !== op.before.position)
    return "the address's index is not the button's position";
  // Removing a button to break a cycle is part of deleting its step, and only of that.
  if (op.phase === 'unlink' && !ctx.deletedNames.has(op.address.key))
    return `a button of step "${op.address.key}" is unlinked, but the plan does not delete that step`;
  return { id: buttonDeleteId(id), call: deleteCall(ctx.shopId, 'menu_item', id) };
}

function shopUpdate(op: PlanOperation, ctx: CallContext): Expected | string {
  const { before, after } = op;
  if (!isShopView(before) || !isShopView(after) || before.start === after.start)
    return 'a shop update must change the start step';
  if (op.address.key !== String(ctx.shopId))
    return `the operation is for shop ${op.address.key}, not the plan's shop ${ctx.shopId}`;
  return {
    id: shopUpdateId(ctx.shopId),
    call: shopUpdateCall(ctx.shopId, after, ref),
    changed: ['start'],
  };
}

// ---- comparing ----

/** The operation's id, call and `changed` against what they must be. */
function compare(op: PlanOperation, want: Expected, ctx: CallContext): string | undefined {
  if (op.id !== want.id) return `its id should be "${want.id}"`;
  const { call } = want;
  if (op.call.method !== call.method)
    return `the method is ${op.call.method}, but a${op.action === 'update' ? 'n' : ''} ${op.action} is ${call.method}`;
  if (op.call.path !== call.path)
    return `the path ${JSON.stringify(op.call.path)} should be ${JSON.stringify(call.path)}`;
  if (!deepEqual(op.call.query, call.query))
    return `the query ${JSON.stringify(op.call.query)} should be ${JSON.stringify(call.query)}${call.path.startsWith('/api/shops/') ? '' : " (the plan's shop)"}`;
  if (call.body === undefined) {
    if (op.call.body !== undefined) return 'a DELETE has no body';
  } else if (op.call.body === undefined) return 'the call has no body';
  else if (!matches(call.body, op.call.body, ctx))
    return `the body ${clip(JSON.stringify(op.call.body))} is not what the operation's "after" implies`;
  if (want.changed === undefined)
    return op.changed === undefined ? undefined : '"changed" is only for updates';
  return deepEqual(op.changed ?? [], want.changed)
    ? undefined
    : `"changed" says ${JSON.stringify(op.changed ?? [])}, but the operation changes ${JSON.stringify(want.changed)}`;
}

/** The step names a link operation's body refers to (by `$step`). */
function deferredRefs(op: PlanOperation | undefined): Set<string> {
  const names = new Set<string>();
  const walk = (value: CallValue | undefined): void => {
    if (isStepIdRef(value)) names.add(value.$step);
    else if (Array.isArray(value)) value.forEach(walk);
    else if (isRecord(value)) for (const v of Object.values(value)) walk(v as CallValue);
  };
  walk(op?.call.body);
  return names;
}

/** Whether `actual` is `expected`, where a Ref matches a `{$step}` of a created step or the id of the named live step. */
function matches(expected: unknown, actual: unknown, ctx: CallContext): boolean {
  if (expected instanceof Ref) {
    if (isStepIdRef(actual)) return actual.$step === expected.name && ctx.absent.has(expected.name);
    if (typeof actual !== 'number') return false;
    const live = ctx.stepNames.get(actual);
    return (
      live !== undefined &&
      !ctx.absent.has(expected.name) &&
      (live === expected.name || live === ctx.renamedFrom.get(expected.name))
    );
  }
  if (Array.isArray(expected))
    return (
      Array.isArray(actual) &&
      actual.length === expected.length &&
      expected.every((e, i) => matches(e, actual[i], ctx))
    );
  if (expected !== null && typeof expected === 'object') {
    if (!isRecord(actual) || isStepIdRef(actual)) return false;
    const keys = Object.keys(expected);
    return (
      sameKeys(actual, keys) &&
      keys.every((k) => matches((expected as Record<string, unknown>)[k], actual[k], ctx))
    );
  }
  return expected === actual;
}

function sameKeys(value: object, keys: readonly string[]): boolean {
  const own = Object.keys(value);
  return own.length === keys.length && keys.every((k) => Object.hasOwn(value, k));
}

function hasStepRef(value: unknown): boolean {
  if (isStepIdRef(value)) return true;
  if (Array.isArray(value)) return value.some(hasStepRef);
  return isRecord(value) && Object.values(value).some(hasStepRef);
}

function idInPath(path: string, collection: 'steps' | 'menu_items'): number | undefined {
  const match = new RegExp(`^/api/${collection}/([1-9]\\d{0,14})/$`).exec(path);
  return match ? Number(match[1]) : undefined;
}

/** A step view of a known type whose params are exactly ones that type manages (the registry's). */
function isStepView(v: unknown): v is StepView {
  return (
    isRecord(v) &&
    isStepType(v.type) &&
    typeof v.text === 'string' &&
    (v.next === null || typeof v.next === 'string') &&
    isRecord(v.params) &&
    Object.keys(v.params).every((key) => isManagedParam(v.type as StepType, key))
  );
}
function isButtonView(v: unknown): v is ButtonView {
  return (
    isRecord(v) &&
    typeof v.text === 'string' &&
    typeof v.position === 'number' &&
    (v.goto === null || typeof v.goto === 'string') &&
    (v.url === null || typeof v.url === 'string')
  );
}
function isShopView(v: unknown): v is ShopView {
  return isRecord(v) && (v.start === null || typeof v.start === 'string');
}

const clip = (text: string): string => (text.length > 120 ? `${text.slice(0, 117)}...` : text);
