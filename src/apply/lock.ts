// One apply at a time per shop from this working copy: a lock file in .botform/locks. A second
// apply waits for the first, then finds its saved plan stale instead of racing it. A lock left
// by a process that died (kill -9) is recognised by its pid and taken over — by one waiter only:
// taking over is itself done under a second lock file (`.takeover`), and the lock is checked
// again under it, so two waiters that both saw the holder dead cannot both remove a lock (the
// second would remove the first's new one) and both go ahead.
import { closeSync, mkdirSync, openSync, readFileSync, rmSync, statSync, writeSync } from 'node:fs';
import { createHash } from 'node:crypto';
import path from 'node:path';

export interface ApplyLock {
  release(): void;
}

export class LockTimeoutError extends Error {}

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
