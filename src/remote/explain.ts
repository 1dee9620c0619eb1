// Turns what went wrong in a call — an error answer, no answer, an answer that is not the API's —
// into an ApiError with a message and hint a person can act on. Every text passes through
// `redact` before the error is made, so no secret reaches a message, a stack or a field list.
import { API_PATHS } from './contract.js';
import { ApiError, mentionsSecret, redact } from './errors.js';
import type { ApiErrorInit, ApiErrorKind, ApiOutcome } from './errors.js';
import type { HttpMethod, HttpResponse, TransportError } from './transport.js';

export interface CallInfo {
  method: HttpMethod;
  path: string;
  query?: Record<string, string | number>;
  /** The API root as configured (never with credentials in it). */
  baseUrl: string;
  /** Set when the client logs in with a username and password. */
  username?: string;
  secrets: readonly string[];
  attempts: number;
}

const LOGIN_PATH = API_PATHS.login;
const ROOT_HINT =
  'Is --api (HIGHTOUCH_API_URL) pointing at the API root, the address before /api/?';
const CREDENTIALS_HINT =
  'Set HIGHTOUCH_TOKEN to an API token, or set HIGHTOUCH_USERNAME and HIGHTOUCH_PASSWORD and botform logs in at POST /api/auth/login/.';
const UNKNOWN_NOTE = ' The request may have been carried out: its outcome is unknown.';

export type JsonRead = { ok: true; value: unknown } | { ok: false; problem: string };

/** The answer's body as JSON, or what is wrong with it. A 204 reads as undefined. */
export function readJson(res: HttpResponse): JsonRead {
  if (res.status === 204) return { ok: true, value: undefined };
  const type = res.headers['content-type'];
  if (type !== undefined && !/^application\/([\w.+-]+\+)?json\b/i.test(type.trim())) {
    return { ok: false, problem: `content-type "${type.slice(0, 80)}", not JSON` };
  }
  if (res.body.trim() === '')
    return { ok: false, problem: 'an empty body where JSON was expected' };
  try {
    return { ok: true, value: JSON.parse(res.body) as unknown };
  } catch {
    return {
      ok: false,
      problem: `content-type "${type ?? '(none)'}" but a body that is not valid JSON`,
    };
  }
}

/** "GET /api/steps/?shop_id=1&limit=100&offset=0" */
export function describeCall(call: Pick<CallInfo, 'method' | 'path' | 'query'>): string {
  const qs = call.query ? queryString(call.query) : '';
  return `${call.method} ${call.path}${qs ? `?${qs}` : ''}`;
}

/** "shop_id=1&limit=100", in the order given. */
export function queryString(query: Record<string, string | number>): string {
  return new URLSearchParams(
    Object.entries(query).map(([k, v]): [string, string] => [k, String(v)]),
  ).toString();
}

/** A write whose answer we do not have, or that the server failed on, may have happened. */
function outcomeFor(method: HttpMethod, mayHaveHappened: boolean): ApiOutcome {
  return method !== 'GET' && mayHaveHappened ? 'unknown' : 'not-applied';
}

/** An answer with a status other than 2xx. */
export function explainStatus(call: CallInfo, res: HttpResponse): ApiError {
  const status = res.status;
  const json = readJson(res);
  const body = json.ok ? json.value : undefined;
  const detail = detailOf(body);
  const fields = detail === undefined ? fieldsOf(body) : undefined;
  const said = detail ?? (fields ? formatFields(fields) : undefined);
  const tries = call.attempts > 1 ? `, after ${call.attempts} attempts` : '';
  // "GET /api/steps/9/?shop_id=1 → 404: Step 9 not found."
  const exchange = `${describeCall(call)} → ${status}${said ? `: ${said}` : ''}${tries}`;
  const base = {
    status,
    ...(detail === undefined ? {} : { detail }),
    ...(fields ? { fields } : {}),
  };
  const outcome = outcomeFor(call.method, status >= 500 || status < 400);
  const fail = (kind: ApiErrorKind, message: string, hint?: string): ApiError =>
    make(call, { ...base, kind, outcome, message, ...(hint === undefined ? {} : { hint }) });
  if (status >= 500) {
    const content = json.ok ? '' : `; the answer had ${json.problem}`;
    return fail(
      'server',
      `The HighTouch API failed (${exchange}${content}).${outcome === 'unknown' ? UNKNOWN_NOTE : ''}`,
      'A fault of the server: try again later. botform retries reads; it does not repeat a write whose outcome is unknown.',
    );
  }
  if (!json.ok) {
    return fail(
      'protocol',
      `${call.method} ${call.baseUrl}${call.path} answered ${status} with ${json.problem}: that is not the HighTouch API.`,
      status >= 300 && status < 400 ? redirectHint(res) : ROOT_HINT,
    );
  }
  if (call.path === LOGIN_PATH && (status === 400 || status === 401)) {
    return fail(
      'auth',
      `Logging in to the HighTouch API at ${call.baseUrl} as "${call.username ?? '?'}" failed (${exchange}).`,
      'Check HIGHTOUCH_USERNAME and HIGHTOUCH_PASSWORD, or set HIGHTOUCH_TOKEN to an API token instead.',
    );
  }
  switch (status) {
    case 400:
    case 413:
    case 422:
      return fail('validation', `The HighTouch API refused the request (${exchange}).`);
    case 401: {
      const who =
        call.username === undefined
          ? 'the API token'
          : `the login of user "${call.username}", also after logging in again`;
      return fail(
        'auth',
        `The HighTouch API at ${call.baseUrl} did not accept ${who} (${exchange}).`,
        CREDENTIALS_HINT,
      );
    }
    case 403: {
      const shop = shopOf(call);
      return fail(
        'forbidden',
        `This account may not manage ${shop === undefined ? 'that shop' : `shop ${shop}`} (${exchange}).`,
        'Check the shop id. GET /api/shops/ lists the shops this account manages.',
      );
    }
    case 404: {
      const object = objectOf(call);
      return object
        ? fail('not-found', `${object.name} was not found (${exchange}).`, object.hint)
        : fail(
            'not-found',
            `There is no ${call.path} on the API at ${call.baseUrl} (${exchange}).`,
            ROOT_HINT,
          );
    }
    case 409:
      return fail('conflict', `The HighTouch API refused the request (${exchange}).`);
    case 429:
      return fail(
        'throttled',
        `The HighTouch API is throttling requests (${exchange}).`,
        'Try again in a minute, or run fewer botform jobs against this account at once.',
      );
    default: {
      const redirect = status >= 300 && status < 400;
      return fail(
        'protocol',
        `botform does not expect this answer from the HighTouch API (${exchange}).`,
        redirect
          ? redirectHint(res)
          : 'This may be a bug in botform, or an API that differs from the documented contract.',
      );
    }
  }
}

/** A 2xx answer that is not what the contract promises (not JSON, or the wrong shape). */
export function explainUnreadable(call: CallInfo, res: HttpResponse, problem: string): ApiError {
  const outcome = outcomeFor(call.method, true);
  return make(call, {
    kind: 'protocol',
    status: res.status,
    outcome,
    message: `${call.method} ${call.baseUrl}${call.path} answered ${res.status} with ${problem}: that is not the HighTouch API.${outcome === 'unknown' ? UNKNOWN_NOTE : ''}`,
    hint: ROOT_HINT,
  });
}

/** No answer came. */
export function explainTransport(call: CallInfo, error: TransportError): ApiError {
  const outcome = outcomeFor(call.method, error.sent);
  const tries = call.attempts > 1 ? `, after ${call.attempts} attempts` : '';
  const exchange = `${describeCall(call)} → ${error.message}${tries}`;
  const api = `the HighTouch API at ${call.baseUrl}`;
  const reason: Record<TransportError['kind'], string> = {
    refused: `Cannot reach ${api}: the connection was refused`,
    dns: `Cannot reach ${api}: its host name does not resolve`,
    reset: `The connection to ${api} broke before an answer came`,
    timeout: `No answer from ${api} in time`,
    other: `Cannot talk to ${api}`,
  };
  return make(
    call,
    {
      kind: error.kind === 'timeout' ? 'timeout' : 'network',
      outcome,
      message: `${reason[error.kind]} (${exchange}).${outcome === 'unknown' ? UNKNOWN_NOTE : ''}`,
      hint: 'Check --api / HIGHTOUCH_API_URL, your network, and that the server is running.',
    },
    error,
  );
}

/** A list that kept changing while its pages were read, on both reads. */
export function explainListChanged(call: CallInfo, observed: readonly string[]): ApiError {
  return make(call, {
    kind: 'conflict',
    outcome: 'not-applied',
    message: `The list ${describeCall(call)} changed while botform read it (${observed.join('; read again: ')}).`,
    hint: 'Someone is editing the shop right now (in the web constructor, or another botform job). Try again when it is quiet.',
  });
}

function make(
  call: CallInfo,
  init: Omit<ApiErrorInit, 'method' | 'path' | 'query' | 'attempts'>,
  cause?: unknown,
): ApiError {
  const clean = (text: string): string => redact(text, call.secrets);
  const fields = init.fields
    ? Object.fromEntries(Object.entries(init.fields).map(([k, v]) => [clean(k), v.map(clean)]))
    : undefined;
  const error = new ApiError(
    {
      ...init,
      message: clean(init.message),
      ...(init.hint === undefined ? {} : { hint: clean(init.hint) }),
      ...(init.detail === undefined ? {} : { detail: clean(init.detail) }),
      ...(fields === undefined ? {} : { fields }),
      method: call.method,
      path: call.path,
      ...(call.query === undefined ? {} : { query: call.query }),
      attempts: call.attempts,
    },
    cause === undefined || mentionsSecret(cause, call.secrets) ? {} : { cause },
  );
  return error;
}

function detailOf(body: unknown): string | undefined {
  if (body === null || typeof body !== 'object' || Array.isArray(body)) return undefined;
  const detail = (body as Record<string, unknown>).detail;
  return typeof detail === 'string' ? truncate(detail) : undefined;
}

function fieldsOf(body: unknown): Record<string, string[]> | undefined {
  if (body === null || typeof body !== 'object' || Array.isArray(body)) return undefined;
  // Keyed by the server's field names: no prototype, so "__proto__" is just a field.
  const out = Object.create(null) as Record<string, string[]>;
  for (const [key, value] of Object.entries(body as Record<string, unknown>)) {
    if (Array.isArray(value))
      out[key] = value.map((m) => truncate(typeof m === 'string' ? m : JSON.stringify(m)));
    else if (typeof value === 'string') out[key] = [truncate(value)];
  }
  return Object.keys(out).length > 0 ? out : undefined;
}

function formatFields(fields: Record<string, string[]>): string {
  return Object.entries(fields)
    .map(([key, messages]) => `${key}: ${messages.join(' ')}`)
    .join('; ');
}

function truncate(text: string, max = 1000): string {
  return text.length > max ? `${text.slice(0, max)}…` : text;
}

function shopOf(call: CallInfo): string | undefined {
  const fromPath = /^\/api\/shops\/(\d+)\/$/.exec(call.path)?.[1];
  const fromQuery = call.query?.shop_id;
  return fromPath ?? (fromQuery === undefined ? undefined : String(fromQuery));
}

function objectOf(call: CallInfo): { name: string; hint: string } | undefined {
  const shop = call.query?.shop_id;
  const inShop = shop === undefined ? '' : ` in shop ${shop}`;
  const stale = 'It may have been deleted since botform read it: run botform plan again.';
  const item = /^\/api\/(steps|menu_items|shops)\/(\d+)\/$/.exec(call.path);
  if (item?.[1] === 'steps') return { name: `Step ${item[2]}${inShop}`, hint: stale };
  if (item?.[1] === 'menu_items') return { name: `Menu item ${item[2]}${inShop}`, hint: stale };
  const shopHint = 'Check the shop id. GET /api/shops/ lists the shops this account manages.';
  if (item?.[1] === 'shops') return { name: `Shop ${item[2]}`, hint: shopHint };
  if (/^\/api\/(steps|menu_items)\/$/.test(call.path) && shop !== undefined)
    return { name: `Shop ${shop}`, hint: shopHint };
  return undefined;
}

function redirectHint(res: HttpResponse): string {
  const location = res.headers.location;
  return location
    ? `botform does not follow redirects; set --api (HIGHTOUCH_API_URL) to the address it points at (${location.slice(0, 200)}).`
    : ROOT_HINT;
}
