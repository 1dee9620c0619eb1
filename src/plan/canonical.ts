// One canonical form for both sides of the diff, so that nothing the platform or the editor
// does on its own shows as a change: trailing whitespace, key order, values equal to defaults.
import type { Json } from '../model/json.js';
import { stepSpec, type StepType } from '../steps/index.js';

export type { Json } from '../model/json.js';

export function canonicalText(text: string): string {
  return text.replace(/[ \t]+$/gm, '').replace(/\s+$/, '');
}

const FIELD_ITEM_DEFAULTS: Record<string, Json> = { kind: 'text', required: true };
const ALWAYS_DEFAULTS: Record<string, Json> = { protect: false };

export function canonicalParams(
  type: StepType,
  params: Record<string, unknown>,
): Record<string, Json> {
  // Defaults the platform applies when a field is absent (the registry's): dropped.
  const defaults = { ...ALWAYS_DEFAULTS, ...stepSpec(type).defaults };
  const out: Record<string, Json> = {};
  for (const key of Object.keys(params).sort()) {
    const value = params[key];
    if (value === undefined) continue;
    let json = canonicalJson(value);
    if (Object.hasOwn(defaults, key) && deepEqual(json, defaults[key] as Json)) continue;
    if (key === 'fields' && Array.isArray(json)) json = json.map(dropFieldDefaults);
    if (typeof json === 'string' && (key.endsWith('_text') || key === 'description'))
      json = canonicalText(json);
    out[key] = json;
  }
  return out;
}

function dropFieldDefaults(item: Json): Json {
  if (item === null || typeof item !== 'object' || Array.isArray(item)) return item;
  const out: Record<string, Json> = {};
  for (const [key, value] of Object.entries(item)) {
    if (
      Object.hasOwn(FIELD_ITEM_DEFAULTS, key) &&
      deepEqual(value, FIELD_ITEM_DEFAULTS[key] as Json)
    )
      continue;
    out[key] = value;
  }
  return out;
}

/** Plain JSON with object keys sorted, so equal values serialise equally. */
export function canonicalJson(value: unknown): Json {
  if (value === null || typeof value === 'string' || typeof value === 'boolean') return value;
  if (typeof value === 'number') return Number.isFinite(value) ? value : null;
  if (Array.isArray(value)) return value.map(canonicalJson);
  if (typeof value === 'object') {
    const out: Record<string, Json> = {};
    for (const key of Object.keys(value).sort()) {
      const child = (value as Record<string, unknown>)[key];
      // defineProperty: a key named "__proto__" stays a key instead of replacing the prototype.
      if (child !== undefined)
        Object.defineProperty(out, key, {
          value: canonicalJson(child),
          enumerable: true,
          writable: true,
          configurable: true,
        });
    }
    return out;
  }
  return null;
}

export function deepEqual(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (a === null || b === null || typeof a !== 'object' || typeof b !== 'object') return false;
  if (Array.isArray(a) !== Array.isArray(b)) return false;
  if (Array.isArray(a) && Array.isArray(b))
    return a.length === b.length && a.every((x, i) => deepEqual(x, b[i]));
  const ka = Object.keys(a);
  const kb = Object.keys(b);
  return (
    ka.length === kb.length &&
    ka.every(
      (k) =>
        Object.hasOwn(b, k) &&
        deepEqual((a as Record<string, unknown>)[k], (b as Record<string, unknown>)[k]),
    )
  );
}

export function stableStringify(value: unknown): string {
  return JSON.stringify(canonicalJson(value));
}
