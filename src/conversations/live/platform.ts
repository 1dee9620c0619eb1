// Talking to a bot platform for a live run: log in (when given a password), find or create the
// shop's test bot and point its webhook at the receiver, register users, log their messages.
// Every call is bounded in time; every failure becomes a LiveConfigError (the target is wrong:
// refused credentials, unreachable, no such shop) or a LiveTurnError (this call failed: a 5xx,
// a body that is not what the API promises), with a message that names the call, never a secret
// (a credential a server echoes in its answer is redacted, as the HighTouch client does).
import { isRecord } from '../../model/json.js';
import { API_PATHS } from '../../remote/contract.js';
import { redact } from '../../remote/errors.js';
import type { TestFixtures } from '../../remote/contract.js';
import { LiveConfigError, LiveTurnError } from './errors.js';
import { callJson } from '../../http-json.js';
import type { JsonAnswer } from '../../http-json.js';

type LiveCredentials = { token: string } | { username: string; password: string };

export interface PlatformOptions {
  api: string;
  shopId: number;
  credentials: LiveCredentials;
  /** Per HTTP call; default 10 s. */
  timeoutMs?: number;
}

export interface Platform {
  /** Points the shop's live-test bot at `webhookUrl` (creating the bot if the shop has none). */
  connect(webhookUrl: string): Promise<void>;
  /** Registers a user; `fixtures` are honoured only by a platform that echoes them back (the emulator). */
  register(
    authId: string,
    fixtures: TestFixtures | undefined,
  ): Promise<{ fixturesHonoured: boolean }>;
  /** Logs a user message (message_type 0 a text, 1 a product added to the cart); returns its message_id. */
  send(authId: string, text: string, messageType?: number): Promise<number>;
}

/** The bot a live run talks to, found by this name in the shop (made once, reused after). */
const LIVE_BOT_NAME = 'botform test --live';

interface Answer {
  status: number;
  body: unknown;
}

export function createPlatform(options: PlatformOptions): Platform {
  const base = options.api.replace(/\/+$/, '');
  const timeoutMs = options.timeoutMs ?? 10_000;
  let token = 'token' in options.credentials ? options.credentials.token : undefined;
  let bot: { businessId: number; clientId: string } | undefined;
  // What must never be shown, even when a server echoes it in an error: the given token or
  // password, and a token a login handed back.
  const secrets =
    'token' in options.credentials ? [options.credentials.token] : [options.credentials.password];
  const redacted = async <T>(work: () => Promise<T>): Promise<T> => {
    try {
      return await work();
    } catch (error) {
      if (error instanceof LiveConfigError)
        throw new LiveConfigError(redact(error.message, secrets));
      if (error instanceof LiveTurnError) throw new LiveTurnError(redact(error.message, secrets));
      throw error;
    }
  };

  async function call(
    method: string,
    path: string,
    body: unknown,
    headers: Record<string, string> = {},
  ): Promise<Answer> {
    const what = `${method} ${path.split('?')[0] ?? path}`;
    let res: JsonAnswer;
    try {
      res = await callJson({ method, url: `${base}${path}`, headers, body, timeoutMs });
    } catch (error) {
      const code = isRecord(error) && typeof error.code === 'string' ? error.code : undefined;
      if (code === 'ETIMEDOUT')
        throw new LiveTurnError(`${what}: no answer from ${base} within ${timeoutMs} ms`);
      if (code === 'ECONNRESET')
        throw new LiveTurnError(`${what}: ${base} closed the connection without an answer`);
      throw new LiveConfigError(
        `cannot reach ${base} (${what}): ${code ?? (error instanceof Error ? error.message : String(error))}`,
      );
    }
    const text = res.text;
    let parsed: unknown;
    try {
      parsed = text === '' ? undefined : JSON.parse(text);
    } catch {
      throw new LiveTurnError(
        `${what}: ${base} answered ${res.status} with a body that is not JSON`,
      );
    }
    return { status: res.status, body: parsed };
  }

  const bearer = async (): Promise<string> => {
    if (token !== undefined) return token;
    const creds = options.credentials as { username: string; password: string };
    const res = await call('POST', API_PATHS.login, {
      username: creds.username,
      password: creds.password,
    });
    if (res.status === 400 || res.status === 401)
      throw new LiveConfigError(
        `${base} refused the login of "${creds.username}" (${res.status}).`,
      );
    if (res.status !== 200 || !isRecord(res.body) || typeof res.body.token !== 'string')
      throw unexpected('POST /api/auth/login/', res);
    token = res.body.token;
    secrets.push(token);
    return token;
  };

  const messageHeaders = async (): Promise<Record<string, string>> => {
    if (!bot) throw new Error('connect() first');
    return { authorization: `Bearer ${await bearer()}`, 'client-id': bot.clientId };
  };

  const platform: Platform = {
    async connect(webhookUrl) {
      const auth = { authorization: `Bearer ${await bearer()}` };
      const list = await call(
        'GET',
        `${API_PATHS.bots}?shop_id=${options.shopId}&limit=100`,
        undefined,
        auth,
      );
      configProblem(list, `the bots of shop ${options.shopId}`);
      if (list.status !== 200 || !isRecord(list.body) || !Array.isArray(list.body.results))
        throw unexpected('GET /api/bots/', list);
      const existing = list.body.results.find(
        (b: unknown) => isRecord(b) && b.name === LIVE_BOT_NAME,
      );
      const path = isRecord(existing)
        ? `${API_PATHS.bot(Number(existing.id))}?shop_id=${options.shopId}`
        : `${API_PATHS.bots}?shop_id=${options.shopId}`;
      const saved = await call(
        isRecord(existing) ? 'PATCH' : 'POST',
        path,
        { name: LIVE_BOT_NAME, webhook_url: webhookUrl },
        auth,
      );
      configProblem(saved, `the live-test bot of shop ${options.shopId}`);
      const b = saved.body;
      if (
        (saved.status !== 200 && saved.status !== 201) ||
        !isRecord(b) ||
        typeof b.business_id !== 'number' ||
        typeof b.client_id !== 'string'
      ) {
        throw unexpected('the live-test bot', saved);
      }
      bot = { businessId: b.business_id, clientId: b.client_id };
    },
    async register(authId, fixtures) {
      if (!bot) throw new Error('connect() first');
      const body = {
        user: { auth_id: authId },
        business_id: bot.businessId,
        ...(fixtures ? { test_fixtures: fixtures } : {}),
      };
      const res = await call('POST', API_PATHS.registerUser, body, await messageHeaders());
      messageApiProblem(res, 'POST /v1.0/user/');
      if (res.status !== 200 && res.status !== 201) throw unexpected('POST /v1.0/user/', res);
      return { fixturesHonoured: isRecord(res.body) && isRecord(res.body.test_fixtures) };
    },
    async send(authId, text, messageType = 0) {
      if (!bot) throw new Error('connect() first');
      const body = {
        user: { auth_id: authId },
        message_body: text,
        message_type: messageType,
        business_id: bot.businessId,
      };
      const res = await call('POST', API_PATHS.logMessage, body, await messageHeaders());
      messageApiProblem(res, 'POST /v1.0/log_message_from_user/');
      if (res.status !== 200 || !isRecord(res.body) || typeof res.body.message_id !== 'number')
        throw unexpected('POST /v1.0/log_message_from_user/', res);
      return res.body.message_id;
    },
  };
  return {
    connect: (webhookUrl) => redacted(() => platform.connect(webhookUrl)),
    register: (authId, fixtures) => redacted(() => platform.register(authId, fixtures)),
    send: (authId, text, messageType) => redacted(() => platform.send(authId, text, messageType)),
  };

  function configProblem(res: Answer, what: string): void {
    if (res.status === 401)
      throw new LiveConfigError(`${base} refused the credentials (401) reading ${what}.`);
    if (res.status === 403)
      throw new LiveConfigError(
        `the credentials may not manage shop ${options.shopId} on ${base} (403).`,
      );
    if (res.status === 404)
      throw new LiveConfigError(`${base} has no shop ${options.shopId}, or no bots API (404).`);
  }

  function messageApiProblem(res: Answer, what: string): void {
    const said =
      isRecord(res.body) && typeof res.body.error_message === 'string'
        ? `: "${res.body.error_message.slice(0, 200)}"`
        : '';
    if (res.status === 401)
      throw new LiveConfigError(`${what} refused the token or client-id (401${said}).`);
    if (res.status === 403)
      throw new LiveConfigError(`${what} answered 403${said}: the user registration did not take.`);
  }

  function unexpected(what: string, res: Answer): LiveTurnError {
    const said = isRecord(res.body)
      ? typeof res.body.error_message === 'string'
        ? res.body.error_message
        : typeof res.body.detail === 'string'
          ? res.body.detail
          : undefined
      : undefined;
    return new LiveTurnError(
      `${what}: ${base} answered ${res.status}${said ? ` "${said.slice(0, 200)}"` : ' with an unexpected body'}`,
    );
  }
}
