// Each operation's call, checked against what its action, address, before and after imply:
// method, path, query (the plan's shop), body field by field, the operation's id and its
// `changed` list. The call is what apply sends; `after` is what the reviewer saw — a call that
// says anything else is refused. Step ids in calls are checked against `live.steps` (id → name).
import { canonicalParams, deepEqual, type Json } from '../plan/canonical.js';
import {
  fromPlatformParams,
  platformParamKeyToScenario,
  toPlatformParams,
  withoutParamRefs,
} from '../plan/params-mapping.js';
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
import { isManagedParam, isStepType } from '../steps/index.js';

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
}

/** Stands in an expected body for "a reference to the step with this name". */
class Ref {
  constructor(readonly name: string) {}
}
type Expected = Ref | Json | Expected[] | { [key: string]: Expected };

const ref = (name: string): Ref => new Ref(name);
const refOrNull = (name: string | null): Ref | null => (name === null ? null : ref(name));

/** The first thing wrong with the operation's call, or undefined when it is what it implies. */
export function verifyCall(op: PlanOperation, ctx: CallContext): string | undefined {
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

function stepCreate(op: PlanOperation, ctx: CallContext): string | undefined {
  const key = op.address.key;
  const after = op.after;
  if (!isStepView(after) || op.before !== null)
    return 'a step create must have no "before" and a step as "after"';
  const base = common(op, {
    id: `create:step:${key}`,
    method: 'POST',
    path: '/api/steps/',
    query: shopQuery(ctx),
  });
  if (base) return base;
  if (!ctx.absent.has(key)) return `step "${key}" is created but is not among live.absent`;
  const deferred = deferredRefs(ctx.links.get(key));
  const expected: Expected = {
    name: key,
    type: after.type,
    text: after.text,
    next_step: after.next === null || deferred.has(after.next) ? null : ref(after.next),
    params: expectParams(
      withoutParamRefs(after.params as Record<string, Json>, (t) => deferred.has(t)),
    ),
  };
  return body(op, expected, ctx) ?? noChanged(op);
}

function stepLink(op: PlanOperation, ctx: CallContext): string | undefined {
  const key = op.address.key;
  const create = ctx.creates.get(key);
  if (!create) return `the link of step "${key}" has no create of that step`;
  if (op.before !== null || !isStepView(op.after) || !deepEqual(op.after, create.after))
    return 'a link must have no "before", and as "after" the created step';
  const after = op.after;
  const base = common(op, {
    id: `link:step:${key}`,
    method: 'PATCH',
    path: `/api/steps/{step:${key}}/`,
    query: shopQuery(ctx),
  });
  if (base) return base;
  const deferred = deferredRefs(op);
  const targets = new Set(viewTargets(after));
  for (const name of deferred)
    if (!ctx.absent.has(name) || !targets.has(name))
      return `the link sets a reference to "${name}", which the step does not have or which the plan does not create`;
  const expected: Record<string, Expected> = {};
  if (after.next !== null && deferred.has(after.next)) expected.next_step = ref(after.next);
  const params = after.params as Record<string, Json>;
  const created = withoutParamRefs(params, (t) => deferred.has(t));
  if (!deepEqual(created, params)) expected.params = expectParams(params);
  if (Object.keys(expected).length === 0) return 'the link sets nothing';
  // In the scenario's words, as the plan writes them: `next`, and each param the link completes.
  const changed = [
    ...(expected.next_step !== undefined ? ['next'] : []),
    ...Object.keys(params).filter((k) => !deepEqual(created[k], params[k])),
  ];
  return body(op, expected, ctx) ?? changedIs(op, changed);
}

function stepUpdate(op: PlanOperation, ctx: CallContext): string | undefined {
  const key = op.address.key;
  const { before, after } = op;
  if (!isStepView(before) || !isStepView(after))
    return 'a step update must have a step as "before" and "after"';
  const id = idInPath(op.call.path, 'steps');
  if (id === undefined) return `the path ${JSON.stringify(op.call.path)} is not a step's`;
  const base = common(op, {
    id: `update:step:${key}`,
    method: 'PATCH',
    path: `/api/steps/${id}/`,
    query: shopQuery(ctx),
  });
  if (base) return base;
  const liveName = op.renamedFrom ?? key;
  if (ctx.stepNames.get(id) !== liveName)
    return `step id ${id} is not the live step "${liveName}" (live.steps)`;
  if (op.renamedFrom === key) return 'a rename to the same name';
  const expected: Record<string, Expected> = {};
  const changed: string[] = [];
  if (op.renamedFrom !== undefined) {
    expected.name = key;
    changed.push('name');
  }
  if (before.type !== after.type) {
    expected.type = after.type;
    changed.push('type');
  }
  if (before.text !== after.text) {
    expected.text = after.text;
    changed.push('text');
  }
  if (before.next !== after.next) {
    expected.next_step = refOrNull(after.next);
    changed.push('next');
  }
  const paramKeys = [
    ...new Set([...Object.keys(before.params), ...Object.keys(after.params)]),
  ].sort();
  const paramChanges = paramKeys.filter((k) => !deepEqual(before.params[k], after.params[k]));
  changed.push(...paramChanges);
  if (changed.length === 0) return 'the update changes nothing';
  const { params: bodyParams, ...rest } = op.call.body ?? {};
  if (paramChanges.length > 0) {
    // The body's params are the managed ones as `after` shows them plus the live step's
    // unmanaged ones (the constructor's own settings), which a PATCH of params must keep.
    if (!isRecord(bodyParams)) return 'the body must set "params"';
    if (!isStepType(before.type))
      return `the step type ${JSON.stringify(before.type)} is not one botform knows`;
    const stepType = before.type;
    const managed = expectParams(after.params as Record<string, Json>) as Record<string, Expected>;
    const bodyManaged: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(bodyParams)) {
      if (Object.hasOwn(managed, k))
        Object.defineProperty(bodyManaged, k, { value: v, enumerable: true });
      else if (isManagedParam(stepType, platformParamKeyToScenario(k)))
        return `the body sets params.${k}, which "after" does not show`;
    }
    if (!matches(managed, bodyManaged, ctx)) return 'the body\'s params are not what "after" shows';
  } else if (bodyParams !== undefined) return 'the body sets "params", which do not change';
  return body({ ...op, call: { ...op.call, body: rest } }, expected, ctx) ?? changedIs(op, changed);
}

function stepUnlink(op: PlanOperation, ctx: CallContext): string | undefined {
  const id = idInPath(op.call.path, 'steps');
  if (id === undefined) return `the path ${JSON.stringify(op.call.path)} is not a step's`;
  const base = common(op, {
    id: `unlink:step:${id}`,
    method: 'PATCH',
    path: `/api/steps/${id}/`,
    query: shopQuery(ctx),
  });
  if (base) return base;
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
  return deepEqual(said, want)
    ? undefined
    : `"changed" says ${JSON.stringify(said)}, but the operation changes ${JSON.stringify(want)}`;
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

function stepDelete(op: PlanOperation, ctx: CallContext): string | undefined {
  const id = idInPath(op.call.path, 'steps');
  if (id === undefined) return `the path ${JSON.stringify(op.call.path)} is not a step's`;
  if (!isStepView(op.before) || op.after !== null)
    return 'a step delete must have the step as "before" and no "after"';
  if (ctx.stepNames.get(id) !== op.address.key)
    return `step id ${id} is not the live step "${op.address.key}" (live.steps)`;
  return (
    common(op, {
      id: `delete:step:${id}`,
      method: 'DELETE',
      path: `/api/steps/${id}/`,
      query: shopQuery(ctx),
    }) ??
    noBody(op) ??
    noChanged(op)
  );
}

function buttonCreate(op: PlanOperation, ctx: CallContext): string | undefined {
  const after = op.after;
  if (!isButtonView(after) || op.before !== null)
    return 'a button create must have no "before" and a button as "after"';
  const key = op.address.key;
  const base = common(op, {
    id: `create:menu_item:${key}:${after.position}`,
    method: 'POST',
    path: '/api/menu_items/',
    query: shopQuery(ctx),
  });
  if (base) return base;
  if (op.address.index !== after.position || op.address.label !== after.text)
    return "the address's index and label are not the button's position and text";
  const expected: Expected = {
    step: ref(key),
    text: after.text,
    next_step: refOrNull(after.goto),
    url: after.url,
    position: after.position,
  };
  return body(op, expected, ctx) ?? noChanged(op);
}

function buttonUpdate(op: PlanOperation, ctx: CallContext): string | undefined {
  const { before, after } = op;
  if (!isButtonView(before) || !isButtonView(after))
    return 'a button update must have a button as "before" and "after"';
  const id = idInPath(op.call.path, 'menu_items');
  if (id === undefined) return `the path ${JSON.stringify(op.call.path)} is not a button's`;
  const base = common(op, {
    id: `update:menu_item:${id}`,
    method: 'PATCH',
    path: `/api/menu_items/${id}/`,
    query: shopQuery(ctx),
  });
  if (base) return base;
  if (op.address.index !== after.position || op.address.label !== after.text)
    return "the address's index and label are not the button's position and text";
  const expected: Record<string, Expected> = {};
  const changed: string[] = [];
  if (before.text !== after.text) {
    expected.text = after.text;
    changed.push('text');
  }
  if (before.goto !== after.goto) {
    expected.next_step = refOrNull(after.goto);
    changed.push('goto');
  }
  if (before.url !== after.url) {
    expected.url = after.url;
    changed.push('url');
  }
  if (before.position !== after.position) {
    expected.position = after.position;
    changed.push('position');
  }
  if (changed.length === 0) return 'the update changes nothing';
  return body(op, expected, ctx) ?? changedIs(op, changed);
}

function buttonDelete(op: PlanOperation, ctx: CallContext): string | undefined {
  if (!isButtonView(op.before) || op.after !== null)
    return 'a button delete must have the button as "before" and no "after"';
  const id = idInPath(op.call.path, 'menu_items');
  if (id === undefined) return `the path ${JSON.stringify(op.call.path)} is not a button's`;
  if (op.address.index !== op.before.position)
    return "the address's index is not the button's position";
  return (
    common(op, {
      id: `delete:menu_item:${id}`,
      method: 'DELETE',
      path: `/api/menu_items/${id}/`,
      query: shopQuery(ctx),
    }) ??
    noBody(op) ??
    noChanged(op)
  );
}

function shopUpdate(op: PlanOperation, ctx: CallContext): string | undefined {
  const { before, after } = op;
  if (!isShopView(before) || !isShopView(after) || before.start === after.start)
    return 'a shop update must change the start step';
  if (op.address.key !== String(ctx.shopId))
    return `the operation is for shop ${op.address.key}, not the plan's shop ${ctx.shopId}`;
  const base = common(op, {
    id: `update:shop:${ctx.shopId}`,
    method: 'PATCH',
    path: `/api/shops/${ctx.shopId}/`,
    query: {},
  });
  return base ?? body(op, { start_step: refOrNull(after.start) }, ctx) ?? changedIs(op, ['start']);
}

// ---- shared checks ----

function common(
  op: PlanOperation,
  want: { id: string; method: string; path: string; query: Record<string, number> },
): string | undefined {
  if (op.id !== want.id) return `its id should be "${want.id}"`;
  if (op.call.method !== want.method)
    return `the method is ${op.call.method}, but a${op.action === 'update' ? 'n' : ''} ${op.action} is ${want.method}`;
  if (op.call.path !== want.path)
    return `the path ${JSON.stringify(op.call.path)} should be ${JSON.stringify(want.path)}`;
  if (!deepEqual(op.call.query, want.query))
    return `the query ${JSON.stringify(op.call.query)} should be ${JSON.stringify(want.query)} (the plan's shop)`;
  if (
    op.renamedFrom !== undefined &&
    !(op.action === 'update' && op.address.kind === 'step' && op.phase === undefined)
  )
    return 'only a step update can be a rename';
  return undefined;
}

const shopQuery = (ctx: CallContext) => ({ shop_id: ctx.shopId });

function body(op: PlanOperation, expected: Expected, ctx: CallContext): string | undefined {
  if (op.call.body === undefined) return 'the call has no body';
  return matches(expected, op.call.body, ctx)
    ? undefined
    : `the body ${clip(JSON.stringify(op.call.body))} is not what the operation's "after" implies`;
}

function noBody(op: PlanOperation): string | undefined {
  return op.call.body === undefined ? undefined : 'a DELETE has no body';
}

function noChanged(op: PlanOperation): string | undefined {
  return op.changed === undefined ? undefined : '"changed" is only for updates';
}

function changedIs(op: PlanOperation, want: string[]): string | undefined {
  return deepEqual(op.changed ?? [], want)
    ? undefined
    : `"changed" says ${JSON.stringify(op.changed ?? [])}, but the operation changes ${JSON.stringify(want)}`;
}

/** Expected platform params for scenario params: references become Refs. */
function expectParams(params: Record<string, Json>): Expected {
  return toPlatformParams(params, ref) as Expected;
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

function matches(expected: Expected, actual: unknown, ctx: CallContext): boolean {
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
      keys.every((k) =>
        matches((expected as Record<string, Expected>)[k] as Expected, actual[k], ctx),
      )
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

function isStepView(v: unknown): v is StepView {
  return (
    isRecord(v) &&
    typeof v.type === 'string' &&
    typeof v.text === 'string' &&
    (v.next === null || typeof v.next === 'string') &&
    isRecord(v.params)
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
