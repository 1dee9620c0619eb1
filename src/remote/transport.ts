// The HTTP layer under the HighTouch client, passed in as a plain function so that tests, the
// emulator and the real platform need no special paths. A transport sends one request and
// returns the answer whatever its status; it throws only TransportError, when no answer came.
// It never follows redirects (the client reports them) and never logs.

export type HttpMethod = 'GET' | 'POST' | 'PATCH' | 'DELETE';

interface HttpRequest {
  method: HttpMethod;
  url: string;
  headers: Record<string, string>;
  body?: string;
  timeoutMs: number;
}

export interface HttpResponse {
  status: number;
  /** Header names in lower case. */
  headers: Record<string, string>;
  body: string;
}

export type HttpTransport = (req: HttpRequest) => Promise<HttpResponse>;

export type TransportErrorKind = 'timeout' | 'reset' | 'refused' | 'dns' | 'other';

/** No answer came. The message names the failure (e.g. "connect ECONNREFUSED"), never a header. */
export class TransportError extends Error {
  override readonly name = 'TransportError';
  readonly kind: TransportErrorKind;
  /** false only when we know the request never left (refused, dns, a connection never made) */
  readonly sent: boolean;
  /** The system or undici code when there was one: ECONNREFUSED, UND_ERR_SOCKET, ... */
  readonly code: string | undefined;

  constructor(
    kind: TransportErrorKind,
    sent: boolean,
    message: string,
    options: { code?: string; cause?: unknown } = {},
  ) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.kind = kind;
    this.sent = sent;
    this.code = options.code;
  }
}

/** Codes meaning no connection was made, so no byte of the request left. */
const NOT_CONNECTED: Record<string, TransportErrorKind> = {
  ECONNREFUSED: 'refused',
  EHOSTUNREACH: 'refused',
  ENETUNREACH: 'refused',
  EADDRNOTAVAIL: 'refused',
  ENOTFOUND: 'dns',
  EAI_AGAIN: 'dns',
  EAI_FAIL: 'dns',
  EAI_NONAME: 'dns',
  UND_ERR_CONNECT_TIMEOUT: 'timeout',
};

/** Codes meaning the connection broke or stalled once the request may have been sent. */
const AFTER_SENDING: Record<string, TransportErrorKind> = {
  ECONNRESET: 'reset',
  EPIPE: 'reset',
  ECONNABORTED: 'reset',
  UND_ERR_SOCKET: 'reset',
  UND_ERR_CLOSED: 'reset',
  ETIMEDOUT: 'timeout',
  UND_ERR_HEADERS_TIMEOUT: 'timeout',
  UND_ERR_BODY_TIMEOUT: 'timeout',
};

/** Global fetch, one AbortSignal timeout over the whole exchange (headers and body). */
export const fetchTransport: HttpTransport = async (req) => {
  try {
    const res = await fetch(req.url, {
      method: req.method,
      headers: req.headers,
      redirect: 'manual',
      signal: AbortSignal.timeout(req.timeoutMs),
      ...(req.body === undefined ? {} : { body: req.body }),
    });
    const body = await res.text();
    // Header names come from the server: no prototype, so none can collide with a member.
    const headers = Object.create(null) as Record<string, string>;
    res.headers.forEach((value, name) => {
      headers[name.toLowerCase()] = value;
    });
    return { status: res.status, headers, body };
  } catch (error) {
    throw toTransportError(error, req.timeoutMs);
  }
};

/** Maps what fetch (undici) throws to a TransportError; exported for transports built on fetch. */
export function toTransportError(error: unknown, timeoutMs: number): TransportError {
  if (error instanceof TransportError) return error;
  const name = error instanceof Error ? error.name : '';
  if (name === 'TimeoutError' || name === 'AbortError') {
    return new TransportError('timeout', true, `no answer within ${timeoutMs} ms`, {
      cause: error,
    });
  }
  for (const cause of causes(error)) {
    const code = errorCode(cause);
    if (code === undefined) continue;
    const before = NOT_CONNECTED[code];
    if (before)
      return new TransportError(before, false, describe(cause, code), { code, cause: error });
    const after = AFTER_SENDING[code];
    if (after)
      return new TransportError(after, true, describe(cause, code), { code, cause: error });
    return new TransportError('other', true, describe(cause, code), { code, cause: error });
  }
  // fetch refuses some URLs before connecting at all ("bad port", an unsupported scheme).
  const innermost = causes(error).at(-1);
  if (innermost instanceof Error && /^bad port$|scheme|invalid url/i.test(innermost.message)) {
    return new TransportError('other', false, innermost.message, { cause: error });
  }
  const message = innermost instanceof Error ? innermost.message : String(error);
  return new TransportError('other', true, message, { cause: error });
}

/** The error and its causes, outermost first (AggregateError members included). */
function causes(error: unknown): unknown[] {
  const out: unknown[] = [];
  const queue: unknown[] = [error];
  while (queue.length > 0 && out.length < 20) {
    const next = queue.shift();
    if (next === undefined || next === null) continue;
    out.push(next);
    if (next instanceof AggregateError) queue.push(...next.errors);
    if (next instanceof Error) queue.push(next.cause);
  }
  return out;
}

function errorCode(error: unknown): string | undefined {
  if (error === null || typeof error !== 'object' || !('code' in error)) return undefined;
  const code = (error as { code: unknown }).code;
  return typeof code === 'string' ? code : undefined;
}

function describe(cause: unknown, code: string): string {
  const message = cause instanceof Error ? cause.message : '';
  return message.includes(code) ? message : `${message || 'connection failed'} (${code})`;
}
