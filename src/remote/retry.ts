// When the client tries a call again, and how long it waits first. Pure functions of the
// attempt, the answer (or the transport failure) and an injected random source, so the rules are
// tested without a clock.
import { RETRY_AFTER_MS_HEADER } from './contract.js';
import type { HttpMethod, TransportError } from './transport.js';

const BACKOFF_BASE_MS = 200;
export const BACKOFF_CAP_MS = 5_000;
/** The longest a server's Retry-After is honoured; a longer ask waits this long. */
export const RETRY_AFTER_CAP_MS = 60_000;

/** Exponential backoff with full jitter: a random wait in [0, min(cap, base · 2^retry)). */
export function backoffMs(retry: number, random: () => number): number {
  const ceiling = Math.min(BACKOFF_CAP_MS, BACKOFF_BASE_MS * 2 ** Math.max(0, retry));
  return Math.floor(Math.min(Math.max(random(), 0), 1) * ceiling);
}

/**
 * The wait a 429 asks for, in ms: `Retry-After-Ms` if present, else `Retry-After` as seconds or
 * as an HTTP-date; capped at RETRY_AFTER_CAP_MS. undefined when absent or unreadable.
 */
export function retryAfterMs(headers: Record<string, string>, nowMs: number): number | undefined {
  const cap = (ms: number): number => Math.min(RETRY_AFTER_CAP_MS, Math.max(0, Math.ceil(ms)));
  const precise = headers[RETRY_AFTER_MS_HEADER]?.trim();
  if (precise !== undefined && /^\d+(\.\d+)?$/.test(precise)) return cap(Number(precise));
  const value = headers['retry-after']?.trim();
  if (value === undefined || value === '') return undefined;
  if (/^\d+$/.test(value)) return cap(Number(value) * 1000);
  const date = Date.parse(value);
  return Number.isNaN(date) ? undefined : cap(date - nowMs);
}

export type Failure =
  | { type: 'status'; status: number; headers: Record<string, string> }
  | { type: 'transport'; error: TransportError };

export type RetryDecision =
  | { retry: false }
  | { retry: true; delayMs: number; throttled: boolean; reason: string };

export interface RetryPolicy {
  maxRetries: number;
  random: () => number;
  now: () => number;
}

/**
 * Whether to send the call again after `failure`, having already retried `retries` times.
 * - 429, any method: the server did nothing; wait its Retry-After (else backoff) and retry.
 * - A request that provably never left (refused, dns): retry any method after backoff.
 * - Idempotent calls (GET, and the login): retry 5xx, timeouts, resets after backoff.
 * - Writes are never repeated after a 5xx, a timeout or a reset: the outcome is unknown.
 */
export function decideRetry(
  method: HttpMethod,
  idempotent: boolean,
  failure: Failure,
  retries: number,
  policy: RetryPolicy,
): RetryDecision {
  if (retries >= policy.maxRetries) return { retry: false };
  const backoff = (reason: string): RetryDecision => ({
    retry: true,
    delayMs: backoffMs(retries, policy.random),
    throttled: false,
    reason,
  });
  if (failure.type === 'status') {
    if (failure.status === 429) {
      const asked = retryAfterMs(failure.headers, policy.now());
      return {
        retry: true,
        delayMs: asked ?? backoffMs(retries, policy.random),
        throttled: true,
        reason: '429',
      };
    }
    if (failure.status >= 500 && (idempotent || method === 'GET'))
      return backoff(String(failure.status));
    return { retry: false };
  }
  const { error } = failure;
  if (!error.sent || idempotent || method === 'GET') return backoff(error.code ?? error.kind);
  return { retry: false };
}
