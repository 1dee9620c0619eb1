// One request, start to finish: count it, apply the fault knobs, route, authenticate, read the
// body, run the handler, answer (or, for a dropped write, hang up after the commit). Client
// mistakes become 4xx answers here; only a bug of the emulator becomes a 500.
import type { IncomingMessage, ServerResponse } from 'node:http';
import { setTimeout as sleep } from 'node:timers/promises';
import { API_LIMITS, RETRY_AFTER_MS_HEADER } from '../remote/contract.js';
import { ErrorAnswer, detail } from './api-error.js';
import type { Faults } from './faults.js';
import { ClientGone, readJsonBody } from './http-body.js';
import { allowedMethods, isMethod, matchRoute } from './routes.js';
import type { Context, PublicContext, Reply } from './routes.js';
import type { StatsCounter } from './stats.js';
import type { Store } from './store/index.js';
import type { MessageSink } from './handlers/message-api.js';
import type { EgressPolicy } from './egress.js';
import type { User } from './store/users.js';
import { plural } from '../plural.js';

export interface PipelineDeps {
  store: Store;
  faults: Faults;
  stats: StatsCounter;
  /** The origin links are built on, e.g. "http://127.0.0.1:8765". */
  origin: string;
  /** Aborted when the emulator closes: waits end at once and nothing more is done. */
  closing: AbortSignal;
  /** Told about 500s (bugs), with the error. */
  onInternalError(error: unknown): void;
  /** Where logged user messages go to be answered by the bot. */
  sink: MessageSink;
  /** Where the bot may send requests: a bot's webhook URL is checked against it. */
  egress: EgressPolicy;
  /** One line per answered request, when set. */
  log?: (line: string) => void;
}

const MAX_TOKEN_LENGTH = 256;

export async function handleRequest(
  req: IncomingMessage,
  res: ServerResponse,
  deps: PipelineDeps,
): Promise<void> {
  // HEAD is GET without the body (node's response leaves it out): served wherever GET is.
  const method = req.method === 'HEAD' ? 'GET' : (req.method ?? 'GET');
  const url = requestUrl(req, deps.origin);
  const match = url ? matchRoute(url.pathname) : { route: undefined };
  deps.stats.request(`${method} ${match.route ? match.route.template : '(unmatched)'}`);
  const send = (reply: Reply, headers: Record<string, string> = {}): void => {
    deps.stats.status(reply.status);
    deps.log?.(`${method} ${url ? url.pathname + url.search : req.url} ${reply.status}`);
    writeReply(res, reply, headers);
  };
  try {
    const { latencyMs } = deps.faults.current;
    if (latencyMs > 0) await sleep(latencyMs, undefined, { signal: deps.closing });
    if (deps.faults.shouldFail()) {
      deps.stats.injected('failed');
      throw detail(503, 'Service temporarily unavailable (injected fault). Try again.');
    }
    if (deps.faults.shouldThrottle()) {
      deps.stats.injected('throttled');
      throw throttled(deps.faults.current.retryAfterMs);
    }
    if (!url) throw detail(400, 'Malformed request URL.');
    if (!match.route) throw notFoundRoute(url.pathname);
    const route = match.route;
    if (!isMethod(method) || !route.methods[method]) {
      throw new ErrorAnswer(
        405,
        { detail: `Method "${method.slice(0, 20)}" not allowed.` },
        { allow: allowedMethods(route).join(', ') },
      );
    }
    const user =
      route.kind === 'public' || route.kind === 'message' ? undefined : authenticate(req, deps);
    const body =
      method === 'POST' || method === 'PATCH'
        ? await readJsonBody(req, API_LIMITS.bodyBytes)
        : undefined;
    if (deps.closing.aborted) throw new ClientGone('the emulator is closing');
    const base: PublicContext = { url, body, store: deps.store, egress: deps.egress };
    let reply: Reply;
    if (route.kind === 'public') reply = call(route.methods[method], base);
    else if (route.kind === 'message')
      reply = call(route.methods[method], {
        body,
        headers: req.headers,
        store: deps.store,
        sink: deps.sink,
      });
    else if (!user) throw new Error('authenticated route without a user');
    else if (route.kind === 'collection') reply = call(route.methods[method], { ...base, user });
    else reply = callItem(route.methods[method], { ...base, user }, match.id);
    const isWrite = method !== 'GET' && route.kind !== 'public';
    if (isWrite && reply.status < 300 && deps.faults.shouldDrop()) {
      // Committed, and the client will never know: exactly the case apply must survive.
      deps.stats.injected('dropped');
      deps.log?.(`${method} ${url.pathname}${url.search} committed, connection dropped`);
      res.destroy();
    } else {
      send(reply);
    }
  } catch (error) {
    if (error instanceof ClientGone || deps.closing.aborted) {
      res.destroy();
    } else if (error instanceof ErrorAnswer) {
      // The message API speaks seed 003's error shape even for the pipeline's own 4xx answers.
      const asMessageApi = match.route?.kind === 'message' && 'detail' in error.body;
      send(
        {
          status: error.status,
          body: asMessageApi ? { error_message: error.body.detail } : error.body,
        },
        error.headers,
      );
    } else {
      send({ status: 500, body: { detail: 'Internal server error.' } });
      deps.onInternalError(error);
    }
  }
}

function call<C>(handler: ((ctx: C) => Reply) | undefined, ctx: C): Reply {
  if (!handler) throw new Error('route has no handler for an allowed method');
  return handler(ctx);
}

function callItem(
  handler: ((ctx: Context, id: number) => Reply) | undefined,
  ctx: Context,
  id: number | undefined,
): Reply {
  if (!handler || id === undefined) throw new Error('item route without a handler or an id');
  return handler(ctx, id);
}

function authenticate(req: IncomingMessage, deps: PipelineDeps): User {
  const header = req.headers.authorization;
  const match = header === undefined ? null : /^Bearer +(\S+) *$/i.exec(header);
  const token = match?.[1];
  if (token === undefined) {
    throw new ErrorAnswer(
      401,
      { detail: 'Authentication credentials were not provided.' },
      { 'www-authenticate': 'Bearer' },
    );
  }
  const user = token.length <= MAX_TOKEN_LENGTH ? deps.store.users.byToken(token) : undefined;
  if (!user)
    throw new ErrorAnswer(401, { detail: 'Invalid token.' }, { 'www-authenticate': 'Bearer' });
  const wait = deps.faults.rateLimitWait(token);
  if (wait > 0) {
    deps.stats.injected('rateLimited');
    throw throttled(wait);
  }
  return user;
}

function throttled(waitMs: number): ErrorAnswer {
  const seconds = Math.max(1, Math.ceil(waitMs / 1000));
  return new ErrorAnswer(
    429,
    {
      detail: `Request was throttled. Expected available in ${plural(seconds, 'second')}.`,
    },
    { 'retry-after': String(seconds), [RETRY_AFTER_MS_HEADER]: String(Math.ceil(waitMs)) },
  );
}

function notFoundRoute(pathname: string): ErrorAnswer {
  const withSlash = `${pathname}/`;
  const hint = matchRoute(withSlash).route ? ` Did you mean ${withSlash}?` : '';
  return detail(404, `Not found.${hint}`);
}

/** The request's URL on the origin the client used (for DRF-style absolute links), if it parses. */
function requestUrl(req: IncomingMessage, origin: string): URL | undefined {
  const host = req.headers.host;
  const base =
    host !== undefined && /^[A-Za-z0-9.-]+(:\d{1,5})?$|^\[[0-9A-Fa-f:.]+\](:\d{1,5})?$/.test(host)
      ? `http://${host}`
      : origin;
  try {
    const raw = req.url ?? '/';
    // Only origin-form targets ("/path?query"); anything else is not a request for this API.
    return raw.startsWith('/') && !raw.startsWith('//') ? new URL(raw, base) : undefined;
  } catch {
    return undefined;
  }
}

function writeReply(res: ServerResponse, reply: Reply, headers: Record<string, string>): void {
  if (res.headersSent || res.destroyed) return;
  if (reply.status === 204 || reply.body === undefined) {
    res.writeHead(reply.status, headers);
    res.end();
    return;
  }
  const payload = JSON.stringify(reply.body);
  res.writeHead(reply.status, {
    ...headers,
    'content-type': 'application/json',
    'content-length': String(Buffer.byteLength(payload)),
  });
  res.end(payload);
}
