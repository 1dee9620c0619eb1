// Reading and checking the fields of a JSON request body. Each reader records a DRF-style message
// under the field's name and returns undefined, so that one answer lists every problem at once.
import type { FieldErrors } from './api-error.js';
import { fieldError } from './api-error.js';

export type Body = Record<string, unknown>;

export class FieldCollector {
  // Keyed by the client's field names: no prototype, so "__proto__" or "toString" is just a key.
  readonly errors: FieldErrors = Object.create(null) as FieldErrors;
  /** Records the problem; returns undefined so that a reader can `return out.add(...)`. */
  add(field: string, message: string): undefined {
    const list = this.errors[field] ?? [];
    list.push(message);
    this.errors[field] = list;
    return undefined;
  }
  get ok(): boolean {
    return Object.keys(this.errors).length === 0;
  }
}

/** The body must be a JSON object. */
export function asBody(value: unknown): Body {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) {
    const got = value === null ? 'null' : Array.isArray(value) ? 'list' : typeof value;
    throw fieldError('non_field_errors', `Invalid data. Expected a dictionary, but got ${got}.`);
  }
  return value as Body;
}

/** Fields the server fills in are ignored; fields it does not know are an error (a typo would otherwise be lost). */
export function checkKnownFields(
  body: Body,
  writable: readonly string[],
  readOnly: readonly string[],
  out: FieldCollector,
): void {
  for (const key of Object.keys(body)) {
    if (!writable.includes(key) && !readOnly.includes(key)) out.add(key, 'Unknown field.');
  }
}

const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

/** Length in characters (code points), as the platform counts them. */
function charLength(value: string): number {
  let n = 0;
  for (const _ of value) n += 1;
  return n;
}

interface Presence {
  required: boolean;
  nullable: boolean;
}

function present(
  body: Body,
  field: string,
  presence: Presence,
  out: FieldCollector,
): 'absent' | 'null' | 'value' {
  if (!(field in body) || body[field] === undefined) {
    if (presence.required) out.add(field, 'This field is required.');
    return 'absent';
  }
  if (body[field] === null) {
    if (!presence.nullable) out.add(field, 'This field may not be null.');
    return 'null';
  }
  return 'value';
}

export function readString(
  body: Body,
  field: string,
  rule: Presence & { min: number; max: number },
  out: FieldCollector,
): string | null | undefined {
  const state = present(body, field, rule, out);
  if (state === 'absent') return undefined;
  if (state === 'null') return rule.nullable ? null : undefined;
  const value = body[field];
  if (typeof value !== 'string') return out.add(field, 'Not a valid string.');
  if (LONE_SURROGATE.test(value)) return out.add(field, 'Not valid Unicode text.');
  const length = charLength(value);
  if (length < rule.min)
    return out.add(
      field,
      rule.min === 1
        ? 'This field may not be blank.'
        : `Ensure this field has at least ${rule.min} characters.`,
    );
  if (length > rule.max)
    return out.add(field, `Ensure this field has no more than ${rule.max} characters.`);
  return value;
}

export function readInteger(
  body: Body,
  field: string,
  rule: Presence & { min: number; max: number },
  out: FieldCollector,
): number | null | undefined {
  const state = present(body, field, rule, out);
  if (state === 'absent') return undefined;
  if (state === 'null') return rule.nullable ? null : undefined;
  const value = body[field];
  if (typeof value !== 'number' || !Number.isSafeInteger(value))
    return out.add(field, 'A valid integer is required.');
  if (value < rule.min)
    return out.add(field, `Ensure this value is greater than or equal to ${rule.min}.`);
  if (value > rule.max)
    return out.add(field, `Ensure this value is less than or equal to ${rule.max}.`);
  return value;
}

/** A step id (a positive integer), or null where allowed. */
export function readStepId(
  body: Body,
  field: string,
  rule: Presence,
  out: FieldCollector,
): number | null | undefined {
  const state = present(body, field, rule, out);
  if (state === 'absent') return undefined;
  if (state === 'null') return rule.nullable ? null : undefined;
  const value = body[field];
  if (typeof value !== 'number' || !Number.isSafeInteger(value) || value < 1) {
    return out.add(field, 'Incorrect type. Expected pk value (a positive integer).');
  }
  return value;
}

/** An absolute http(s) URL. */
export function isHttpUrl(value: string): boolean {
  if (/\s/.test(value)) return false;
  try {
    const url = new URL(value);
    return (url.protocol === 'http:' || url.protocol === 'https:') && url.hostname !== '';
  } catch {
    return false;
  }
}
