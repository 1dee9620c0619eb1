// Ctrl-C and SIGTERM, sent to the built CLI as a process. apply lets the calls in flight finish,
// journals them and stops with its own words, so `plan` afterwards shows exactly the work left
// (nothing done and unjournaled, nothing cut off mid-write); any other command stops at once.
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { planId } from '../../src/apply/journal.js';
import { startEmulator } from '../../src/emulator/index.js';
import { runCli, tempTree } from '../helpers/cli.js';
import { readJournal, readPlan, remainingWork, startCli } from './helpers/cli-proc.js';
import { generateBase, rng } from './helpers/scenario-gen.js';
import { DEMO, scenarioYaml } from './helpers/shop.js';

const cleanups: (() => unknown)[] = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});
const env = { HIGHTOUCH_USERNAME: DEMO.username, HIGHTOUCH_PASSWORD: DEMO.password };

describe('apply on SIGTERM or Ctrl-C', () => {
  it.each(['SIGTERM', 'SIGINT'] as const)(
    '%s: finishes the calls in flight, says so, and plan then shows exactly the remaining work',
    async (signal) => {
      const emulator = await startEmulator();
      cleanups.push(() => emulator.close());
      const tree = tempTree({ 'bot.yaml': scenarioYaml(generateBase(rng(23), 12)) });
      cleanups.push(tree.cleanup);
      const args = ['--api', emulator.url, '--shop', '1'];
      expect(
        (
          await runCli(['plan', 'bot.yaml', '--out', 'before.json', ...args], {
            cwd: tree.dir,
            env,
          })
        ).code,
      ).toBe(0);
      const before = readPlan(path.join(tree.dir, 'before.json'));
      expect(before.operations.length).toBeGreaterThan(6);

      // Slow calls, two at a time: the signal arrives while calls are in flight.
      emulator.setFaults({ latencyMs: 150 });
      const run = startCli(
        ['apply', 'before.json', '--auto-approve', '--parallelism', '2', ...args],
        { cwd: tree.dir, env },
      );
      expect(await run.progress(1), 'the apply ended before the signal').toBe(true);
      run.child.kill(signal);
      const stopped = await run.done;
      expect(stopped.signal).toBeNull();
      expect(stopped.code).toBe(1);
      expect(stopped.stderr).toContain(
        `botform apply: stopping — finishing the calls in flight; the journal keeps what finished, and "botform apply" resumes from there (${signal}; send it again to quit now)`,
      );
      expect(stopped.stdout).toMatch(
        /^Apply interrupted: \d+ created, \d+ updated, \d+ deleted; 0 calls failed, \d+ not run\.$/m,
      );
      expect(stopped.stderr).not.toMatch(/^\s+at /m);

      emulator.setFaults({ latencyMs: 0 });
      const journaled = new Set(readJournal(tree.dir, planId(before)).map((e) => e.op));
      expect(journaled.size).toBeGreaterThan(0);
      expect(journaled.size).toBeLessThan(before.operations.length);
      const replanned = await runCli(['plan', 'bot.yaml', '--out', 'after.json', ...args], {
        cwd: tree.dir,
        env,
      });
      expect(replanned.code, replanned.stderr).toBe(0);
      const { unexpected, doneUnjournaled } = remainingWork(
        before,
        journaled,
        readPlan(path.join(tree.dir, 'after.json')),
      );
      expect(unexpected).toStrictEqual([]);
      expect(doneUnjournaled).toStrictEqual([]);

      // The saved plan resumes and finishes.
      const resumed = await runCli(['apply', 'before.json', '--auto-approve', ...args], {
        cwd: tree.dir,
        env,
      });
      expect(resumed.code, resumed.stderr).toBe(0);
      expect(resumed.stdout).toMatch(/^Resuming: \d+ of \d+ calls were done by an earlier run\.$/m);
    },
  );
});

describe('other commands on SIGTERM', () => {
  it('plan stops at once, saying so, while a request waits for an answer', async () => {
    // A platform that never answers: the request it receives tells that plan is waiting on it.
    let received: () => void = () => {};
    const arrived = new Promise<void>((resolve) => (received = resolve));
    const server: Server = createServer(() => received());
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    cleanups.push(() => new Promise((resolve) => server.close(resolve)));
    cleanups.push(() => server.closeAllConnections());
    const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    const tree = tempTree({ 'bot.yaml': scenarioYaml(generateBase(rng(5), 4)) });
    cleanups.push(tree.cleanup);
    const run = startCli(['plan', 'bot.yaml', '--api', url, '--shop', '1'], { cwd: tree.dir, env });
    await arrived;
    run.child.kill('SIGTERM');
    const stopped = await run.done;
    expect(stopped.code).toBe(143);
    expect(stopped.stderr.endsWith('\nbotform: stopped (SIGTERM).\n'), stopped.stderr).toBe(true);
  });
});
