// What an operation step sends, and what a declared API answers when nothing real is called:
// request fields are filled from variables of the same name (after an order also from that
// order: `order_id`, `items`, `total`, ...); {placeholders} in the URL take those values.
// ${secret:NAME} references are left as references: the runtime never sees a secret.
import { isRecord } from '../model/json.js';
import type { Step } from '../model/scenario.js';
import { fillUrlTemplate } from '../model/url-template.js';
import type { Json } from '../model/json.js';
import type { JsonObject, OperationRequest, OperationResult } from './types.js';

function declaredNames(section: unknown): string[] {
  if (!isRecord(section)) return [];
  return [
    ...Object.keys(isRecord(section.required) ? section.required : {}),
    ...Object.keys(isRecord(section.optional) ? section.optional : {}),
  ];
}

function valueFor(name: string, vars: JsonObject): Json | undefined {
  if (Object.hasOwn(vars, name)) return vars[name];
  const order = vars.order;
  if (isRecord(order)) {
    if (Object.hasOwn(order, name)) return (order as JsonObject)[name];
    if (name === 'order_id' && Object.hasOwn(order, 'id')) return (order as JsonObject).id;
  }
  return undefined;
}

export function buildRequest(api: Record<string, unknown>, vars: JsonObject): OperationRequest {
  const body: JsonObject = Object.create(null) as JsonObject;
  for (const name of declaredNames(api.request)) {
    const value = valueFor(name, vars);
    if (value !== undefined) body[name] = value;
  }
  const url = typeof api.url === 'string' ? fillUrlTemplate(api.url, body) : '';
  return { method: typeof api.method === 'string' ? api.method : 'GET', url, body: { ...body } };
}

/** The declared example response (status 200), or an empty object when none is declared. */
export function exampleResult(step: Step): OperationResult {
  const api = step.fields.api;
  const response = isRecord(api) && isRecord(api.response) ? api.response : undefined;
  const example = response?.example;
  return { status: 200, body: example === undefined ? {} : (structuredClone(example) as Json) };
}

/** A declared error response by status: its example body, else {status, message} from the declaration. */
export function declaredError(step: Step, status: number): OperationResult | undefined {
  const api = step.fields.api;
  const errors = isRecord(api) && Array.isArray(api.errors) ? api.errors : [];
  const declared = errors.find((e: unknown) => isRecord(e) && e.status === status);
  if (!isRecord(declared)) return undefined;
  if (declared.example !== undefined)
    return { status, body: structuredClone(declared.example) as Json };
  const body: JsonObject = {};
  if (typeof declared.code === 'string') body.status_code = declared.code;
  if (typeof declared.message === 'string') body.message = declared.message;
  return { status, body };
}
