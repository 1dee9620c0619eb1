// `botform apply` as users and CI run it (the built CLI, against an emulator in this process
// over --api): approval, saved-plan safety, protected steps, the summary line, and a server that
// starts failing in the middle of an apply.
import { cpSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { planId } from '../../src/apply/journal.js';
import { startEmulator, type Emulator } from '../../src/emulator/index.js';
import type { Plan } from '../../src/plan/types.js';
import { REPO } from '../helpers/fixtures.js';
import { runCli, STACK_LINE, tempTree } from '../helpers/cli.js';
import { readJournal, readPlan, remainingWork, startCli } from './helpers/cli-proc.js';
import {
  compileYaml,
  DEMO,
  duplicateNames,
  makeClient,
  planAndApply,
  readLive,
} from './helpers/shop.js';

const BASE = `start: welcome
steps:
  welcome:
    type: message
    text: Hi!
    menu:
      - text: Menu
        goto: menu
  menu:
    type: message
    text: What would you like?
    menu:
      - text: Back
        goto: welcome
  legal:
    type: message
    text: Our terms.
    protect: true
    end: true
  old_promo:
    type: message
    text: Last week's promo.
    end: true
`;

const TARGET = `start: welcome
steps:
  welcome:
    type: message
    text: Hello again!
    menu:
      - text: Menu
        goto: menu
      - text: News
        goto: news
  menu:
    type: message
    text: What would you like?
    menu:
      - text: Back
        goto: welcome
  legal:
    type: message
    text: Our terms.
    protect: true
    end: true
  news:
    type: message
    text: Fresh from the oven.
    end: true
`;

let emulator: Emulator;
let dir: string;
let cleanup: () => void;
beforeEach(async () => {
  emulator = await startEmulator();
  ({ dir, cleanup } = tempTree({ 'target/bot.yaml': TARGET }));
});
afterEach(async () => {
  cleanup();
  await Promise.race([emulator.close(), new Promise((resolve) => setTimeout(resolve, 2000))]);
});

const env = { HIGHTOUCH_USERNAME: DEMO.username, HIGHTOUCH_PASSWORD: DEMO.password };
const cli = (...args: string[]) =>
  runCli([...args, '--api', emulator.url, '--shop', '1'], { cwd: dir, env });
/** Everything the shop holds, timestamps included: equal snapshots mean nothing was written. */
const snapshot = async () => JSON.stringify(await readLive(emulator.url));

/** The starting shop, applied in this process (the CLI's own apply is tested below). */
async function applyBase(): Promise<void> {
  const { result } = await planAndApply(compileYaml(BASE), emulator.url);
  expect(result.failed).toStrictEqual([]);
}

describe('approval', () => {
  it('without --auto-approve and without a terminal, apply shows the plan, refuses, and changes nothing', async () => {
    await applyBase();
    const before = await snapshot();
    const run = await cli('apply', 'target');
    expect(run.code).toBe(1);
    expect(run.stdout).toContain('welcome');
    expect(run.stderr).toMatch(/not applied.*--auto-approve/);
    expect(await snapshot()).toBe(before);
  });

  it('a saved plan that deletes is not applied without --auto-approve', async () => {
    await applyBase();
    expect((await cli('plan', 'target', '--out', 'plan.json')).code).toBe(0);
    expect(readPlan(path.join(dir, 'plan.json')).summary.delete).toBe(1); // old_promo
    const before = await snapshot();
    const run = await cli('apply', 'plan.json');
    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(/deletes 1 object.*--auto-approve/);
    expect(await snapshot()).toBe(before);
  });

  it('a saved plan without deletions is its own approval', async () => {
    expect((await cli('plan', 'target', '--out', 'plan.json')).code).toBe(0);
    expect(readPlan(path.join(dir, 'plan.json')).summary.delete).toBe(0);
    const run = await cli('apply', 'plan.json');
    expect(run.code, run.stderr).toBe(0);
    expect((await cli('plan', 'target', '--detailed-exitcode')).code).toBe(0);
  });
});

describe('saved plan files', () => {
  const refused = async (content: string, message: RegExp) => {
    await applyBase();
    writeFileSync(path.join(dir, 'plan.json'), content);
    const before = await snapshot();
    const run = await cli('apply', 'plan.json', '--auto-approve');
    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(message);
    expect(run.stderr).not.toMatch(STACK_LINE);
    expect(await snapshot()).toBe(before);
  };

  it('refuses a plan of another format version', async () => {
    expect((await cli('plan', 'target', '--out', 'good.json')).code).toBe(0);
    const plan = JSON.parse(readFileSync(path.join(dir, 'good.json'), 'utf8')) as Record<
      string,
      unknown
    >;
    await refused(
      JSON.stringify({ ...plan, format_version: 2 }),
      /format version 2; this botform reads format 1 .*Make a new plan/,
    );
  });

  it('refuses a file that is not JSON', async () => {
    await refused(
      '{"format_version": 1, "operations": [',
      /plan\.json is not a plan: it is not valid JSON/,
    );
  });

  it('refuses JSON that is not a plan', async () => {
    await refused('{"hello": "world"}', /plan\.json is not a botform plan \(no format_version\)/);
  });

  it('refuses JSON of format 1 that does not match the plan schema', async () => {
    await refused(
      JSON.stringify({ format_version: 1, operations: 'all of them' }),
      /plan\.json is not a valid botform plan: .*edited by hand/,
    );
  });

  it('refuses a plan made for another shop', async () => {
    // Made against the embedded emulator of this folder, applied to the emulator over --api.
    expect((await runCli(['plan', 'target', '--out', 'plan.json'], { cwd: dir })).code).toBe(0);
    const before = await snapshot();
    const run = await cli('apply', 'plan.json', '--auto-approve');
    expect(run.code).toBe(1);
    expect(run.stderr).toContain(
      `the plan was made for the embedded emulator, shop 1, not ${emulator.url}, shop 1. Nothing was sent.`,
    );
    expect(await snapshot()).toBe(before);
  });

  it('refuses a stale plan: a step it changes was edited by hand since', async () => {
    await applyBase();
    expect((await cli('plan', 'target', '--out', 'plan.json')).code).toBe(0);
    const client = makeClient(emulator.url);
    const welcome = (await client.listSteps(1, { name: 'welcome' }))[0];
    await client.request(
      'PATCH',
      `/api/steps/${welcome?.id}/`,
      { shop_id: 1 },
      { text: 'Edited in the web constructor' },
    );
    const before = await snapshot();
    const run = await cli('apply', 'plan.json', '--auto-approve');
    expect(run.code).toBe(1);
    expect(run.stderr).toContain('stale');
    expect(run.stderr).toContain(
      `step "welcome" (id ${welcome?.id}) was changed: text "Hi!" → "Edited in the web constructor"`,
    );
    expect(run.stderr + run.stdout).not.toContain(DEMO.password);
    expect(await snapshot()).toBe(before);
  });

  it('refuses a stale plan: a step it creates was made by hand since', async () => {
    await applyBase();
    expect((await cli('plan', 'target', '--out', 'plan.json')).code).toBe(0);
    await makeClient(emulator.url).request(
      'POST',
      '/api/steps/',
      { shop_id: 1 },
      { name: 'news', type: 'message', text: 'By hand' },
    );
    const before = await snapshot();
    const run = await cli('apply', 'plan.json', '--auto-approve');
    expect(run.code).toBe(1);
    expect(run.stderr).toContain('step "news", which the plan creates, now exists');
    expect(await snapshot()).toBe(before);
    expect(duplicateNames(await readLive(emulator.url))).toStrictEqual([]);
  });
});

describe('protected steps', () => {
  it('removing a protected step from the scenario fails the plan and the apply, and deletes nothing', async () => {
    await applyBase();
    writeFileSync(
      path.join(dir, 'target', 'bot.yaml'),
      TARGET.replace(/ {2}legal:\n( {4}.*\n)+/, ''),
    );
    const before = await snapshot();
    const plan = await cli('plan', 'target', '--detailed-exitcode');
    expect(plan.code).toBe(1);
    expect(plan.stderr).toMatch(/Step "legal" is protected \(protect: true\)/);
    const apply = await cli('apply', 'target', '--auto-approve');
    expect(apply.code).toBe(1);
    expect(apply.stderr).toMatch(/Step "legal" is protected/);
    expect(await snapshot()).toBe(before);
  });
});

describe('a finished apply', () => {
  it('ends with the summary line, counts as the plan said, and exit 0', async () => {
    await applyBase();
    expect((await cli('plan', 'target', '--out', 'plan.json')).code).toBe(0);
    const { summary } = readPlan(path.join(dir, 'plan.json'));
    const run = await cli('apply', 'target', '--auto-approve');
    expect(run.code, run.stderr).toBe(0);
    expect(run.stdout.trimEnd().split('\n').at(-1)).toBe(
      `Apply complete: ${summary.create} created, ${summary.update} updated, ${summary.delete} deleted.`,
    );
    expect(summary).toMatchObject({ create: 2, update: 1, delete: 1 }); // news + its button; welcome; old_promo
    expect((await cli('plan', 'target', '--detailed-exitcode')).code).toBe(0);
  });
});

describe('the journal of an earlier apply', () => {
  it('does not make a later apply skip work: a step added, removed and added again is created again', async () => {
    await applyBase();
    const withNews = BASE.replace(
      'steps:\n',
      'entries: [news]\nsteps:\n  news:\n    type: message\n    text: Fresh from the oven.\n    end: true\n',
    );
    writeFileSync(path.join(dir, 'target', 'bot.yaml'), withNews);
    const added = await cli('apply', 'target', '--auto-approve');
    expect(added.stdout).toContain('Apply complete: 1 created, 0 updated, 0 deleted.');
    writeFileSync(path.join(dir, 'target', 'bot.yaml'), BASE);
    const removed = await cli('apply', 'target', '--auto-approve');
    expect(removed.stdout).toContain('Apply complete: 0 created, 0 updated, 1 deleted.');
    // The shop is as it was before the first apply, so the plan is the very same plan again.
    writeFileSync(path.join(dir, 'target', 'bot.yaml'), withNews);
    const again = await cli('apply', 'target', '--auto-approve');
    expect(again.code, again.stderr).toBe(0);
    expect(again.stdout).toContain('Apply complete: 1 created, 0 updated, 0 deleted.');
    expect((await readLive(emulator.url)).steps.map((st) => st.name)).toContain('news');
  });
});

describe('the server fails in the middle of an apply', () => {
  it('exits non-zero saying what failed and why; plan shows exactly the rest; apply finishes it', async () => {
    cpSync(path.join(REPO, 'scenarios', 'pizza-shop'), path.join(dir, 'pizza'), {
      recursive: true,
    });
    expect((await cli('plan', 'pizza', '--out', 'plan.json')).code).toBe(0);
    const before: Plan = readPlan(path.join(dir, 'plan.json'));
    emulator.setFaults({ latencyMs: 5 });
    const run = startCli(
      ['apply', 'plan.json', '--auto-approve', '--api', emulator.url, '--shop', '1'],
      { cwd: dir, env },
    );
    expect(await run.progress(12)).toBe(true);
    emulator.setFaults({ failRate: 1 });
    const failed = await run.done;
    emulator.setFaults({});

    expect(failed.code).toBe(1);
    expect(failed.stdout).toMatch(
      /^Apply failed: \d+ created, \d+ updated, \d+ deleted; \d+ calls? failed, \d+ not run\.$/m,
    );
    // Which call failed, and why: the API's 503.
    expect(failed.stderr).toMatch(
      /^ {2}✖ (step|button|start step).*: The HighTouch API failed \(.*→ 503: Service temporarily unavailable/m,
    );
    expect(failed.stderr).not.toMatch(STACK_LINE);

    // A 503 means nothing was done, so the journal is exact: the new plan holds just the rest.
    const journaled = new Set(readJournal(dir, planId(before)).map((e) => e.op));
    expect(journaled.size).toBeGreaterThanOrEqual(12);
    expect((await cli('plan', 'pizza', '--out', 'after.json')).code).toBe(0);
    const after = readPlan(path.join(dir, 'after.json'));
    expect(remainingWork(before, journaled, after)).toStrictEqual({
      unexpected: [],
      doneUnjournaled: [],
    });

    // Applying the same plan file again resumes it from the journal and finishes it.
    const resumed = await cli('apply', 'plan.json', '--auto-approve');
    expect(resumed.code, resumed.stderr).toBe(0);
    expect(resumed.stdout).toContain(
      `Resuming: ${journaled.size} of ${before.operations.length} calls were done by an earlier run.`,
    );
    expect((await cli('plan', 'pizza', '--detailed-exitcode')).code).toBe(0);
    expect(duplicateNames(await readLive(emulator.url))).toStrictEqual([]);
  });
});
