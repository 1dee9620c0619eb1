// Two `botform apply plan.json` of the same saved plan at once.
// - Same working copy: they coordinate through the lock in .botform/locks; the second waits,
//   then must find its plan stale (the first changed what it touches) and refuse it.
// - Two working copies against one shop (two CI jobs): nothing coordinates them but the plan's
//   stale check. The emulator's latency is raised until both have read the shop for that check,
//   so that the race is reproduced every run rather than by luck.
import { copyFileSync, mkdirSync } from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { startEmulator } from '../../src/emulator/index.js';
import { runCli, tempTree } from '../helpers/cli.js';
import { readPlan, startCli } from './helpers/cli-proc.js';
import { changeScenario, generateBase, rng, type GenScenario } from './helpers/scenario-gen.js';
import {
  compileGenerated,
  DEMO,
  differences,
  duplicateNames,
  planAgainst,
  planAndApply,
  readLive,
  scenarioYaml,
} from './helpers/shop.js';

const cleanups: (() => unknown)[] = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

const until = async (condition: () => boolean, what: string, timeoutMs = 30_000) => {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
};

describe('two applies of one saved plan at once', () => {
  it('in one working copy: one applies it, the other finds it stale and names what changed', async () => {
    const r = rng(4242);
    const base = generateBase(r, 10);
    const { target } = changeScenario(r, base);
    const tree = tempTree({ 'target/bot.yaml': scenarioYaml(target) });
    cleanups.push(tree.cleanup);
    mkdirSync(path.join(tree.dir, '.botform'));
    const withShop = async <T>(fn: (url: string) => Promise<T>): Promise<T> => {
      const emulator = await startEmulator({
        db: path.join(tree.dir, '.botform', 'emulator.sqlite'),
      });
      try {
        return await fn(emulator.url);
      } finally {
        await emulator.close();
      }
    };
    await withShop((url) => planAndApply(compileGenerated(base), url));
    const planned = await runCli(['plan', 'target', '--out', 'plan.json'], { cwd: tree.dir });
    expect(planned.code, planned.stderr).toBe(0);

    const runs = [
      startCli(['apply', 'plan.json', '--auto-approve'], { cwd: tree.dir }),
      startCli(['apply', 'plan.json', '--auto-approve'], { cwd: tree.dir }),
    ];
    const results = await Promise.all(runs.map((run) => run.done));
    const said = results.map(
      (x) =>
        `exit ${x.code}: ${x.stdout
          .split('\n')
          .filter((l) => /^(Resuming|Apply)/.test(l))
          .join(' / ')} ${x.stderr.trim()}`,
    );
    expect(results.map((x) => x.code).sort(), said.join('\n')).toStrictEqual([0, 1]);
    const winner = results.find((x) => x.code === 0);
    const loser = results.find((x) => x.code === 1);
    expect(winner?.stdout).toMatch(/^Apply complete: \d+ created, \d+ updated, \d+ deleted\.$/m);
    expect(loser?.stderr).toMatch(/stale/);
    expect(loser?.stderr).toMatch(/step "[^"]+"/);

    await withShop(async (url) => {
      const live = await readLive(url);
      expect(differences(live, target)).toStrictEqual([]);
      expect(planAgainst(compileGenerated(target), live, url).plan.operations).toStrictEqual([]);
    });
  });

  // The API has no conditional requests, so applies from two checkouts cannot exclude each other
  // (docs/plan-and-apply.md). What botform promises instead: a run that ends with steps made
  // twice says so and exits non-zero, and the next apply removes the copies.
  it('in two working copies against one shop: a race that makes steps twice is reported, and the next apply repairs it', async () => {
    const scenario: GenScenario = {
      start: 'welcome',
      steps: {
        welcome: {
          type: 'message',
          text: 'Hi',
          menu: [
            { text: 'Menu', goto: 'menu' },
            { text: 'Help', goto: 'help' },
          ],
        },
        menu: {
          type: 'message',
          text: 'Menu',
          menu: [{ text: 'Back', goto: 'welcome' }],
          next: 'help',
        },
        help: { type: 'question', text: 'How can we help?', save_as: 'question', next: 'welcome' },
      },
    };
    const emulator = await startEmulator();
    cleanups.push(() => emulator.close());
    const trees = [
      tempTree({ 'bot.yaml': scenarioYaml(scenario) }),
      tempTree({ 'bot.yaml': scenarioYaml(scenario) }),
    ];
    for (const t of trees) cleanups.push(t.cleanup);
    const [one, two] = trees.map((t) => t.dir) as [string, string];
    const target = ['--api', emulator.url, '--shop', '1'];
    const env = { HIGHTOUCH_USERNAME: DEMO.username, HIGHTOUCH_PASSWORD: DEMO.password };
    const planned = await runCli(['plan', 'bot.yaml', '--out', 'plan.json', ...target], {
      cwd: one,
      env,
    });
    expect(planned.code, planned.stderr).toBe(0);
    copyFileSync(path.join(one, 'plan.json'), path.join(two, 'plan.json'));

    // Slow the shop down until both applies have sent the reads of their stale check, and until
    // those reads are answered; then let the applies run at full speed.
    emulator.setFaults({ latencyMs: 1500 });
    emulator.resetStats();
    const runs = [one, two].map((cwd) =>
      startCli(['apply', 'plan.json', '--auto-approve', ...target], { cwd, env }),
    );
    // The stale check reads the shop, then looks each name the plan creates up.
    const absent = readPlan(path.join(one, 'plan.json')).live.absent.length;
    const reads = (route: string) => emulator.stats().byRoute[route] ?? 0;
    await until(
      () => reads('GET /api/shops/{id}/') >= 2 && reads('GET /api/steps/') >= 2 * absent,
      'both stale checks',
    );
    const writesBefore = emulator.stats().byRoute['POST /api/steps/'] ?? 0;
    await new Promise((resolve) => setTimeout(resolve, 1700));
    emulator.setFaults({});
    const results = await Promise.all(runs.map((run) => run.done));
    expect(writesBefore, 'the race was not reproduced: a write came before both stale checks').toBe(
      0,
    );

    const live = await readLive(emulator.url);
    const duplicates = duplicateNames(live);
    expect(
      duplicates.length,
      'the race made no copies: this test no longer shows what it is about',
    ).toBeGreaterThan(0);
    // A run that saw copies says so, naming only real copies. Which copies a run sees depends on
    // when its final read came, but the run whose final read came last read after every write of
    // both (each reads after its own writes), so one run names them all.
    const reported = results.filter((x) => x.code !== 0 && /now exists? twice/.test(x.stderr));
    expect(reported.length).toBeGreaterThan(0);
    const named = (x: { stderr: string }) =>
      [
        ...(/at the same time: (.*) now exists? twice/.exec(x.stderr)?.[1] ?? '').matchAll(
          /"([^"]+)"/g,
        ),
      ]
        .map((m) => m[1] as string)
        .sort();
    for (const x of reported) {
      expect(named(x).length).toBeGreaterThan(0);
      for (const name of named(x)) expect(duplicates).toContain(name);
    }
    expect(
      reported.some((x) => duplicates.every((name) => named(x).includes(name))),
      reported.map((x) => x.stderr).join('\n'),
    ).toBe(true);
    // One more apply brings the shop back to the scenario.
    const again = await runCli(['apply', 'bot.yaml', '--auto-approve', ...target], {
      cwd: one,
      env,
    });
    expect(again.code, again.stderr).toBe(0);
    const repaired = await readLive(emulator.url);
    expect(differences(repaired, scenario)).toStrictEqual([]);
    expect(duplicateNames(repaired)).toStrictEqual([]);
    expect(
      planAgainst(compileGenerated(scenario), repaired, emulator.url).plan.operations,
    ).toStrictEqual([]);
  });
});
