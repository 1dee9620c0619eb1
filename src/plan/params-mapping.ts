// Transitions inside a step's type-specific fields are written with step keys in the scenario
// (branches[].goto, else, variants[].goto, on_error, ...) and stored with step ids on the platform
// (branches[].next_step, else_step, variants[].next_step, error_step, ...). The correspondence is
// the registry's (src/steps/); these functions are the only place that applies it.
import type { Json } from './canonical.js';
import { isRecord } from '../model/json.js';
import { FIELD_TRANSITIONS, LIST_TRANSITIONS } from '../steps/index.js';

const TOP_LEVEL: ReadonlyMap<string, string> = new Map(
  FIELD_TRANSITIONS.map((t) => [t.field, t.platformKey]),
);
const TOP_LEVEL_BACK: ReadonlyMap<string, string> = new Map(
  FIELD_TRANSITIONS.map((t) => [t.platformKey, t.field]),
);
const LISTS: readonly string[] = LIST_TRANSITIONS.map((t) => t.field);

/** Scenario params (keys) → platform params (ids, or whatever `resolve` makes of a key). */
export function toPlatformParams<R>(
  params: Record<string, Json>,
  resolve: (key: string) => R,
): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(params)) {
    const platformKey = TOP_LEVEL.get(key);
    if (platformKey !== undefined && typeof value === 'string') out[platformKey] = resolve(value);
    else if (LISTS.includes(key) && Array.isArray(value)) {
      out[key] = value.map((item) => {
        if (!isRecord(item)) return item;
        const { goto, ...rest } = item;
        if (typeof goto === 'string') return { ...rest, next_step: resolve(goto) };
        return goto === null ? { ...rest, next_step: null } : item;
      });
    } else out[key] = value;
  }
  return out;
}

/** Platform params (ids) → scenario params (keys, via `nameOf`). */
export function fromPlatformParams(
  params: Record<string, unknown>,
  nameOf: (id: number) => string,
): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(params)) {
    const field = TOP_LEVEL_BACK.get(key);
    if (field !== undefined) {
      if (typeof value === 'number') out[field] = nameOf(value);
      // A null reference is an unset one: absent in the scenario.
    } else if (LISTS.includes(key) && Array.isArray(value)) {
      out[key] = value.map((item) => {
        if (!isRecord(item)) return item;
        const { next_step: next, ...rest } = item;
        return typeof next === 'number' ? { ...rest, goto: nameOf(next) } : rest;
      });
    } else out[key] = value;
  }
  return out;
}

/** Step keys referenced from scenario params, with where (for cycle breaking). */
export function paramTargets(params: Record<string, Json>): string[] {
  const out: string[] = [];
  for (const [key, value] of Object.entries(params)) {
    if (TOP_LEVEL.has(key) && typeof value === 'string') out.push(value);
    else if (LISTS.includes(key) && Array.isArray(value)) {
      for (const item of value)
        if (isRecord(item) && typeof item.goto === 'string') out.push(item.goto);
    }
  }
  return out;
}

/** The same params with every step reference replaced by null (for a POST that a cycle defers). */
export function withoutParamRefs(
  params: Record<string, Json>,
  drop: (key: string) => boolean,
): Record<string, Json> {
  const out: Record<string, Json> = {};
  for (const [key, value] of Object.entries(params)) {
    if (TOP_LEVEL.has(key) && typeof value === 'string') {
      if (!drop(value)) out[key] = value;
    } else if (LISTS.includes(key) && Array.isArray(value)) {
      out[key] = value.map((item) =>
        isRecord(item) && typeof item.goto === 'string' && drop(item.goto)
          ? { ...item, goto: null }
          : item,
      ) as Json;
    } else out[key] = value;
  }
  return out;
}

export function platformParamKeyToScenario(key: string): string {
  return TOP_LEVEL_BACK.get(key) ?? key;
}
