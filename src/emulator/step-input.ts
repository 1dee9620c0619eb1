// What a client may send for a step (POST creates, PATCH changes some fields), checked for shape
// and bounds. Whether referenced steps exist is checked later, against the shop (integrity.ts).
import { API_LIMITS, READ_ONLY_FIELDS, findBadParamStepRefs } from '../remote/contract.js';
import { STEP_TYPES, isStepType } from '../steps/index.js';
import { fieldErrors } from './api-error.js';
import { FieldCollector, asBody, checkKnownFields, readStepId, readString } from './fields.js';
import type { Body } from './fields.js';
import type { StepData } from './store/steps.js';

const WRITABLE = ['name', 'type', 'text', 'next_step', 'params'] as const;

/** A new step: name and type required, the rest defaulted. Throws a 400. */
export function parseStepCreate(raw: unknown): StepData {
  const { name, type, ...rest } = parseStepInput(raw, true);
  // parseStepInput has already answered 400 if either is missing; this only tells the compiler.
  if (name === undefined || type === undefined)
    throw fieldErrors({ non_field_errors: ['name and type are required.'] });
  return { name, type, text: '', next_step: null, params: {}, ...rest };
}

/** A partial update: only the fields sent. Throws a 400. */
export function parseStepPatch(raw: unknown): Partial<StepData> {
  return parseStepInput(raw, false);
}

function parseStepInput(raw: unknown, required: boolean): Partial<StepData> {
  const body = asBody(raw);
  const out = new FieldCollector();
  checkKnownFields(body, WRITABLE, READ_ONLY_FIELDS.step, out);
  const name = readString(
    body,
    'name',
    { required, nullable: false, min: 1, max: API_LIMITS.nameLength },
    out,
  );
  const type = readType(body, required, out);
  const text = readString(
    body,
    'text',
    { required: false, nullable: false, min: 0, max: API_LIMITS.stepTextLength },
    out,
  );
  const next = readStepId(body, 'next_step', { required: false, nullable: true }, out);
  const params = readParams(body, out);
  if (!out.ok) throw fieldErrors(out.errors);
  const data: Partial<StepData> = {};
  if (name != null) data.name = name;
  if (type !== undefined) data.type = type;
  if (text != null) data.text = text;
  if (next !== undefined) data.next_step = next;
  if (params !== undefined) data.params = params;
  return data;
}

function readType(
  body: Body,
  required: boolean,
  out: FieldCollector,
): StepData['type'] | undefined {
  if (!('type' in body) || body.type === undefined) {
    if (required) out.add('type', 'This field is required.');
    return undefined;
  }
  if (isStepType(body.type)) return body.type;
  // Never String() a client's value: a deeply nested array would overflow the stack in join().
  const shown =
    typeof body.type === 'string'
      ? `"${body.type.slice(0, 50)}"`
      : `A ${body.type === null ? 'null' : typeof body.type}`;
  out.add('type', `${shown} is not a valid choice; one of: ${STEP_TYPES.join(', ')}.`);
  return undefined;
}

function readParams(body: Body, out: FieldCollector): Record<string, unknown> | undefined {
  if (!('params' in body) || body.params === undefined) return undefined;
  const params = body.params;
  if (params === null || typeof params !== 'object' || Array.isArray(params)) {
    out.add('params', 'Expected an object.');
    return undefined;
  }
  if (deeperThan(params, API_LIMITS.paramsDepth)) {
    out.add('params', `Nested deeper than ${API_LIMITS.paramsDepth} levels.`);
    return undefined;
  }
  if (Buffer.byteLength(JSON.stringify(params)) > API_LIMITS.paramsBytes) {
    out.add('params', `Larger than ${API_LIMITS.paramsBytes} bytes as JSON.`);
    return undefined;
  }
  const bad = findBadParamStepRefs(params);
  for (const ref of bad)
    out.add(`params.${ref.path.join('.')}`, 'Expected a step id (a positive integer) or null.');
  return bad.length === 0 ? (params as Record<string, unknown>) : undefined;
}

/** Stops descending as soon as the limit is passed, so a hostile nesting costs nothing. */
function deeperThan(value: unknown, max: number, depth = 1): boolean {
  if (value === null || typeof value !== 'object') return false;
  if (depth > max) return true;
  const children = Array.isArray(value) ? value : Object.values(value);
  return children.some((child) => deeperThan(child, max, depth + 1));
}
