// startEmulator: the HighTouch API of src/remote/contract.ts served over HTTP from a SQLite file.
// Used by the tests, by `botform serve`, and embedded by the quick start.
import { setMaxListeners } from 'node:events';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createFaults } from './faults.js';
import type { FaultOptions } from './faults.js';
import { handleRequest } from './pipeline.js';
import { DEFAULT_SEED, applySeed } from './seed.js';
import type { SeedData } from './seed.js';
import { createStats } from './stats.js';
import type { EmulatorStats } from './stats.js';
import { createStore } from './store/index.js';
import type { Store } from './store/index.js';
import type { Database } from 'better-sqlite3';
import { openDatabase } from './store/open.js';
import { createLiveScenarios } from './bot/live-scenario.js';
import { createBotRunner } from './bot/runner.js';
import type { WebhookOptions } from './bot/webhook.js';
import { createRuntimeConverse } from './bot/conversation.js';
import { listen } from '../listen.js';
import { createEgressPolicy, type EgressPolicy } from './egress.js';

/** An --allow-outgoing rule that cannot be read. */
export class EgressRuleError extends Error {}

export interface EmulatorOptions {
  /** A database file (created if missing) or ':memory:' (the default). */
  db?: string;
  /** Default 127.0.0.1: the emulator has test passwords and no TLS, so it stays on loopback unless told. */
  host?: string;
  /** Default 0: a free port chosen by the system. */
  port?: number;
  /** Users, shops and tokens to make sure of; default DEFAULT_SEED (demo / demo, shop 1). */
  seed?: SeedData;
  faults?: FaultOptions;
  /** Seed of the fault knobs' random streams; default 0. */
  rngSeed?: number;
  /** One line per request. */
  log?: (line: string) => void;
  /** Webhook delivery of the bot's replies: attempts, backoff, the budget of one delivery. */
  webhook?: WebhookOptions;
  /**
   * Where the bot may send requests (webhooks, staging URLs): `loopback`, `HOST` or `HOST:PORT`.
   * Default: loopback when `host` is loopback, else nowhere. Never the emulator's own API.
   */
  allowOutgoing?: readonly string[];
  /** Values of `${secret:NAME}` in operation headers, by name; default none. */
  secrets?: ReadonlyMap<string, string>;
  /** How long a request (headers and body) may take to arrive; then Node answers 408. Default 30 s. */
  requestTimeoutMs?: number;
  /** Told about bugs of the emulator (500 answers); default: nothing. */
  onInternalError?: (error: unknown) => void;
}

export interface Emulator {
  /** e.g. "http://127.0.0.1:8765" (no trailing slash). */
  url: string;
  port: number;
  /** Stops listening, cuts open connections and closes the database. Safe to call twice. */
  close(): Promise<void>;
  /** Replaces every fault knob (absent ones off); `seed` restarts the random streams. */
  setFaults(faults: FaultOptions & { seed?: number }): void;
  stats(): EmulatorStats;
  resetStats(): void;
  /** Resolves when the bot has answered every message logged so far and delivered the replies (or given up). */
  botIdle(): Promise<void>;
}

/** Throws EmulatorDbError, SeedError or FaultOptionError for bad input, or the listen error. */
export async function startEmulator(options: EmulatorOptions = {}): Promise<Emulator> {
  const faults = createFaults(options.faults, options.rngSeed ?? 0);
  const db = openDatabase(options.db ?? ':memory:');
  const store = seeded(db, options.seed ?? DEFAULT_SEED);
  const stats = createStats();
  const closing = new AbortController();
  // Every request waiting out its latency listens for the close; there may be many at once.
  setMaxListeners(0, closing.signal);
  let origin = 'http://127.0.0.1';
  const inFlight = new Set<Promise<void>>();
  const onInternalError = options.onInternalError ?? (() => {});
  const host = options.host ?? '127.0.0.1';
  let port = 0;
  let egress: EgressPolicy;
  try {
    egress = createEgressPolicy({
      allow: options.allowOutgoing,
      listenHost: host,
      ownPort: () => port,
    });
  } catch (error) {
    db.close();
    throw new EgressRuleError(error instanceof Error ? error.message : String(error));
  }
  const secrets = options.secrets ?? new Map<string, string>();
  const bot = createBotRunner({
    store,
    scenarios: createLiveScenarios(db),
    converse: createRuntimeConverse({
      egress,
      secret: (name) => secrets.get(name),
      closing: closing.signal,
    }),
    webhook: options.webhook ?? {},
    egress,
    closing: closing.signal,
    onInternalError,
  });
  const requestTimeout = options.requestTimeoutMs ?? 30_000;
  // Node checks request deadlines every connectionsCheckingInterval (30 s by default): check
  // often enough that a body trickling in is answered 408 near its deadline.
  const server = createServer(
    { connectionsCheckingInterval: Math.max(100, Math.min(1_000, requestTimeout / 4)) },
    (req, res) => {
      const done = handleRequest(req, res, {
        store,
        faults,
        stats,
        origin,
        closing: closing.signal,
        onInternalError,
        sink: bot,
        egress,
        ...(options.log ? { log: options.log } : {}),
      }).finally(() => inFlight.delete(done));
      inFlight.add(done);
    },
  );
  // Slow or stuck clients must not hold the server: bound how long headers and bodies may take.
  server.headersTimeout = Math.min(10_000, requestTimeout);
  server.requestTimeout = requestTimeout;
  server.keepAliveTimeout = 5_000;
  server.maxHeadersCount = 100;
  try {
    await listen(server, options.port ?? 0, host);
  } catch (error) {
    db.close();
    throw error;
  }
  port = (server.address() as AddressInfo).port;
  origin = `http://${host.includes(':') ? `[${host}]` : host}:${port}`;
  // What a killed emulator left owed (unanswered messages, undelivered webhooks), now that the
  // port is known and deliveries can be checked against it.
  bot.resume();
  let closed: Promise<void> | undefined;
  return {
    url: origin,
    port,
    close() {
      closed ??= (async () => {
        closing.abort();
        const stopped = new Promise<void>((resolve) => server.close(() => resolve()));
        server.closeAllConnections();
        // Handlers only wait before they touch the database, and give up when `closing` aborts.
        await Promise.allSettled([...inFlight]);
        // The bot's turns and deliveries stop at `closing`; the last write waits for them.
        await bot.idle();
        await stopped;
        db.close();
      })();
      return closed;
    },
    setFaults({ seed, ...knobs }) {
      faults.set(knobs, seed);
    },
    stats: () => stats.snapshot(),
    resetStats: () => stats.reset(),
    botIdle: () => bot.idle(),
  };
}

function seeded(db: Database, seed: SeedData): Store {
  try {
    const store = createStore(db);
    applySeed(db, seed, store.clock.tick());
    return store;
  } catch (error) {
    db.close();
    throw error;
  }
}
