// Where the live shop is, decided in one place: flags, then environment variables, and when no
// API is named at all, the embedded emulator (a local HighTouch-compatible server with its data
// in .botform/emulator.sqlite), so that the quick start needs no account.
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import type { Emulator } from '../emulator/index.js';
import type { ResolvedEnvironment } from '../environments/resolve.js';
import type { Credentials } from '../remote/client.js';

/** The flags or the shell name no usable target (a bad URL or shop, no credentials): misuse. */
export class TargetError extends Error {}

export type { Credentials } from '../remote/client.js';

export interface Target {
  api: string;
  shopId: number;
  credentials: Credentials;
  /** Set when botform started its embedded emulator; the command closes it when done. */
  embedded?: { emulator: Emulator; db: string; shared?: boolean };
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

const EMBEDDED_DB = path.join('.botform', 'emulator.sqlite');

/**
 * A named environment of botform.config.yaml as a target source: it comes after the flags and
 * before the shell's HIGHTOUCH_* variables. Credentials are the NAMES of the variables to read.
 */
export interface EnvironmentTarget {
  name: string;
  api?: string | undefined;
  shop?: number | undefined;
  credentials?: { token: string } | { username: string; password: string } | undefined;
}

export interface TargetOptions {
  environment?: EnvironmentTarget | undefined;
  /** An embedded emulator already running (many environments in one process share one). */
  sharedEmbedded?: { emulator: Emulator; db: string } | undefined;
}

export async function resolveTarget(
  flags: TargetFlags,
  env: Record<string, string | undefined>,
  cwd: string,
  options: TargetOptions = {},
): Promise<Target> {
  const named = options.environment;
  const api = flags.api ?? named?.api ?? env[ENV.api];
  const shopText = flags.shop ?? (named?.shop !== undefined ? String(named.shop) : env[ENV.shop]);
  const shopId = shopText === undefined ? undefined : Number(shopText);
  if (shopId !== undefined && !(Number.isInteger(shopId) && shopId > 0))
    throw new TargetError(`the shop must be a positive whole number (got "${shopText}").`);

  if (api === undefined || api === '') {
    const shop = shopId ?? 1;
    if (options.sharedEmbedded)
      return {
        api: options.sharedEmbedded.emulator.url,
        shopId: shop,
        credentials: { username: 'demo', password: 'demo' },
        embedded: { ...options.sharedEmbedded, shared: true },
      };
    const emulator = await startEmbeddedEmulator(cwd, [shop]);
    return {
      api: emulator.url,
      shopId: shop,
      credentials: { username: 'demo', password: 'demo' },
      embedded: { emulator, db: EMBEDDED_DB },
    };
  }
  if (!/^https?:\/\/[^\s]+$/.test(api))
    throw new TargetError(`--api must be an http(s) URL (got "${api}").`);
  if (shopId === undefined) throw new TargetError(`name the shop with --shop ID or ${ENV.shop}.`);
  const names = named?.credentials;
  if (names) {
    // The environment names its own variables: only those are read, so one environment's
    // credentials never reach another environment's API.
    const given =
      'token' in names
        ? { token: env[names.token] }
        : { username: env[names.username], password: env[names.password] };
    if ('token' in names && given.token)
      return { api: api.replace(/\/+$/, ''), shopId, credentials: { token: given.token } };
    if ('username' in names && given.username && given.password)
      return {
        api: api.replace(/\/+$/, ''),
        shopId,
        credentials: { username: given.username, password: given.password },
      };
    const wanted = 'token' in names ? names.token : `${names.username} and ${names.password}`;
    throw new TargetError(`no credentials for environment "${named.name}": set ${wanted}.`);
  }
  const token = env[ENV.token];
  const username = env[ENV.username];
  const password = env[ENV.password];
  if (token) return { api: api.replace(/\/+$/, ''), shopId, credentials: { token } };
  if (username && password)
    return { api: api.replace(/\/+$/, ''), shopId, credentials: { username, password } };
  throw new TargetError(
    `no credentials: set ${ENV.token}, or ${ENV.username} and ${ENV.password}.`,
  );
}

/** The embedded emulator, its database in .botform/ of cwd, with the demo user managing `shops` (and shop 1). */
export async function startEmbeddedEmulator(
  cwd: string,
  shops: readonly number[],
): Promise<Emulator> {
  const db = path.join(cwd, EMBEDDED_DB);
  mkdirSync(path.dirname(db), { recursive: true });
  const { startEmulator, DEFAULT_SEED } = await import('../emulator/index.js');
  const extra = [...new Set(shops)]
    .filter((id) => !DEFAULT_SEED.shops.some((s) => s.id === id))
    .sort((a, b) => a - b);
  const seed = {
    users: DEFAULT_SEED.users,
    shops: [...DEFAULT_SEED.shops, ...extra.map((id) => ({ id, name: `Shop ${id}` }))],
  };
  return startEmulator({ db, host: '127.0.0.1', port: 0, seed });
}

export async function releaseTarget(target: Target): Promise<void> {
  if (!target.embedded?.shared) await target.embedded?.emulator.close();
}

/** How a plan records its target: the API root, or "embedded" for the embedded emulator. */
export function targetName(target: Target): string {
  return target.embedded ? 'embedded' : target.api;
}

/** How the target is described to people: never with a credential. */
export function describeTarget(target: Target): string {
  return target.embedded
    ? `the embedded emulator (${target.embedded.db}), shop ${target.shopId}`
    : `${target.api}, shop ${target.shopId}`;
}

/** The environment as a target source. */
export function environmentTarget(env: ResolvedEnvironment): EnvironmentTarget {
  return {
    name: env.name,
    api: env.api?.value,
    shop: env.shop?.value,
    credentials: env.credentials?.value,
  };
}

/** Whether the environment's plan/apply will talk to a real API rather than the embedded emulator. */
export function usesRealApi(
  env: ResolvedEnvironment,
  flags: { api?: string | undefined },
  shell: Record<string, string | undefined>,
): boolean {
  return Boolean(flags.api ?? env.api?.value ?? shell[ENV.api]);
}
