// How the emulator's bot answers an operation step: a test's stub when the bot user carries one,
// else the declared API's staging URL when it is set and on loopback (the emulator calls nothing
// else), else the declared example. The request goes to the staging origin with the declared
// URL's path and query; header values that reference secrets are left out (the emulator has none).
import { isRecord } from '../../model/json.js';
import type { Scenario } from '../../model/scenario.js';
import { exampleResult } from '../../runtime/index.js';
import type { Json, OperationCall, OperationResult } from '../../runtime/index.js';
import { isLoopbackUrl } from '../loopback.js';

const DEFAULT_TIMEOUT_MS = 5000;

export async function callOperation(
  scenario: Scenario,
  call: OperationCall,
  closing: AbortSignal,
): Promise<OperationResult> {
  const step = scenario.steps.get(call.step);
  const staging = typeof call.api.staging_url === 'string' ? call.api.staging_url : undefined;
  if (staging === undefined || !isLoopbackUrl(staging))
    return step ? exampleResult(step) : { status: 200, body: {} };
  const target = stagingTarget(staging, call.request.url);
  if (target === undefined)
    return {
      status: 502,
      body: { message: 'the declared URL cannot be mapped onto the staging URL' },
    };
  const headers = new Headers({ accept: 'application/json' });
  if (isRecord(call.api.headers)) {
    for (const [name, value] of Object.entries(call.api.headers)) {
      if (typeof value === 'string' && !value.includes('${') && /^[\w-]+$/.test(name))
        headers.set(name, value);
    }
  }
  const method = call.request.method.toUpperCase();
  const hasBody = method !== 'GET' && method !== 'HEAD';
  if (hasBody) headers.set('content-type', 'application/json');
  const timeout =
    typeof call.api.timeout_ms === 'number' && call.api.timeout_ms > 0
      ? call.api.timeout_ms
      : DEFAULT_TIMEOUT_MS;
  try {
    const res = await fetch(target, {
      method,
      headers,
      ...(hasBody ? { body: JSON.stringify(call.request.body) } : {}),
      signal: AbortSignal.any([closing, AbortSignal.timeout(timeout)]),
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

function stagingTarget(staging: string, declared: string): string | undefined {
  try {
    const base = new URL(staging);
    const path = new URL(declared.replace(/\$\{[^}]*\}/g, '')).pathname;
    const prefix = base.pathname.replace(/\/+$/, '');
    const url = new URL(base.origin);
    url.pathname = `${prefix}${path}`;
    url.search = new URL(declared.replace(/\$\{[^}]*\}/g, '')).search;
    return url.toString();
  } catch {
    return undefined;
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
