// One apply at a time per shop from this working copy: a lock file in .botform/locks under the
// project root. A second apply waits for the first, then finds its saved plan stale (or plans
// after it) instead of racing it. The shop is named by what its API is, not by how the URL is
// spelled: the scheme, the addresses its host resolves to, the port and the path, and the shop id
// — so 127.0.0.1 and localhost for one API take turns. A host with several addresses takes a lock
// for each, always in the same order (so two applies can never wait for each other in a circle). A lock left
// by a process that died (kill -9) is recognised by its pid and taken over — by one waiter only:
// taking over is itself done under a second lock file (`.takeover`), and the lock is checked
// again under it, so two waiters that both saw the holder dead cannot both remove a lock (the
// second would remove the first's new one) and both go ahead.
import { closeSync, mkdirSync, openSync, readFileSync, rmSync, statSync, writeSync } from 'node:fs';
import { createHash } from 'node:crypto';
import { lookup } from 'node:dns/promises';
import { isIP } from 'node:net';
import path from 'node:path';

export interface ApplyLock {
  release(): void;
}

export class LockTimeoutError extends Error {}

/** The addresses a host name resolves to (a port, so that tests can give their own). */
export type ResolveHost = (host: string) => Promise<string[]>;

const resolveHost: ResolveHost = async (host) =>
  (await lookup(host, { all: true, verbatim: true })).map((a) => a.address);

/**
 * The lock keys of a shop: `api` is the API root (or "embedded", which is the project's own
 * emulator). A host that does not resolve is kept by its name (the apply will fail to reach it).
 */
export async function shopLockKeys(
  api: string,
  shopId: number,
  resolve: ResolveHost = resolveHost,
): Promise<string[]> {
  if (api === 'embedded') return [`embedded#${shopId}`];
  const url = new URL(api);
  const scheme = url.protocol.toLowerCase();
  const port = url.port || (scheme === 'https:' ? '443' : '80');
  const route = url.pathname.replace(/\/+$/, '');
  const host = url.hostname.replace(/^\[(.*)\]$/, '$1').toLowerCase();
  let addresses: string[];
  try {
    addresses = isIP(host) ? [host] : await resolve(host);
  } catch {
    addresses = [host];
  }
  const keys = addresses.map((address) => {
    const plain = address.toLowerCase().replace(/^::ffff:(\d+\.\d+\.\d+\.\d+)$/, '$1');
    return `${scheme}//${isIP(plain) === 6 ? `[${plain}]` : plain}:${port}${route}#${shopId}`;
  });
  return [...new Set(keys.length > 0 ? keys : [host])].sort();
}

/** Locks every key of a shop (in sorted order), or none. */
export async function acquireShopLock(
  dir: string,
  keys: readonly string[],
  timeoutMs: number,
): Promise<ApplyLock> {
  const deadline = Date.now() + timeoutMs;
  const held: ApplyLock[] = [];
  try {
    for (const key of [...keys].sort())
      held.push(await acquireApplyLock(dir, key, Math.max(0, deadline - Date.now())));
  } catch (error) {
    for (const lock of held.reverse()) lock.release();
    throw error;
  }
  return {
    release: () => {
      for (const lock of held.reverse()) lock.release();
    },
  };
}

export async function acquireApplyLock(
  dir: string,
  target: string,
  timeoutMs: number,
): Promise<ApplyLock> {
  mkdirSync(dir, { recursive: true });
  const file = path.join(
    dir,
    `${createHash('sha256').update(target).digest('hex').slice(0, 16)}.lock`,
  );
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      const fd = openSync(file, 'wx');
      writeSync(fd, JSON.stringify({ pid: process.pid, at: new Date().toISOString() }));
      closeSync(fd);
      return { release: () => rmSync(file, { force: true }) };
    } catch (error) {
      if ((error as { code?: string }).code !== 'EEXIST') throw error;
    }
    if (!holderAlive(file) && takeOverStale(file)) continue;
    if (Date.now() > deadline)
      throw new LockTimeoutError(
        `another botform apply to the same shop is running (lock ${file}).`,
      );
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

/** Removes a dead holder's lock under the takeover lock; false when another waiter is at it. */
export function takeOverStale(file: string): boolean {
  const guard = `${file}.takeover`;
  let fd: number;
  try {
    fd = openSync(guard, 'wx');
  } catch (error) {
    if ((error as { code?: string }).code !== 'EEXIST') throw error;
    // A takeover takes microseconds; a guard this old was left by a process killed during one.
    try {
      if (Date.now() - statSync(guard).mtimeMs > 10_000) rmSync(guard, { force: true });
    } catch {
      // Gone meanwhile: the other waiter finished.
    }
    return false;
  }
  try {
    // Checked again under the guard: another waiter may have replaced the dead lock already.
    if (!holderAlive(file)) rmSync(file, { force: true });
  } finally {
    closeSync(fd);
    rmSync(guard, { force: true });
  }
  return true;
}

function holderAlive(file: string): boolean {
  let pid: number;
  try {
    pid = (JSON.parse(readFileSync(file, 'utf8')) as { pid: number }).pid;
  } catch {
    // Being written this instant (held), or left empty by a process killed while writing it.
    try {
      return Date.now() - statSync(file).mtimeMs < 2000;
    } catch {
      return false;
    }
  }
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as { code?: string }).code === 'EPERM';
  }
}
