// ApiError: every way a call to the HighTouch API can fail, as one error type with a kind, the
// call it was, whether a write may have been carried out (outcome), and a message and hint a
// person can act on. Building one from an answer or a transport failure is in explain.ts.
// Nothing here ever holds a token, a password or an Authorization header.
import type { HttpMethod } from './transport.js';

export type ApiErrorKind =
  | 'auth'
  | 'forbidden'
  | 'not-found'
  | 'validation'
  | 'conflict'
  | 'throttled'
  | 'server'
  | 'network'
  | 'timeout'
  | 'protocol';

/**
 * For writes: 'unknown' when the request may have been processed (the connection failed after
 * sending, a timeout, any 5xx, a 2xx answer that could not be read); 'not-applied' when the server
 * said no (4xx, 429) or the request never left. A GET changes nothing: always 'not-applied'.
 */
export type ApiOutcome = 'not-applied' | 'unknown';

export interface ApiErrorInit {
  kind: ApiErrorKind;
  message: string;
  hint?: string;
  status?: number;
  fields?: Record<string, string[]>;
  /** The server's `detail`, when the answer had one. */
  detail?: string;
  method: HttpMethod;
  path: string;
  query?: Record<string, string | number>;
  outcome: ApiOutcome;
  /** HTTP attempts made for this call, retries included. */
  attempts?: number;
}

export class ApiError extends Error {
  override readonly name = 'ApiError';
  readonly kind: ApiErrorKind;
  readonly hint: string | undefined;
  readonly status: number | undefined;
  /** Field errors of a 400 answer: field (or query parameter, or `non_field_errors`) → messages. */
  readonly fields: Record<string, string[]> | undefined;
  readonly detail: string | undefined;
  readonly method: HttpMethod;
  /** The path called, without the query: `/api/steps/12/`. */
  readonly path: string;
  readonly query: Record<string, string | number> | undefined;
  readonly outcome: ApiOutcome;
  readonly attempts: number;

  constructor(init: ApiErrorInit, options: { cause?: unknown } = {}) {
    super(init.message, options.cause === undefined ? undefined : { cause: options.cause });
    this.kind = init.kind;
    this.hint = init.hint;
    this.status = init.status;
    this.fields = init.fields;
    this.detail = init.detail;
    this.method = init.method;
    this.path = init.path;
    this.query = init.query;
    this.outcome = init.outcome;
    this.attempts = init.attempts ?? 1;
  }
}

export function isApiError(error: unknown): error is ApiError {
  return error instanceof ApiError;
}

/** Secrets shorter than this are not searched for (they would blank out ordinary words). */
const MIN_SECRET_LENGTH = 3;

/** Replaces every occurrence of a secret in `text`, e.g. a token a server echoed in its detail. */
export function redact(text: string, secrets: readonly string[]): string {
  let out = text;
  for (const secret of secrets) {
    if (secret.length >= MIN_SECRET_LENGTH) out = out.split(secret).join('[redacted]');
  }
  return out;
}

/** Whether an error (or one of its causes) mentions a secret anywhere in its text or stack. */
export function mentionsSecret(value: unknown, secrets: readonly string[]): boolean {
  const seen = new Set<unknown>();
  const text: string[] = [];
  let current: unknown = value;
  while (current !== undefined && current !== null && !seen.has(current) && text.length < 20) {
    seen.add(current);
    text.push(
      current instanceof Error ? `${current.message} ${current.stack ?? ''}` : String(current),
    );
    current = current instanceof Error ? current.cause : undefined;
  }
  const all = text.join('\n');
  return secrets.some((s) => s.length >= MIN_SECRET_LENGTH && all.includes(s));
}
