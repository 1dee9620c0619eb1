// How the emulator's bot answers an operation step: a test's stub when the bot user carries one,
// else the declared API's `staging_url` when it is set and `serve` allows calling it (egress.ts:
// loopback by default), else the declared example — a staging API elsewhere is never called.
//
// `staging_url` is the whole URL of the staging API, a template with the same `{field}`
// placeholders as `url` (validate/staging-url.ts refuses anything else), filled from the same
// request fields; the call uses the declared method, the declared headers with `${secret:NAME}`
// resolved from the emulator's secrets (`serve --secret`), and the request fields as a JSON body
// unless the method is GET. A call that cannot be sent as declared (a secret without a value) is
// not sent at all: it answers 502 with the reason, which the step's `on_error` takes and a live
// test's trace shows.
import { isRecord } from '../../model/json.js';
import type { Scenario } from '../../model/scenario.js';
import { fillUrlTemplate } from '../../model/url-template.js';
import { exampleResult } from '../../runtime/index.js';
import type { Json, OperationCall, OperationResult } from '../../runtime/index.js';
import type { EgressPolicy } from '../egress.js';

const DEFAULT_TIMEOUT_MS = 5000;
const SECRET_REF = /\$\{secret:([A-Z][A-Z0-9_]*)\}/g;

/** What the bot needs to call out: where it may, the secrets it has, when to stop. */
export interface Outgoing {
  egress: EgressPolicy;
  /** A secret's value by name; undefined when this emulator was given none. */
  secret(name: string): string | undefined;
  closing: AbortSignal;
}

const refused = (message: string): OperationResult => ({ status: 502, body: { message } });

export async function callOperation(
  scenario: Scenario,
  call: OperationCall,
  outgoing: Outgoing,
): Promise<OperationResult> {
  const step = scenario.steps.get(call.step);
  const staging = typeof call.api.staging_url === 'string' ? call.api.staging_url : undefined;
  if (staging === undefined) return step ? exampleResult(step) : { status: 200, body: {} };
  const target = fillUrlTemplate(staging, call.request.body as Record<string, unknown>);
  if (outgoing.egress.refusal(target) !== undefined)
    return step ? exampleResult(step) : { status: 200, body: {} };
  const headers = new Headers({ accept: 'application/json' });
  if (isRecord(call.api.headers)) {
    for (const [name, value] of Object.entries(call.api.headers)) {
      if (typeof value !== 'string') continue;
      const missing: string[] = [];
      const resolved = value.replace(SECRET_REF, (_whole, secret: string) => {
        const found = outgoing.secret(secret);
        if (found === undefined) missing.push(secret);
        return found ?? '';
      });
      if (missing.length > 0)
        return refused(
          `header ${name} needs the secret ${missing.join(', ')}, which this emulator has no value for (botform serve --secret ${missing[0]})`,
        );
      try {
        headers.set(name, resolved);
      } catch {
        return refused(`header ${name} cannot be sent as declared (not a valid header)`);
      }
    }
  }
  const method = call.request.method.toUpperCase();
  const hasBody = method !== 'GET' && method !== 'HEAD';
  if (hasBody && !headers.has('content-type')) headers.set('content-type', 'application/json');
  const timeout =
    typeof call.api.timeout_ms === 'number' && call.api.timeout_ms > 0
      ? call.api.timeout_ms
      : DEFAULT_TIMEOUT_MS;
  try {
    const res = await fetch(target, {
      method,
      headers,
      ...(hasBody ? { body: JSON.stringify(call.request.body) } : {}),
      signal: AbortSignal.any([outgoing.closing, AbortSignal.timeout(timeout)]),
      redirect: 'manual',
    });
    const text = await res.text();
    return { status: res.status, body: parseJson(text) };
  } catch (error) {
    // Unreachable or too slow: the step's on_error path, as a real platform would take it.
    const reason =
      error instanceof Error && error.name === 'TimeoutError'
        ? `no answer within ${timeout} ms`
        : 'the staging URL cannot be reached';
    return { status: 504, body: { message: reason } };
  }
}

function parseJson(text: string): Json {
  if (text === '') return null;
  try {
    return JSON.parse(text) as Json;
  } catch {
    return text;
  }
}
