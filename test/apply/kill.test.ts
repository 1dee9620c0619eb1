// kill -9 in the middle of `botform apply`: a seeded random change (renames, deletions with
// cycles, new steps with cycles, button edits) is applied by the built CLI, which is killed with
// SIGKILL after a seeded number of progress lines. Then `botform plan` must show exactly the
// remaining work (what the journal does not record, give or take the calls that were in flight),
// `botform apply` must finish it, and the shop must end exactly as the scenario says, with no
// duplicate and no kept step re-created. Odd seeds use the embedded emulator (killed with the
// CLI, mid-write); even seeds an emulator in this process with 5 ms of latency, over --api.
// Also: resuming a saved plan after kill -9 (a write committed but not yet journaled), and an
// emulator whose client was killed while a write of it waited.
import { mkdirSync } from 'node:fs';
import { request } from 'node:http';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { planId } from '../../src/apply/journal.js';
import { startEmulator, type Emulator } from '../../src/emulator/index.js';
import { runCli, tempTree } from '../helpers/cli.js';
import { readJournal, readPlan, remainingWork, startCli } from './helpers/cli-proc.js';
import { changeScenario, generateBase, rng } from './helpers/scenario-gen.js';
import {
  compileGenerated,
  DEMO,
  differences,
  duplicateNames,
  liveIds,
  planAgainst,
  planAndApply,
  readLive,
  scenarioYaml,
  SHOP,
} from './helpers/shop.js';

const PARALLELISM = 4;
const cleanups: (() => unknown)[] = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

interface Setup {
  cwd: string;
  /** Extra CLI arguments and environment that name the shop. */
  args: string[];
  env: Record<string, string>;
  /** What plans record as their target. */
  api: string;
  /** Runs `fn` against the shop over HTTP, while no CLI is running. */
  withShop<T>(fn: (url: string) => Promise<T>): Promise<T>;
}

async function setup(seed: number, files: Record<string, string>): Promise<Setup> {
  const tree = tempTree(files);
  cleanups.push(tree.cleanup);
  if (seed % 2 === 1) {
    return {
      cwd: tree.dir,
      args: [],
      env: {},
      api: 'embedded',
      withShop: async (fn) => {
        const emulator = await startEmulator({
          db: path.join(tree.dir, '.botform', 'emulator.sqlite'),
        });
        try {
          return await fn(emulator.url);
        } finally {
          await emulator.close();
        }
      },
    };
  }
  const emulator: Emulator = await startEmulator({ faults: { latencyMs: 5 } });
  // Bounded: a client killed mid-request can keep close() from finishing (see the test below).
  cleanups.push(() =>
    Promise.race([emulator.close(), new Promise((resolve) => setTimeout(resolve, 2000))]),
  );
  return {
    cwd: tree.dir,
    args: ['--api', emulator.url, '--shop', '1'],
    env: { HIGHTOUCH_USERNAME: DEMO.username, HIGHTOUCH_PASSWORD: DEMO.password },
    api: emulator.url,
    withShop: (fn) => fn(emulator.url),
  };
}

describe('apply killed with SIGKILL part-way', () => {
  it.each([1, 2, 3, 4, 5])(
    'seed %i: plan shows the remaining work, apply finishes it',
    async (seed) => {
      const r = rng(seed * 7919);
      const base = generateBase(r, r.between(10, 14));
      const change = changeScenario(r, base);
      const target = compileGenerated(change.target);
      const s = await setup(seed, { 'target/bot.yaml': scenarioYaml(change.target) });
      const cli = (args: string[]) => runCli([...args, ...s.args], { cwd: s.cwd, env: s.env });

      // The starting state, and the plan the CLI is about to run (computed the same way).
      mkdirSync(path.join(s.cwd, '.botform'), { recursive: true });
      const { baseIds, before } = await s.withShop(async (url) => {
        await planAndApply(compileGenerated(base), url);
        const live = await readLive(url);
        return {
          baseIds: liveIds(live),
          before: { ...planAgainst(target, live, url).plan, target: { api: s.api, shop_id: SHOP } },
        };
      });
      const total = before.operations.length;
      expect(total).toBeGreaterThan(8);

      // Kill after a seeded number of finished calls, in the first half of the apply.
      const killAfter = r.between(1, Math.floor(total / 2));
      const run = startCli(
        ['apply', 'target', '--auto-approve', '--parallelism', String(PARALLELISM), ...s.args],
        { cwd: s.cwd, env: s.env },
      );
      expect(await run.progress(killAfter), 'the apply ended before the kill point').toBe(true);
      run.child.kill('SIGKILL');
      const killed = await run.done;
      expect(killed.signal).toBe('SIGKILL');

      // The apply journaled what it finished, under the id of the plan computed above.
      // The journal is under the project root: with no config, the current folder.
      const journaled = new Set(readJournal(s.cwd, planId(before)).map((e) => e.op));
      expect(journaled.size).toBeGreaterThanOrEqual(killAfter);
      expect(journaled.size).toBeLessThan(total);

      // `botform plan` shows the work the journal does not record (give or take what was in flight).
      const replanned = await cli(['plan', 'target', '--out', 'after.json']);
      expect(replanned.code, replanned.stderr).toBe(0);
      const after = readPlan(path.join(s.cwd, 'after.json'));
      expect(after.operations.length).toBeGreaterThan(0);
      const { unexpected, doneUnjournaled } = remainingWork(before, journaled, after);
      expect(
        unexpected,
        'work in the new plan that the interrupted plan had done or never had',
      ).toStrictEqual([]);
      expect(
        doneUnjournaled.length,
        `done but not journaled: ${doneUnjournaled.join(', ')}`,
      ).toBeLessThanOrEqual(PARALLELISM);

      // `botform apply` finishes it: the shop is exactly the scenario, kept steps kept their ids.
      const finished = await cli(['apply', 'target', '--auto-approve']);
      expect(finished.code, finished.stderr).toBe(0);
      expect(finished.stdout).toMatch(/^Apply complete: \d+ created, \d+ updated, \d+ deleted\.$/m);
      await s.withShop(async (url) => {
        const live = await readLive(url);
        expect(differences(live, change.target)).toStrictEqual([]);
        expect(planAgainst(target, live, url).plan.operations).toStrictEqual([]);
        const ids = liveIds(live);
        expect(
          [...change.kept].filter(([key, old]) => ids.get(key) !== baseIds.get(old)),
        ).toStrictEqual([]);
      });
    },
  );
});

describe('apply PLANFILE killed between a committed write and its journal line', () => {
  it('applying the same plan file again resumes it: the committed call counts as done, not as a change by someone else', async () => {
    const emulator = await startEmulator();
    cleanups.push(() =>
      Promise.race([emulator.close(), new Promise((resolve) => setTimeout(resolve, 2000))]),
    );
    const tree = tempTree({ 'bot.yaml': scenarioYaml(generateBase(rng(11), 8)) });
    cleanups.push(tree.cleanup);
    const args = ['--api', emulator.url, '--shop', '1'];
    const env = { HIGHTOUCH_USERNAME: DEMO.username, HIGHTOUCH_PASSWORD: DEMO.password };
    expect(
      (await runCli(['plan', 'bot.yaml', '--out', 'plan.json', ...args], { cwd: tree.dir, env }))
        .code,
    ).toBe(0);

    // Every write is committed and its answer lost; the lookup that follows takes 300 ms. One
    // call at a time: when the third write is committed, the first two are journaled and the
    // third is not — kill -9 then.
    emulator.setFaults({ dropRate: 1, latencyMs: 300 });
    const run = startCli(['apply', 'plan.json', '--auto-approve', '--parallelism', '1', ...args], {
      cwd: tree.dir,
      env,
    });
    const deadline = Date.now() + 60_000;
    while (emulator.stats().injected.dropped < 3 && Date.now() < deadline)
      await new Promise((resolve) => setTimeout(resolve, 2));
    run.child.kill('SIGKILL');
    await run.done;
    emulator.setFaults({});
    const plan = readPlan(path.join(tree.dir, 'plan.json'));
    expect(readJournal(tree.dir, planId(plan)).map((e) => e.op)).toHaveLength(2);

    const resumed = await runCli(['apply', 'plan.json', '--auto-approve', ...args], {
      cwd: tree.dir,
      env,
    });
    expect(resumed.stderr).toBe('');
    expect(resumed.code).toBe(0);
    // Two journaled calls, plus the third: committed, then killed before its journal line. Resume
    // finds it by lookup (it was marked started) instead of calling the plan stale.
    expect(resumed.stdout).toContain(
      `Resuming: 3 of ${plan.operations.length} calls were done by an earlier run.`,
    );
    const live = await readLive(emulator.url);
    expect(duplicateNames(live)).toStrictEqual([]);
  });
});

describe('the emulator after its client was killed mid-request', () => {
  it('still closes when the client vanished while its write waited (latency) to be handled', async () => {
    const emulator = await startEmulator();
    const login = await fetch(`${emulator.url}/api/auth/login/`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(DEMO),
    });
    const { token } = (await login.json()) as { token: string };
    emulator.setFaults({ latencyMs: 200 });
    // A whole POST is sent; the client dies (as under kill -9) before the 200 ms are over.
    const body = JSON.stringify({ name: 'orphan', type: 'message' });
    const req = request(`${emulator.url}/api/steps/?shop_id=1`, {
      method: 'POST',
      headers: {
        authorization: `Bearer ${token}`,
        'content-type': 'application/json',
        'content-length': String(Buffer.byteLength(body)),
      },
    });
    req.on('error', () => {});
    req.end(body);
    await new Promise((resolve) => setTimeout(resolve, 50));
    req.destroy();
    await new Promise((resolve) => setTimeout(resolve, 400));
    const outcome = await Promise.race([
      emulator.close().then(() => 'closed'),
      new Promise((resolve) => setTimeout(() => resolve('close() still pending after 2 s'), 2000)),
    ]);
    expect(outcome).toBe('closed');
  });
});
