// Where a seed comes from: a seed file (YAML or JSON) and the serve flags --user, --shop and
// --token. What is missing is filled from the demo seed, so `botform serve` alone gives the
// documented demo account.
import { parse as parseYaml } from 'yaml';
import { DEFAULT_SEED, SeedError, checkSeed } from './seed.js';
import type { SeedData, SeedShop, SeedUser } from './seed.js';

export interface SeedFlags {
  /** "NAME:PASSWORD" */
  users: string[];
  /** "ID:NAME" */
  shops: string[];
  /** "USERNAME:TOKEN" */
  tokens: string[];
}

/**
 * The seed: the file's users and shops, then the flags' (a flag shop replaces a file shop of the
 * same id). Users from flags manage the shops from flags, or every shop when no --shop is given.
 * No user at all → the demo user; no shop at all → shop 1 "Demo shop".
 */
export function buildSeed(flags: SeedFlags, file?: SeedData): SeedData {
  const flagShops = flags.shops.map(parseShopFlag);
  const shops = new Map<number, SeedShop>();
  for (const shop of [...(file?.shops ?? []), ...flagShops]) shops.set(shop.id, shop);
  if (shops.size === 0) for (const shop of DEFAULT_SEED.shops) shops.set(shop.id, shop);
  const users: SeedUser[] = [...(file?.users ?? []).map((u) => ({ ...u }))];
  for (const flag of flags.users) {
    const [username, password] = splitFlag(flag, '--user', 'NAME:PASSWORD');
    const shopIds = flagShops.length > 0 ? flagShops.map((s) => s.id) : undefined;
    const user: SeedUser = { username, password, ...(shopIds ? { shops: shopIds } : {}) };
    const index = users.findIndex((u) => u.username === username);
    if (index >= 0) users[index] = { ...users[index], ...user };
    else users.push(user);
  }
  if (users.length === 0) users.push(...DEFAULT_SEED.users.map((u) => ({ ...u })));
  for (const flag of flags.tokens) {
    const [username, token] = splitFlag(flag, '--token', 'USERNAME:TOKEN');
    const user = users.find((u) => u.username === username);
    if (!user) throw new SeedError(`--token ${username}:…: there is no user "${username}"`);
    user.tokens = [...(user.tokens ?? []), token];
  }
  const seed = { users, shops: [...shops.values()] };
  checkSeed(seed);
  return seed;
}

function parseShopFlag(flag: string): SeedShop {
  const [id, name] = splitFlag(flag, '--shop', 'ID:NAME');
  if (!/^[1-9]\d{0,14}$/.test(id))
    throw new SeedError(`--shop ${flag}: the id must be a positive integer`);
  return { id: Number(id), name };
}

function splitFlag(flag: string, option: string, shape: string): [string, string] {
  const at = flag.indexOf(':');
  if (at <= 0 || at === flag.length - 1)
    throw new SeedError(`${option} expects ${shape}, got "${flag}"`);
  return [flag.slice(0, at), flag.slice(at + 1)];
}

/** A seed file's text (YAML, of which JSON is a subset). Throws SeedError naming the problem. */
export function parseSeedFile(text: string, source: string): SeedData {
  let doc: unknown;
  try {
    doc = parseYaml(text, { maxAliasCount: 100 });
  } catch (error) {
    throw new SeedError(
      `${source}: not valid YAML or JSON: ${error instanceof Error ? error.message : String(error)}`,
    );
  }
  const fail: Fail = (where, problem) => {
    throw new SeedError(`${source}: ${where}: ${problem}`);
  };
  const root = record(doc) ?? fail('the file', 'expected an object with "users" and/or "shops"');
  onlyKeys(root, ['users', 'shops'], 'the file', fail);
  const shops = list(root.shops, 'shops', fail).map((raw, i): SeedShop => {
    const shop = record(raw) ?? fail(`shops[${i}]`, 'expected an object {id, name}');
    onlyKeys(shop, ['id', 'name'], `shops[${i}]`, fail);
    if (typeof shop.id !== 'number') fail(`shops[${i}].id`, 'expected a positive integer');
    if (typeof shop.name !== 'string') fail(`shops[${i}].name`, 'expected a string');
    return { id: shop.id, name: shop.name };
  });
  const users = list(root.users, 'users', fail).map((raw, i): SeedUser => {
    const where = `users[${i}]`;
    const user =
      record(raw) ?? fail(where, 'expected an object {username, password, shops?, tokens?}');
    onlyKeys(user, ['username', 'password', 'shops', 'tokens'], where, fail);
    if (typeof user.username !== 'string') fail(`${where}.username`, 'expected a string');
    if (typeof user.password !== 'string')
      fail(`${where}.password`, 'expected a string (quote it if it looks like a number)');
    const result: SeedUser = { username: user.username, password: user.password };
    if (user.shops !== undefined) {
      result.shops = list(user.shops, `${where}.shops`, fail).map((id, j) =>
        typeof id === 'number' ? id : fail(`${where}.shops[${j}]`, 'expected a shop id'),
      );
    }
    if (user.tokens !== undefined) {
      result.tokens = list(user.tokens, `${where}.tokens`, fail).map((token, j) =>
        typeof token === 'string' ? token : fail(`${where}.tokens[${j}]`, 'expected a string'),
      );
    }
    return result;
  });
  const seed = { users, shops };
  try {
    checkSeed(seed);
  } catch (error) {
    throw new SeedError(`${source}: ${error instanceof Error ? error.message : String(error)}`);
  }
  return seed;
}

type Fail = (where: string, problem: string) => never;

function record(value: unknown): Record<string, unknown> | undefined {
  return value !== null && typeof value === 'object' && !Array.isArray(value)
    ? (value as Record<string, unknown>)
    : undefined;
}

function list(value: unknown, where: string, fail: Fail): unknown[] {
  if (value === undefined) return [];
  return Array.isArray(value) ? value : fail(where, 'expected a list');
}

function onlyKeys(value: Record<string, unknown>, keys: string[], where: string, fail: Fail): void {
  for (const key of Object.keys(value))
    if (!keys.includes(key)) fail(where, `unknown key "${key}" (known: ${keys.join(', ')})`);
}
