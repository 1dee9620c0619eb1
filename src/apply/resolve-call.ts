// Turns a planned call into a concrete request: `{step:key}` in paths and `{"$step": key}` in
// bodies become the ids of steps created earlier in the same apply.
import { isStepIdRef, type CallValue, type PlannedCall } from '../plan/types.js';

export interface ConcreteCall {
  method: PlannedCall['method'];
  path: string;
  query: Record<string, string | number>;
  body?: Record<string, unknown>;
}

export class UnresolvedStepError extends Error {}

export function resolveCall(call: PlannedCall, ids: ReadonlyMap<string, number>): ConcreteCall {
  const idOf = (key: string): number => {
    const id = ids.get(key);
    if (id === undefined) throw new UnresolvedStepError(`the id of step "${key}" is not known yet`);
    return id;
  };
  const path = call.path.replace(/\{step:([^}]+)\}/g, (_, key: string) => String(idOf(key)));
  const resolve = (value: CallValue): unknown => {
    if (isStepIdRef(value)) return idOf(value.$step);
    if (Array.isArray(value)) return value.map(resolve);
    if (value !== null && typeof value === 'object')
      return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, resolve(v)]));
    return value;
  };
  return {
    method: call.method,
    path,
    query: call.query,
    ...(call.body !== undefined ? { body: resolve(call.body) as Record<string, unknown> } : {}),
  };
}
