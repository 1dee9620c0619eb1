// The apply lock. (1) A lock left by a dead process is taken over by exactly one of the waiters:
// several processes race for it, and their critical sections never overlap. (2) The lock and the
// journal live under the project root (the folder of botform.config.yaml), so applies started
// from a subfolder take turns with the others and leave their journal in one place.
import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { acquireApplyLock, shopLockKeys, takeOverStale } from '../../src/apply/lock.js';
import { startEmulator, type Emulator } from '../../src/emulator/index.js';
import { REPO } from '../helpers/fixtures.js';
import { runCli, tempTree } from '../helpers/cli.js';

const SCENARIO =
  'start: welcome\nsteps:\n  welcome:\n    type: message\n    text: Hi!\n    end: true\n';
const CREDS = { HIGHTOUCH_USERNAME: 'demo', HIGHTOUCH_PASSWORD: 'demo' };
const lockName = (target: string) =>
  `${createHash('sha256').update(target).digest('hex').slice(0, 16)}.lock`;

/** A pid that belonged to a process that has exited. */
async function deadPid(): Promise<number> {
  const child = spawn(process.execPath, ['-e', '0']);
  await new Promise((resolve) => child.on('exit', resolve));
  return child.pid as number;
}

describe('a stale lock is taken over by one waiter only', () => {
  it('six processes race for a lock whose holder died: their turns never overlap', async () => {
    const tree = tempTree({});
    try {
      const dir = path.join(tree.dir, 'locks');
      mkdirSync(dir, { recursive: true });
      writeFileSync(
        path.join(dir, lockName('shop#1')),
        JSON.stringify({ pid: await deadPid(), at: new Date().toISOString() }),
      );
      const log = path.join(tree.dir, 'turns.log');
      writeFileSync(log, '');
      // Each worker waits for the same start file, so that they all see the dead lock together.
      const go = path.join(tree.dir, 'go');
      const script = `
        import { appendFileSync, existsSync } from 'node:fs';
        import { acquireApplyLock } from ${JSON.stringify(path.join(REPO, 'dist', 'apply', 'lock.js'))};
        while (!existsSync(${JSON.stringify(go)})) await new Promise((r) => setTimeout(r, 5));
        const lock = await acquireApplyLock(${JSON.stringify(dir)}, 'shop#1', 60000);
        appendFileSync(${JSON.stringify(log)}, 'in ' + process.pid + '\\n');
        await new Promise((r) => setTimeout(r, 150));
        appendFileSync(${JSON.stringify(log)}, 'out ' + process.pid + '\\n');
        lock.release();
      `;
      const workers = Array.from({ length: 6 }, () =>
        spawn(process.execPath, ['--input-type=module', '-e', script], { stdio: 'inherit' }),
      );
      const exits = workers.map(
        (w) => new Promise<number | null>((resolve) => w.on('exit', resolve)),
      );
      await new Promise((resolve) => setTimeout(resolve, 300));
      writeFileSync(go, '');
      expect(await Promise.all(exits)).toStrictEqual([0, 0, 0, 0, 0, 0]);
      const lines = readFileSync(log, 'utf8').trim().split('\n');
      expect(lines).toHaveLength(12);
      for (let i = 0; i < lines.length; i += 2) {
        const pid = (lines[i] as string).replace(/^in /, '');
        expect(lines[i]).toBe(`in ${pid}`);
        expect(lines[i + 1], `turns overlap:\n${lines.join('\n')}`).toBe(`out ${pid}`);
      }
      expect(readdirSync(dir)).toStrictEqual([]);
    } finally {
      tree.cleanup();
    }
  }, 120_000);
});

describe('the takeover, step by step (the interleaving a race would need)', () => {
  it('a waiter that saw the holder dead does not remove the lock another waiter took meanwhile', async () => {
    const tree = tempTree({});
    try {
      const dir = path.join(tree.dir, 'locks');
      mkdirSync(dir, { recursive: true });
      const file = path.join(dir, lockName('shop#1'));
      writeFileSync(file, JSON.stringify({ pid: await deadPid(), at: new Date().toISOString() }));
      // Waiter B takes the dead lock over and holds it...
      const held = await acquireApplyLock(dir, 'shop#1', 1000);
      // ...then waiter A, which saw the dead holder a moment before, goes on with its takeover.
      expect(takeOverStale(file)).toBe(true);
      expect(JSON.parse(readFileSync(file, 'utf8'))).toMatchObject({ pid: process.pid });
      held.release();
    } finally {
      tree.cleanup();
    }
  });

  it('while another waiter is taking over, a second one leaves the lock alone', async () => {
    const tree = tempTree({});
    try {
      const file = path.join(tree.dir, lockName('shop#1'));
      writeFileSync(file, JSON.stringify({ pid: await deadPid(), at: new Date().toISOString() }));
      writeFileSync(`${file}.takeover`, '');
      expect(takeOverStale(file)).toBe(false);
      expect(existsSync(file)).toBe(true);
    } finally {
      tree.cleanup();
    }
  });
});

describe('lock and journal under the project root', () => {
  let emulator: Emulator;
  let tree: ReturnType<typeof tempTree>;
  beforeAll(async () => {
    emulator = await startEmulator({ db: ':memory:', port: 0 });
    tree = tempTree({
      'botform.config.yaml': 'scenario: shop\n',
      'shop/main.yaml': SCENARIO,
      'sub/deeper/.keep': '',
    });
  });
  afterAll(async () => {
    await emulator.close();
    tree.cleanup();
  });

  it('an apply from a subfolder waits for the lock at the root', async () => {
    const locks = path.join(tree.dir, '.botform', 'locks');
    mkdirSync(locks, { recursive: true });
    // Held by a live process (this one): the apply must wait, and here gives up after 1 s.
    const [key] = await shopLockKeys(emulator.url, 1);
    writeFileSync(
      path.join(locks, lockName(key as string)),
      JSON.stringify({ pid: process.pid, at: new Date().toISOString() }),
    );
    const run = await runCli(
      [
        'apply',
        '../../shop',
        '--auto-approve',
        '--api',
        emulator.url,
        '--shop',
        '1',
        '--lock-timeout',
        '1',
      ],
      { cwd: path.join(tree.dir, 'sub', 'deeper'), env: CREDS },
    );
    expect(run.code).toBe(1);
    expect(run.stderr).toContain('another botform apply to the same shop is running');
    expect(existsSync(path.join(tree.dir, 'sub', 'deeper', '.botform'))).toBe(false);
    rmSync(locks, { recursive: true, force: true });
  });

  it('a saved plan applied from a subfolder keeps its journal at the root', async () => {
    const planned = await runCli(
      ['plan', 'shop', '--api', emulator.url, '--shop', '1', '--out', 'plan.json'],
      { cwd: tree.dir, env: CREDS },
    );
    expect(planned.code, planned.stderr).toBe(0);
    const run = await runCli(['apply', '../../plan.json', '--api', emulator.url], {
      cwd: path.join(tree.dir, 'sub', 'deeper'),
      env: CREDS,
    });
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    expect(
      readdirSync(path.join(tree.dir, '.botform', 'journal')).filter((f) => f.endsWith('.jsonl')),
    ).toHaveLength(1);
    expect(existsSync(path.join(tree.dir, 'sub', 'deeper', '.botform'))).toBe(false);
  });
});
