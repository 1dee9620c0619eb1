// The webhook receiver of a live run: an HTTP server on loopback that takes the bot's replies
// (JSON POSTs, see WebhookPayload in src/emulator/bot/webhook.ts) and hands them to the
// conversation they belong to, by auth_id. A turn is over when its last reply arrives (the
// emulator marks it), or — from a platform that does not mark turns — after a quiet period.
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { isRecord } from '../../model/json.js';
import { LiveConfigError, LiveTurnError } from './errors.js';
import { listen } from '../../listen.js';
import { plural } from '../../plural.js';

interface ReceivedMessage {
  text: string;
  buttons: string[];
  /** The step that sent it, when the platform reports it. */
  step: string | null;
}

/** The emulator's test extension (see TurnTrace in src/emulator/bot/runner.ts), unchecked. */
interface ReceivedTrace {
  at: string | null;
  vars: Record<string, unknown>;
  entered: string[];
  events: unknown[];
  error: { code: string; message: string } | null;
}

export interface ReceivedTurn {
  messages: ReceivedMessage[];
  trace: ReceivedTrace | undefined;
}

/** One POST: a message (or, from the emulator, a turn-end notice without one). */
interface Delivery {
  /** The platform's message_id, when it sends one: deliveries are at least once. */
  messageId: number | null;
  message: ReceivedMessage | null;
  inReplyTo: number | null;
  lastInTurn: boolean;
  trace: ReceivedTrace | undefined;
}

export interface Receiver {
  url: string;
  /** The replies to the user message `messageId` of `authId`, waiting at most `timeoutMs` for the turn to end. */
  turn(authId: string, messageId: number, timeoutMs: number): Promise<ReceivedTurn>;
  /** Forgets a finished conversation's leftovers. */
  forget(authId: string): void;
  /** Bodies that were not a bot reply (answered 400). */
  rejected(): number;
  close(): Promise<void>;
}

const BODY_LIMIT = 1024 * 1024;
/** Without turn marks, a turn is over this long after its latest reply. */
const QUIET_MS = 300;

interface Mailbox {
  messages: Delivery[];
  /** message_ids already taken: a delivery made again (after a timeout or a restart) is dropped. */
  seen: Set<number>;
  wake: (() => void) | undefined;
}

export async function startReceiver(
  options: { host?: string; port?: number } = {},
): Promise<Receiver> {
  const boxes = new Map<string, Mailbox>();
  const box = (authId: string): Mailbox => {
    let found = boxes.get(authId);
    if (!found) {
      found = { messages: [], seen: new Set(), wake: undefined };
      boxes.set(authId, found);
    }
    return found;
  };
  let rejected = 0;
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size <= BODY_LIMIT) chunks.push(chunk);
    });
    req.on('error', () => res.destroy());
    req.on('end', () => {
      const parsed =
        req.method === 'POST' && size <= BODY_LIMIT
          ? parsePayload(Buffer.concat(chunks).toString('utf8'))
          : undefined;
      if (!parsed) {
        rejected += 1;
        res.writeHead(400).end();
        return;
      }
      const mailbox = box(parsed.authId);
      const id = parsed.delivery.messageId;
      if (id === null || !mailbox.seen.has(id)) {
        if (id !== null) mailbox.seen.add(id);
        mailbox.messages.push(parsed.delivery);
        mailbox.wake?.();
      }
      res.writeHead(200).end();
    });
  });
  const host = options.host ?? '127.0.0.1';
  try {
    await listen(server, options.port ?? 0, host);
  } catch (error) {
    const code = (error as { code?: unknown }).code;
    throw new LiveConfigError(
      `cannot start the webhook receiver on ${host}:${options.port ?? 0}${typeof code === 'string' ? ` (${code})` : ''}; choose another --webhook-port.`,
    );
  }
  const port = (server.address() as AddressInfo).port;
  return {
    url: `http://${host.includes(':') ? `[${host}]` : host}:${port}/botform-live`,
    async turn(authId, messageId, timeoutMs) {
      const mailbox = box(authId);
      const deadline = Date.now() + timeoutMs;
      for (;;) {
        const mine = mailbox.messages.filter((m) => m.inReplyTo === messageId);
        const unmarked = mailbox.messages.filter((m) => m.inReplyTo === null);
        if (mine.some((m) => m.lastInTurn)) {
          mailbox.messages = mailbox.messages.filter((m) => m.inReplyTo !== messageId);
          return turnOf(mine);
        }
        const left = deadline - Date.now();
        if (unmarked.length > 0 && mine.length === 0) {
          // A platform without turn marks: whatever arrives until it goes quiet is this turn.
          const quiet = await waitFor(mailbox, Math.min(QUIET_MS, Math.max(left, 0)));
          if (!quiet) continue;
          mailbox.messages = mailbox.messages.filter((m) => m.inReplyTo !== null);
          return turnOf(unmarked);
        }
        if (left <= 0) {
          throw new LiveTurnError(
            mine.length === 0
              ? `the bot sent no reply within ${timeoutMs} ms`
              : `the bot's turn did not end within ${timeoutMs} ms (${plural(mine.length, 'reply', 'replies')} so far)`,
          );
        }
        await waitFor(mailbox, left);
      }
    },
    forget: (authId) => void boxes.delete(authId),
    rejected: () => rejected,
    close: () =>
      new Promise<void>((resolve) => {
        for (const mailbox of boxes.values()) mailbox.wake?.();
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** Waits for the next message or `ms`; true when the time ran out with nothing new. */
function waitFor(mailbox: Mailbox, ms: number): Promise<boolean> {
  return new Promise((resolve) => {
    const timer = setTimeout(() => {
      mailbox.wake = undefined;
      resolve(true);
    }, ms);
    mailbox.wake = () => {
      clearTimeout(timer);
      mailbox.wake = undefined;
      resolve(false);
    };
  });
}

function turnOf(deliveries: readonly Delivery[]): ReceivedTurn {
  return {
    messages: deliveries.flatMap((d) => (d.message ? [d.message] : [])),
    trace: [...deliveries].reverse().find((d) => d.trace !== undefined)?.trace,
  };
}

function parsePayload(text: string): { authId: string; delivery: Delivery } | undefined {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return undefined;
  }
  if (!isRecord(value) || !isRecord(value.user) || typeof value.user.auth_id !== 'string')
    return undefined;
  const m = value.message;
  let message: ReceivedMessage | null = null;
  if (isRecord(m) && typeof m.body === 'string') {
    const buttons = Array.isArray(m.buttons)
      ? m.buttons.filter((b): b is string => typeof b === 'string')
      : [];
    message = { text: m.body, buttons, step: typeof m.step === 'string' ? m.step : null };
  } else if (m !== null) {
    return undefined;
  }
  const inReplyTo = typeof value.in_reply_to === 'number' ? value.in_reply_to : null;
  // A POST without a message is only meaningful as the end of a marked turn.
  if (message === null && inReplyTo === null) return undefined;
  return {
    authId: value.user.auth_id,
    delivery: {
      messageId: isRecord(m) && typeof m.message_id === 'number' ? m.message_id : null,
      message,
      inReplyTo,
      lastInTurn: value.last_in_turn === true,
      trace: traceOf(value.trace),
    },
  };
}

function traceOf(value: unknown): ReceivedTrace | undefined {
  if (!isRecord(value)) return undefined;
  const { at, vars, entered, events, error } = value;
  if (
    (at !== null && typeof at !== 'string') ||
    !isRecord(vars) ||
    !Array.isArray(entered) ||
    !Array.isArray(events)
  )
    return undefined;
  const problem =
    isRecord(error) && typeof error.code === 'string' && typeof error.message === 'string'
      ? { code: error.code, message: error.message }
      : null;
  return {
    at,
    vars,
    entered: entered.filter((e): e is string => typeof e === 'string'),
    events,
    error: problem,
  };
}
