// Shared by the client tests: an emulator seed with two accounts, a client factory whose sleeps
// are recorded instead of waited, tiny node:http servers for answers the emulator never gives,
// and a closed port on 127.0.0.1. Everything stays on loopback.
import { createServer } from 'node:http';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { createServer as createNetServer } from 'node:net';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, beforeEach } from 'vitest';
import { startEmulator } from '../../src/emulator/index.js';
import { ApiError } from '../../src/remote/errors.js';
import type { Emulator, EmulatorOptions, SeedData } from '../../src/emulator/index.js';
import { createClient } from '../../src/remote/client.js';
import type { ClientEvent, ClientOptions, HighTouchClient } from '../../src/remote/client.js';
import type { StepRecord } from '../../src/remote/contract.js';
import { mapBounded } from '../../src/bounded-map.js';

export const ANN_PASSWORD = 'ann-Pa55word-q7';
export const ANN_TOKEN = 'ann-static-token-0001';
export const BOB_PASSWORD = 'bob-Pa55word-k3';

/** ann manages shops 1 and 3; bob manages shop 2. */
const SEED: SeedData = {
  shops: [
    { id: 1, name: 'Alpha' },
    { id: 2, name: 'Beta' },
    { id: 3, name: 'Gamma' },
  ],
  users: [
    { username: 'ann', password: ANN_PASSWORD, shops: [1, 3], tokens: [ANN_TOKEN] },
    { username: 'bob', password: BOB_PASSWORD, shops: [2] },
  ],
};

export function startTestEmulator(options: EmulatorOptions = {}): Promise<Emulator> {
  return startEmulator({
    db: ':memory:',
    port: 0,
    seed: SEED,
    onInternalError: (error) => {
      throw error;
    },
    ...options,
  });
}

export interface TestClient {
  client: HighTouchClient;
  /** Every wait the client asked for, in order; none is really waited. */
  sleeps: number[];
  events: ClientEvent[];
}

/** A client of ann's (by token unless told) whose sleeps are recorded, not waited. */
export function testClient(baseUrl: string, options: Partial<ClientOptions> = {}): TestClient {
  const sleeps: number[] = [];
  const events: ClientEvent[] = [];
  const client = createClient({
    baseUrl,
    credentials: { token: ANN_TOKEN },
    sleep: async (ms) => {
      sleeps.push(ms);
    },
    random: () => 0.5,
    onEvent: (event) => events.push(event),
    ...options,
  });
  return { client, sleeps, events };
}

/** Creates `count` steps named `${prefix}-${i}` in a shop, 16 at a time; returns them in id order. */
export async function createSteps(
  client: HighTouchClient,
  shopId: number,
  count: number,
  prefix = 'step',
): Promise<StepRecord[]> {
  const indexes = Array.from({ length: count }, (_, i) => i);
  const created = await mapBounded(indexes, 16, (i) =>
    client.request<StepRecord>(
      'POST',
      '/api/steps/',
      { shop_id: shopId },
      { name: `${prefix}-${i}`, type: 'message', text: `text ${i}` },
    ),
  );
  return created.sort((a, b) => a.id - b.id);
}

export interface TinyServer {
  url: string;
  /** Requests received: method and url. */
  received: string[];
  close(): Promise<void>;
}

/** A node:http server on 127.0.0.1 answering with `handler` (for answers the emulator never gives). */
export async function tinyServer(
  handler: (req: IncomingMessage, res: ServerResponse, index: number) => void,
): Promise<TinyServer> {
  const received: string[] = [];
  const server = createServer((req, res) => {
    received.push(`${req.method} ${req.url}`);
    req.resume();
    req.on('end', () => handler(req, res, received.length - 1));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    received,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** A port on 127.0.0.1 nothing listens on (it was free a moment ago). */
export async function closedPort(): Promise<number> {
  const server = createNetServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

/** The emulator's count of one route, e.g. "GET /api/steps/". */
export function routeCount(emu: Emulator, route: string): number {
  return emu.stats().byRoute[route] ?? 0;
}

/** Starts the seeded emulator for a test file, with faults and stats reset before each test. */
export function useTestEmulator(): () => Emulator {
  let emu: Emulator | undefined;
  beforeAll(async () => {
    emu = await startTestEmulator();
  });
  afterAll(() => emu?.close());
  beforeEach(() => {
    emu?.setFaults({});
    emu?.resetStats();
  });
  return () => {
    if (!emu) throw new Error('the test emulator is not running');
    return emu;
  };
}

/** The ApiError a promise rejects with; fails the test if it resolves or rejects otherwise. */
export async function caught(promise: Promise<unknown>): Promise<ApiError> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  if (!(error instanceof ApiError)) throw new Error(`expected an ApiError, got ${String(error)}`);
  return error;
}
