// Shared by the emulator tests: a seed with two users and three shops, a small HTTP client that
// checks every answer against the OpenAPI description, and temp-dir handling.
import type { MenuItemRecord, StepRecord } from '../../src/remote/contract.js';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startEmulator } from '../../src/emulator/index.js';
import type { Emulator, EmulatorOptions, SeedData } from '../../src/emulator/index.js';
import { createOpenApiChecker } from './openapi-check.js';
import type { OpenApiChecker } from './openapi-check.js';

export const ALICE = 'alice-static-token-0001';
export const BOB = 'bob-static-token-00002';

/** alice manages shops 1 and 3, bob manages 2 and 3. */
export const TEST_SEED: SeedData = {
  shops: [
    { id: 1, name: 'Alice pizza' },
    { id: 2, name: 'Bob burgers' },
    { id: 3, name: 'Shared shop' },
  ],
  users: [
    { username: 'alice', password: 'alice-pw', shops: [1, 3], tokens: [ALICE] },
    { username: 'bob', password: 'bob-pw', shops: [2, 3], tokens: [BOB] },
  ],
};

/** What an answer body is read as when a test does not say: any field, of unknown type. */
type Loose = Record<string, unknown>;

export interface Page<T> {
  count: number;
  next: string | null;
  previous: string | null;
  results: T[];
}

/** @public Named by messaging-helpers' inferred return types. */
export interface Answer<T = Loose> {
  status: number;
  body: T;
  headers: Headers;
}

export interface Client {
  request<T = Loose>(
    method: string,
    path: string,
    options?: {
      body?: unknown;
      raw?: string;
      headers?: Record<string, string>;
      token?: string | null;
    },
  ): Promise<Answer<T>>;
  get<T = Loose>(path: string): Promise<Answer<T>>;
  post<T = Loose>(path: string, body: unknown): Promise<Answer<T>>;
  patch<T = Loose>(path: string, body: unknown): Promise<Answer<T>>;
  del<T = Loose>(path: string): Promise<Answer<T>>;
}

let sharedChecker: OpenApiChecker | undefined;
export function openApi(): OpenApiChecker {
  sharedChecker ??= createOpenApiChecker();
  return sharedChecker;
}

/** A client for `token` (null = no Authorization header) that fails on any answer the OpenAPI description does not allow. */
export function client(emu: Pick<Emulator, 'url'>, token: string | null = ALICE): Client {
  const request: Client['request'] = async (method, path, options = {}) => {
    const headers: Record<string, string> = { ...options.headers };
    const auth = options.token === undefined ? token : options.token;
    if (auth !== null) headers.authorization = `Bearer ${auth}`;
    let body: string | undefined;
    if (options.raw !== undefined) body = options.raw;
    else if (options.body !== undefined) {
      body = JSON.stringify(options.body);
      headers['content-type'] ??= 'application/json';
    }
    const res = await fetch(`${emu.url}${path}`, {
      method,
      headers,
      ...(body !== undefined ? { body } : {}),
    });
    const text = await res.text();
    const parsed: unknown = text === '' ? undefined : JSON.parse(text);
    const problems = openApi().check(method, new URL(path, emu.url).pathname, res.status, parsed);
    if (problems.length > 0)
      throw new Error(`answer does not match the OpenAPI description:\n${problems.join('\n')}`);
    return { status: res.status, body: parsed as never, headers: res.headers };
  };
  return {
    request,
    get: (path) => request('GET', path),
    post: (path, body) => request('POST', path, { body }),
    patch: (path, body) => request('PATCH', path, { body }),
    del: (path) => request('DELETE', path),
  };
}

export function startTestEmulator(options: EmulatorOptions = {}): Promise<Emulator> {
  return startEmulator({
    seed: TEST_SEED,
    onInternalError: (error) => {
      throw error;
    },
    ...options,
  });
}

export function tempDir(): { path: string; cleanup(): void } {
  const path = mkdtempSync(join(tmpdir(), 'botform-emulator-'));
  return { path, cleanup: () => rmSync(path, { recursive: true, force: true }) };
}

/** Creates a step in shop 1 (or `shop`) and returns it, failing the test on anything but 201. */
export async function makeStep(
  api: Client,
  fields: Record<string, unknown>,
  shop = 1,
): Promise<StepBody> {
  const res = await api.post<StepBody>(`/api/steps/?shop_id=${shop}`, {
    type: 'message',
    ...fields,
  });
  if (res.status !== 201)
    throw new Error(`creating a step: ${res.status} ${JSON.stringify(res.body)}`);
  return res.body;
}

export async function makeItem(
  api: Client,
  fields: Record<string, unknown>,
  shop = 1,
): Promise<ItemBody> {
  const res = await api.post<ItemBody>(`/api/menu_items/?shop_id=${shop}`, {
    text: 'button',
    ...fields,
  });
  if (res.status !== 201)
    throw new Error(`creating a menu item: ${res.status} ${JSON.stringify(res.body)}`);
  return res.body;
}

// The emulator answers with the contract's records; the tests read them as such.
export type StepBody = StepRecord;
export type ItemBody = MenuItemRecord;
