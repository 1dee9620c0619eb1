// Where the live shop is, decided in one place: flags, then environment variables, and when no
// API is named at all, the embedded emulator (a local HighTouch-compatible server with its data
// in .botform/emulator.sqlite), so that the quick start needs no account.
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import type { Emulator } from '../emulator/index.js';
import type { ResolvedEnvironment } from '../environments/resolve.js';
import type { Credentials } from '../remote/client.js';

/** The flags or the shell name no usable target (a bad URL or shop): misuse. */
export class TargetError extends Error {}

/** No credentials for the API (however they are missing): the run cannot be made, exit 1. */
export class CredentialsError extends Error {}

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

/** Where the API comes from: the --api flag, the selected environment, the shell, or nowhere (embedded). */
type ApiSource = 'flag' | 'environment' | 'shell' | 'embedded';

function apiSource(
  flags: TargetFlags,
  shell: Record<string, string | undefined>,
  environment: EnvironmentTarget | undefined,
): { api: string | undefined; from: ApiSource } {
  if (flags.api !== undefined && flags.api !== '') return { api: flags.api, from: 'flag' };
  if (environment?.api !== undefined && environment.api !== '')
    return { api: environment.api, from: 'environment' };
  const fromShell = shell[ENV.api];
  if (fromShell !== undefined && fromShell !== '') return { api: fromShell, from: 'shell' };
  return { api: undefined, from: 'embedded' };
}

/**
 * Whether the environment's own credentials are the ones a run would send: only to the
 * environment's own API. An explicit --api, or an API from the shell, gets the shell's
 * HIGHTOUCH_* credentials instead, never an environment's.
 */
function environmentCredentialsUsed(
  environment: EnvironmentTarget | undefined,
  flags: TargetFlags,
  shell: Record<string, string | undefined>,
): boolean {
  return (
    environment?.credentials !== undefined &&
    apiSource(flags, shell, environment).from === 'environment'
  );
}

/** Where a run goes, decided without starting anything: the embedded emulator, or an API with its credentials. */
export type TargetChoice =
  | { embedded: true; shopId: number }
  | { embedded: false; api: string; shopId: number; credentials: Credentials };

/**
 * The one decision of (API, shop, credentials), for every command. Throws TargetError for a bad
 * URL or shop, CredentialsError when the credentials the API gets are not set.
 */
export function chooseTarget(
  flags: TargetFlags,
  env: Record<string, string | undefined>,
  named: EnvironmentTarget | undefined,
): TargetChoice {
  const { api, from } = apiSource(flags, env, named);
  const shopText = flags.shop ?? (named?.shop !== undefined ? String(named.shop) : env[ENV.shop]);
  const shopId = shopText === undefined ? undefined : Number(shopText);
  if (shopId !== undefined && !(Number.isInteger(shopId) && shopId > 0))
    throw new TargetError(`the shop must be a positive whole number (got "${shopText}").`);
  if (api === undefined) return { embedded: true, shopId: shopId ?? 1 };
  if (!/^https?:\/\/[^\s]+$/.test(api))
    throw new TargetError(`--api must be an http(s) URL (got "${api}").`);
  if (shopId === undefined) throw new TargetError(`name the shop with --shop ID or ${ENV.shop}.`);
  const root = api.replace(/\/+$/, '');
  const to = (credentials: Credentials): TargetChoice => ({
    embedded: false,
    api: root,
    shopId,
    credentials,
  });
  const names = named?.credentials;
  if (names && from === 'environment') {
    // The environment names its own variables, and they go to its own API only: one
    // environment's credentials never reach another API.
    if ('token' in names) {
      const token = env[names.token];
      if (token) return to({ token });
    } else {
      const username = env[names.username];
      const password = env[names.password];
      if (username && password) return to({ username, password });
    }
    const wanted = 'token' in names ? names.token : `${names.username} and ${names.password}`;
    throw new CredentialsError(`no credentials for environment "${named.name}": set ${wanted}.`);
  }
  const token = env[ENV.token];
  const username = env[ENV.username];
  const password = env[ENV.password];
  if (token) return to({ token });
  if (username && password) return to({ username, password });
  const why =
    names && named
      ? ` (the API is ${from === 'flag' ? '--api' : ENV.api}, not environment "${named.name}"'s, so its credentials are not sent there)`
      : '';
  throw new CredentialsError(
    `no credentials: set ${ENV.token}, or ${ENV.username} and ${ENV.password}${why}.`,
  );
}

/** The target chosen, with the embedded emulator started (or shared) when it is the one. */
export async function resolveTarget(
  flags: TargetFlags,
  env: Record<string, string | undefined>,
  cwd: string,
  options: TargetOptions = {},
): Promise<Target> {
  const choice = chooseTarget(flags, env, options.environment);
  if (!choice.embedded)
    return { api: choice.api, shopId: choice.shopId, credentials: choice.credentials };
  const shop = choice.shopId;
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
  flags: TargetFlags,
  shell: Record<string, string | undefined>,
): boolean {
  return apiSource(flags, shell, environmentTarget(env)).from !== 'embedded';
}

/** Whether a run for the environment sends the environment's own credentials (so they must be set). */
export function sendsEnvironmentCredentials(
  env: ResolvedEnvironment,
  flags: TargetFlags,
  shell: Record<string, string | undefined>,
): boolean {
  return environmentCredentialsUsed(environmentTarget(env), flags, shell);
}
