// Where the live shop is, decided in one place: flags, then environment variables, and when no
// API is named at all, the embedded emulator (a local HighTouch-compatible server with its data
// in .botform/emulator.sqlite), so that the quick start needs no account.
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import type { Emulator } from '../emulator/index.js';
import type { Credentials } from '../remote/client.js';
import { UsageError } from './io.js';

export type { Credentials } from '../remote/client.js';

export interface Target {
  api: string;
  shopId: number;
  credentials: Credentials;
  /** Set when botform started its embedded emulator; the command closes it when done. */
  embedded?: { emulator: Emulator; db: string };
}

export interface TargetFlags {
  api?: string | undefined;
  shop?: string | undefined;
}

export const ENV = {
  api: 'HIGHTOUCH_API_URL',
  shop: 'HIGHTOUCH_SHOP_ID',
  token: 'HIGHTOUCH_TOKEN',
  username: 'HIGHTOUCH_USERNAME',
  password: 'HIGHTOUCH_PASSWORD',
} as const;

export const EMBEDDED_DB = path.join('.botform', 'emulator.sqlite');

export async function resolveTarget(flags: TargetFlags, env: Record<string, string | undefined>, cwd: string): Promise<Target> {
  const api = flags.api ?? env[ENV.api];
  const shopText = flags.shop ?? env[ENV.shop];
  const shopId = shopText === undefined ? undefined : Number(shopText);
  if (shopId !== undefined && !(Number.isInteger(shopId) && shopId > 0)) throw new UsageError(`the shop must be a positive whole number (got "${shopText}").`);

  if (api === undefined || api === '') {
    const db = path.join(cwd, EMBEDDED_DB);
    mkdirSync(path.dirname(db), { recursive: true });
    const { startEmulator } = await import('../emulator/index.js');
    const emulator = await startEmulator({ db, host: '127.0.0.1', port: 0 });
    return { api: emulator.url, shopId: shopId ?? 1, credentials: { username: 'demo', password: 'demo' }, embedded: { emulator, db: EMBEDDED_DB } };
  }
  if (!/^https?:\/\/[^\s]+$/.test(api)) throw new UsageError(`--api must be an http(s) URL (got "${api}").`);
  if (shopId === undefined) throw new UsageError(`name the shop with --shop ID or ${ENV.shop}.`);
  const token = env[ENV.token];
  const username = env[ENV.username];
  const password = env[ENV.password];
  if (token) return { api: api.replace(/\/+$/, ''), shopId, credentials: { token } };
  if (username && password) return { api: api.replace(/\/+$/, ''), shopId, credentials: { username, password } };
  throw new UsageError(`no credentials: set ${ENV.token}, or ${ENV.username} and ${ENV.password}.`);
}

export async function releaseTarget(target: Target): Promise<void> {
  await target.embedded?.emulator.close();
}

/** How a plan records its target: the API root, or "embedded" for the embedded emulator. */
export function targetName(target: Target): string {
  return target.embedded ? 'embedded' : target.api;
}

/** How the target is described to people: never with a credential. */
export function describeTarget(target: Target): string {
  return target.embedded ? `the embedded emulator (${target.embedded.db}), shop ${target.shopId}` : `${target.api}, shop ${target.shopId}`;
}
