// The call of each kind of operation, built from what the operation shows (its views, names and
// ids). The planner builds with references resolved to ids or `{"$step": key}`; apply's check of
// a saved plan (apply/verify-calls.ts) builds the same call with references as markers and
// compares it with the call in the file. One derivation, so the two cannot drift apart.
import { API_PATHS, type StepRecord } from '../remote/contract.js';
import { deepEqual, type Json } from './canonical.js';
import {
  platformParamKeyToScenario,
  toPlatformParams,
  withoutParamRefs,
} from './params-mapping.js';
import { clearParamRefs } from './refs.js';
import type { ButtonView, CallValue, PlannedCall, ShopView, StepView } from './types.js';

/** A call whose references to steps are `R` (an id or `{$step}` when planning, a marker when checking). */
export interface CallOf<R> {
  method: PlannedCall['method'];
  path: string;
  query: Record<string, number>;
  body?: Record<string, R | unknown>;
}

/** An update's call and the fields it changes, in the scenario's words. */
export interface UpdateOf<R> {
  call: CallOf<R>;
  changed: string[];
}

type Resolve<R> = (key: string) => R;

/** A call built by the planner: its references are ids and `{$step}`s, its values JSON. */
export function planned(call: CallOf<CallValue>): PlannedCall {
  return call as PlannedCall;
}

const scenarioParams = (view: StepView) => view.params as Record<string, Json>;

/** A new step's POST; the references a cycle of new steps defers (`later`) are left out. */
export function stepCreateCall<R>(
  shopId: number,
  key: string,
  view: StepView,
  later: ReadonlySet<string>,
  resolve: Resolve<R>,
): CallOf<R> {
  const params = withoutParamRefs(scenarioParams(view), (t) => later.has(t));
  return {
    method: 'POST',
    path: API_PATHS.steps,
    query: { shop_id: shopId },
    body: {
      name: key,
      type: view.type,
      text: view.text,
      next_step: view.next !== null && !later.has(view.next) ? resolve(view.next) : null,
      params: toPlatformParams(params, resolve),
    },
  };
}

/** The PATCH after a create that sets the references it left out (`link`); undefined when none were. */
export function stepLinkCall<R>(
  shopId: number,
  key: string,
  view: StepView,
  later: ReadonlySet<string>,
  resolve: Resolve<R>,
): UpdateOf<R> | undefined {
  const all = scenarioParams(view);
  const created = withoutParamRefs(all, (t) => later.has(t));
  const body: Record<string, unknown> = {};
  if (view.next !== null && later.has(view.next)) body.next_step = resolve(view.next);
  if (!deepEqual(created, all)) body.params = toPlatformParams(all, resolve);
  if (Object.keys(body).length === 0) return undefined;
  return {
    call: {
      method: 'PATCH',
      path: `${API_PATHS.steps}{step:${key}}/`,
      query: { shop_id: shopId },
      body,
    },
    // In the scenario's words: `next`, `else`, `branches`, ... (not `next_step`, `params`).
    changed: [
      ...(body.next_step !== undefined ? ['next'] : []),
      ...(body.params !== undefined
        ? Object.keys(all).filter((k) => !deepEqual(created[k], all[k]))
        : []),
    ],
  };
}

/**
 * A kept step's PATCH: what differs between `before` and `after`, the new name of a rename, and
 * when params change, all of `after`'s params plus `unmanaged` (the live step's params botform
 * does not model, which a PATCH of params must keep). `changed` is empty when nothing differs.
 */
export function stepUpdateCall<R>(
  shopId: number,
  stepId: number,
  update: { key: string; before: StepView; after: StepView; renamedFrom: string | undefined },
  unmanaged: Record<string, unknown>,
  resolve: Resolve<R>,
): UpdateOf<R> {
  const { key, before, after } = update;
  const changed: string[] = [];
  const body: Record<string, unknown> = {};
  if (update.renamedFrom !== undefined) {
    changed.push('name');
    body.name = key;
  }
  if (before.type !== after.type) {
    changed.push('type');
    body.type = after.type;
  }
  if (before.text !== after.text) {
    changed.push('text');
    body.text = after.text;
  }
  if (before.next !== after.next) {
    changed.push('next');
    body.next_step = after.next === null ? null : resolve(after.next);
  }
  const paramChanges = [...new Set([...Object.keys(before.params), ...Object.keys(after.params)])]
    .sort()
    .filter((k) => !deepEqual(before.params[k], after.params[k]));
  if (paramChanges.length > 0) {
    changed.push(...paramChanges);
    body.params = { ...unmanaged, ...toPlatformParams(scenarioParams(after), resolve) };
  }
  return {
    call: { method: 'PATCH', path: API_PATHS.step(stepId), query: { shop_id: shopId }, body },
    changed,
  };
}

/**
 * The PATCH that clears a deleted step's references to the other deleted steps (`unlink`), made
 * from its live record: `next_step` and every param reference to a step in `deleted` set to null.
 */
export function stepUnlinkCall(
  shopId: number,
  step: StepRecord,
  deleted: ReadonlySet<number>,
): UpdateOf<never> {
  const before = step.params ?? {};
  const params = clearParamRefs(before, deleted);
  const nextCleared = step.next_step !== null && deleted.has(step.next_step);
  return {
    call: {
      method: 'PATCH',
      path: API_PATHS.step(step.id),
      query: { shop_id: shopId },
      body: { next_step: nextCleared ? null : step.next_step, params },
    },
    // What is cleared, in the scenario's words (`else`, `branches`, not `else_step`).
    changed: [
      ...(nextCleared ? ['next'] : []),
      ...Object.keys(before)
        .filter((k) => !deepEqual(before[k], params[k]))
        .map(platformParamKeyToScenario),
    ],
  };
}

/** A new button's POST; `step` is its step (an id or a reference to a step created earlier). */
export function buttonCreateCall<R>(
  shopId: number,
  step: R | number,
  button: ButtonView,
  resolve: Resolve<R>,
): CallOf<R> {
  return {
    method: 'POST',
    path: API_PATHS.menuItems,
    query: { shop_id: shopId },
    body: {
      step,
      text: button.text,
      next_step: button.goto === null ? null : resolve(button.goto),
      url: button.url,
      position: button.position,
    },
  };
}

/** A kept button's PATCH: the fields in which `before` and `after` differ. */
export function buttonUpdateCall<R>(
  shopId: number,
  id: number,
  before: ButtonView,
  after: ButtonView,
  resolve: Resolve<R>,
): UpdateOf<R> {
  const body: Record<string, unknown> = {};
  const changed: string[] = [];
  if (before.text !== after.text) {
    body.text = after.text;
    changed.push('text');
  }
  if (before.goto !== after.goto) {
    body.next_step = after.goto === null ? null : resolve(after.goto);
    changed.push('goto');
  }
  if (before.url !== after.url) {
    body.url = after.url;
    changed.push('url');
  }
  if (before.position !== after.position) {
    body.position = after.position;
    changed.push('position');
  }
  return {
    call: { method: 'PATCH', path: API_PATHS.menuItem(id), query: { shop_id: shopId }, body },
    changed,
  };
}

/** The shop's PATCH of its start step. */
export function shopUpdateCall<R>(shopId: number, after: ShopView, resolve: Resolve<R>): CallOf<R> {
  return {
    method: 'PATCH',
    path: API_PATHS.shop(shopId),
    query: {},
    body: { start_step: after.start === null ? null : resolve(after.start) },
  };
}

/** A DELETE of a step or a button. */
export function deleteCall(shopId: number, kind: 'step' | 'menu_item', id: number): CallOf<never> {
  return {
    method: 'DELETE',
    path: kind === 'step' ? API_PATHS.step(id) : API_PATHS.menuItem(id),
    query: { shop_id: shopId },
  };
}
