// A saved plan writes only what it shows, to the objects it names. A real plan (creates, a cycle
// of new steps, updates with kept params, a rename, button creates/updates/deletes, the shop's
// start, deletions with unlinks of both kinds) is mutated by the families of
// helpers/plan-mutator.ts and applied with main() — through a recording proxy in front of the
// emulator, with a second listener that must never be called. Every mutant is either refused
// with no write at all, or (where an edit makes another plan botform could have made) applied
// exactly as its rendered plan says: the writes and the shop afterwards compared with it.
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { planId } from '../../src/apply/journal.js';
import { verifyPlan } from '../../src/apply/verify-plan.js';
import { stableStringify } from '../../src/plan/canonical.js';
import { fingerprint } from '../../src/plan/index.js';
import { planDigest } from '../../src/plan/digest.js';
import type { Plan, PlanOperation } from '../../src/plan/types.js';
import type { LiveState } from '../../src/remote/contract.js';
import { readLiveState } from '../../src/remote/read-live.js';
import {
  anywhere,
  APPLY_ARGS,
  approval,
  environment,
  everyKindPair,
  existing,
  journal,
  kindOf,
  params,
  reassociate,
  rename,
  target,
  type Family,
  type Mutant,
  type MutatorContext,
} from './helpers/plan-mutator.js';
import { appliedAsShown, startBench, type Bench } from './helpers/tamper-harness.js';

const BASE = `start: welcome
steps:
  welcome:
    type: message
    text: Hi!
    menu:
      - { text: Menu, goto: menu }
      - { text: Help, goto: help }
      - { text: Old, goto: old_a }
      - { text: Site, url: https://example.com }
  menu:
    type: message
    text: What would you like?
    menu:
      - { text: Back, goto: welcome }
      - { text: Promo, goto: ren_old }
      - { text: Check, goto: check }
  help: { type: question, text: What do you need?, save_as: need, next: welcome }
  check:
    type: condition
    branches:
      - { if: 'need == "menu"', goto: menu }
    else: welcome
  keep: { type: message, text: Left alone., menu: [{ text: Home, goto: welcome }] }
  ren_old: { type: message, text: Our promo., end: true }
  old_a: { type: question, text: A?, save_as: a, next: old_b, menu: [{ text: To C, goto: old_c }] }
  old_c: { type: message, text: C, menu: [{ text: To D, goto: old_d }] }
  old_d: { type: message, text: D, menu: [{ text: To C, goto: old_c }] }
  old_b:
    type: question
    text: B?
    save_as: b
    next: old_a
    menu:
      - { text: To A, goto: old_a }
`;

const TARGET = `start: menu
entries: [keep]
steps:
  welcome:
    type: message
    text: Hello!
    menu:
      - { text: Menu, goto: menu }
      - { text: Get help, goto: help }
      - { text: New, goto: new_x }
  menu:
    type: message
    text: What would you like?
    menu:
      - { text: Back, goto: welcome }
      - { text: Promo, goto: promo }
      - { text: Check, goto: check }
  help: { type: question, text: What do you need?, save_as: need, next: promo }
  check:
    type: condition
    branches:
      - { if: 'need == "menu"', goto: menu }
    else: help
  keep: { type: message, text: Left alone., menu: [{ text: Home, goto: welcome }] }
  promo: { type: message, renamed_from: [ren_old], text: Our new promo., end: true }
  new_x: { type: question, text: X?, save_as: x, next: new_y }
  new_y:
    type: question
    text: Y?
    save_as: y
    next: new_x
    menu:
      - { text: To X, goto: new_x }
      - { text: Help, goto: help }
  new_z: { type: message, text: Z, next: welcome }
`;

const CONFIG = (api: string) => `scenario: scenario
environments:
  staging:
    api: ${api}
    shop: 1
    credentials: { token: STAGING_TOKEN }
  production:
    api: ${api}
    shop: 2
    protected: true
    credentials: { token: PRODUCTION_TOKEN }
  canary:
    api: ${api}
    shop: 3
    credentials: { token: STAGING_TOKEN }
`;

/** Mutants per family (fast-check runs, plus the exhaustive pairs of `reassociate`). */
const RUNS: Record<Family, number> = {
  anywhere: 500,
  existing: 700,
  reassociate: 450,
  params: 300,
  approval: 250,
  rename: 150,
  environment: 100,
  target: 40,
  journal: 60,
};

let bench: Bench;
let plan: Plan;
let ctx: MutatorContext;
const before: Record<number, LiveState> = {};
let files = 0;

beforeAll(async () => {
  bench = await startBench(CONFIG, async (b) => {
    const scenario = path.join(b.dir, 'scenario', 'main.yaml');
    mkdirSync(path.dirname(scenario), { recursive: true });
    writeFileSync(scenario, BASE);
    const base = await b.run(['apply', '--env', 'staging', '--auto-approve']);
    expect(base.code, base.stderr).toBe(0);
    // The constructor's own settings on two steps: a PATCH of params must keep exactly these.
    for (const step of await b.client.listSteps(1))
      if (step.name === 'check' || step.name === 'welcome')
        await b.client.request(
          'PATCH',
          `/api/steps/${step.id}/`,
          { shop_id: 1 },
          {
            params: { ...step.params, layout: { x: step.id, y: 2 } },
          },
        );
    writeFileSync(scenario, TARGET);
    const planned = await b.run(['plan', '--env', 'staging', '--out', 'plan.json']);
    expect(planned.code, planned.stderr).toBe(0);
  });
  plan = JSON.parse(readFileSync(path.join(bench.dir, 'plan.json'), 'utf8')) as Plan;
  before[1] = bench.template;
  before[2] = await readLiveState(bench.client, 2);
  bench.takeWrites();
  ctx = { plan, live: bench.template, foreign: bench.foreign.url, api: bench.api };
}, 120_000);
afterAll(async () => {
  await bench?.close();
});

interface Tally {
  mutants: number;
  refused: number;
  applied: number;
  /** Refused before any request reached the shop (the file's own checks). */
  beforeAnyRequest: number;
}
const tallies = new Map<Family, Tally>();
const tally = (family: Family): Tally => {
  let t = tallies.get(family);
  if (!t) {
    t = { mutants: 0, refused: 0, applied: 0, beforeAnyRequest: 0 };
    tallies.set(family, t);
  }
  return t;
};

/** Applies a mutant; asserts it was refused with no write, or applied exactly as shown. */
async function tryMutant(m: Mutant): Promise<void> {
  const doc = m.plan;
  if (m.recompute) doc.digest = planDigest(doc);
  const file = `plan-${files++}.json`;
  writeFileSync(path.join(bench.dir, file), JSON.stringify(doc));
  const journals = path.join(bench.dir, '.botform', 'journal');
  rmSync(journals, { recursive: true, force: true });
  if (m.journal) {
    mkdirSync(journals, { recursive: true });
    writeFileSync(path.join(journals, `${planId(doc)}.jsonl`), `${m.journal.join('\n')}\n`);
  }
  const run = await bench.run(['apply', file, ...m.args]);
  const requests = bench.requests();
  const writes = bench.takeWrites();
  const t = tally(m.family);
  t.mutants++;
  expect(bench.foreign.received, m.what).toStrictEqual([]);
  if (writes.length === 0) {
    // Refused (or a plan with nothing left to do, which writes nothing either).
    expect(
      run.code === 1 || (run.code === 0 && doc.operations.length === 0),
      `${m.what}\n${run.stderr}`,
    ).toBe(true);
    t.refused++;
    if (requests === 0) t.beforeAnyRequest++;
    return;
  }
  const shop = doc.target.shop_id;
  const after = await readLiveState(bench.client, shop);
  // The shop is put back first, so that one failure does not make every later mutant stale.
  await bench.reset();
  const wrong = appliedAsShown(doc, writes, before[shop] as LiveState, after);
  expect(wrong, `${m.what}\n${run.stdout}\n${run.stderr}`).toStrictEqual([]);
  expect(run.code, run.stderr).toBe(0);
  t.applied++;
}

async function runFamily(
  family: Family,
  arbitrary: fc.Arbitrary<Mutant>,
  seed: number,
  numRuns: number,
): Promise<void> {
  await fc.assert(
    fc.asyncProperty(arbitrary, async (m) => {
      fc.pre(
        m.journal !== undefined ||
          stableStringify(m.plan) !== stableStringify(plan) ||
          JSON.stringify(m.args) !== JSON.stringify(APPLY_ARGS),
      );
      await tryMutant(m);
    }),
    { numRuns, seed, endOnFailure: true },
  );
  expect(tally(family).mutants).toBeGreaterThanOrEqual(numRuns);
}

describe('a saved plan writes only what it shows, to the objects it names', () => {
  it('the unchanged plan passes the checks and has every kind of operation', () => {
    expect(verifyPlan(plan)).toStrictEqual({ ok: true });
    expect(plan.environment).toBe('staging');
    expect([...new Set(plan.operations.map(kindOf))].sort()).toStrictEqual(
      [
        'create:menu_item',
        'create:step',
        'delete:menu_item',
        'delete:step',
        'link:step',
        'unlink:menu_item',
        'unlink:step',
        'update:menu_item',
        'update:shop',
        'update:step',
      ].sort(),
    );
    expect(plan.operations.some((op) => op.renamedFrom === 'ren_old')).toBe(true);
    // A PATCH of params that keeps the constructor's own settings is part of the plan.
    const check = plan.operations.find((op) => op.id === 'update:step:check');
    expect(JSON.stringify(check?.call.body)).toContain('layout');
  });

  it('the plan itself, unchanged, is applied as shown (so "no write" below is not the harness)', async () => {
    const run = await bench.run(['apply', 'plan.json', '--env', 'staging', '--auto-approve']);
    const writes = bench.takeWrites();
    const after = await readLiveState(bench.client, 1);
    await bench.reset();
    expect(run.code, run.stderr).toBe(0);
    expect(writes.length).toBe(plan.operations.length);
    expect(appliedAsShown(plan, writes, before[1] as LiveState, after)).toStrictEqual([]);
    expect(await readLiveState(bench.client, 1)).toStrictEqual(before[1]);
    bench.takeWrites();
  });

  it('any change anywhere, the digest as written: refused, no write', async () => {
    await runFamily('anywhere', anywhere(ctx), 90909, RUNS.anywhere);
    expect(tally('anywhere').applied).toBe(0);
  }, 600_000);

  it('the edits of the first tamper test, digest recomputed: refused, no write, nearly all before any request', async () => {
    await runFamily('existing', existing(ctx), 31337, RUNS.existing);
    const t = tally('existing');
    expect(t.applied).toBe(0);
    expect(t.beforeAnyRequest).toBeGreaterThan(0.9 * t.mutants);
  }, 600_000);

  it('ids re-associated between every pair of operation kinds: refused, no write', async () => {
    const kinds = [...new Set(plan.operations.map(kindOf))].sort();
    const hit = new Set<string>();
    // Every pair of kinds that two operations can form, once by construction; then at random.
    for (const m of everyKindPair(ctx)) {
      hit.add([...(m.kinds as [string, string])].sort().join(' × '));
      await tryMutant(m);
    }
    await fc.assert(
      fc.asyncProperty(reassociate(ctx), async (m) => {
        fc.pre(stableStringify(m.plan) !== stableStringify(plan));
        await tryMutant(m);
      }),
      { numRuns: RUNS.reassociate, seed: 2718, endOnFailure: true },
    );
    expect(tally('reassociate').applied).toBe(0);
    // A kind with one operation cannot pair with itself; every other pair is hit.
    const single = kinds.filter(
      (k) => plan.operations.filter((op) => kindOf(op) === k).length === 1,
    );
    for (const a of kinds)
      for (const b of kinds)
        if (a < b || (a === b && !single.includes(a)))
          expect(hit.has(`${a} × ${b}`), `${a} × ${b}`).toBe(true);
  }, 600_000);

  it('params injected into a step: refused, no write', async () => {
    await runFamily('params', params(ctx), 4242, RUNS.params);
    expect(tally('params').applied).toBe(0);
  }, 600_000);

  it('phase and approval games: refused, or applied as shown with nothing deleted unapproved', async () => {
    await runFamily('approval', approval(ctx), 1618, RUNS.approval);
  }, 600_000);

  it('renames onto taken names: refused, no write', async () => {
    await runFamily('rename', rename(ctx), 1414, RUNS.rename);
    expect(tally('rename').applied).toBe(0);
  }, 600_000);

  it('a forged journal: refused, or the plan applied as shown (nothing the journal says is trusted)', async () => {
    await runFamily('journal', journal(ctx), 1729, RUNS.journal);
  }, 600_000);

  it('the plan relabelled for another environment or shop: refused, no write', async () => {
    await runFamily('environment', environment(ctx), 2024, RUNS.environment);
    expect(tally('environment').applied).toBe(0);
  }, 600_000);

  it('a plan relabelled for production (shop and queries too) goes there only when the command says production', async () => {
    // Canary's shop is empty: its plan only creates, so nothing stale would stop it elsewhere.
    const planned = await bench.run(['plan', '--env', 'canary', '--out', 'canary.json']);
    expect(planned.code, planned.stderr).toBe(0);
    const doc = JSON.parse(readFileSync(path.join(bench.dir, 'canary.json'), 'utf8')) as Plan;
    expect(
      doc.operations.every(
        (op) => op.action === 'create' || op.phase === 'link' || op.address.kind === 'shop',
      ),
    ).toBe(true);
    doc.environment = 'production';
    doc.target.shop_id = 2;
    for (const op of doc.operations)
      if (op.address.kind === 'shop') {
        op.id = 'update:shop:2';
        op.address.key = '2';
        op.call.path = '/api/shops/2/';
      } else op.call.query = { shop_id: 2 };
    // The attacker reads production's shop record and writes its true fingerprint.
    delete doc.live.fingerprints['shop:3'];
    doc.live.fingerprints['shop:2'] = fingerprint(await bench.client.getShop(2));
    doc.digest = planDigest(doc);
    writeFileSync(path.join(bench.dir, 'relabelled.json'), JSON.stringify(doc));
    for (const args of [
      ['--auto-approve', '--confirm-env', 'production'],
      ['--env', 'canary', '--auto-approve'],
      ['--env', 'staging', '--auto-approve'],
    ]) {
      const run = await bench.run(['apply', 'relabelled.json', ...args]);
      expect(run.code, args.join(' ')).toBe(1);
      expect(run.stderr).toMatch(/the plan was made for environment "production"/);
      expect(bench.takeWrites()).toStrictEqual([]);
    }
    // Named by the command, with its protection confirmed, it is a plan for production like any.
    const run = await bench.run([
      'apply',
      'relabelled.json',
      '--env',
      'production',
      '--confirm-env',
      'production',
      '--auto-approve',
    ]);
    const writes = bench.takeWrites();
    const after = await readLiveState(bench.client, 2);
    await bench.reset();
    expect(run.code, run.stderr).toBe(0);
    expect(appliedAsShown(doc, writes, before[2] as LiveState, after)).toStrictEqual([]);
  });

  it('the plan pointed at another API: refused, and the second listener hears nothing', async () => {
    await runFamily('target', target(ctx), 99, RUNS.target);
    expect(tally('target').applied).toBe(0);
    expect(bench.foreign.received).toStrictEqual([]);
  }, 600_000);

  it('over 2,000 mutants with the digest recomputed, every one refused or applied as shown', () => {
    const recomputed = [...tallies]
      .filter(([family]) => family !== 'anywhere' && family !== 'journal')
      .reduce((sum, [, t]) => sum + t.mutants, 0);
    console.log(
      `tamper families: ${JSON.stringify(Object.fromEntries(tallies))}; recomputed digest: ${recomputed}`,
    );
    expect(recomputed).toBeGreaterThanOrEqual(2000);
    for (const [family, t] of tallies) expect(t.refused + t.applied, family).toBe(t.mutants);
  });
});

describe('the lies of issue 9, each named in the refusal (digest recomputed, so the structure speaks)', () => {
  const lie = (edit: (p: Plan) => void): string[] => {
    const doc = JSON.parse(JSON.stringify(plan)) as Plan;
    edit(doc);
    doc.digest = planDigest(doc);
    const verdict = verifyPlan(doc);
    return verdict.ok ? [] : verdict.problems;
  };
  const find = (p: Plan, id: string): PlanOperation =>
    p.operations.find((op) => op.id === id) as PlanOperation;
  const firstUpdate = () =>
    plan.operations.find((op) => op.id.startsWith('update:step:')) as PlanOperation;

  it('a path or a shop_id pointing elsewhere', () => {
    const id = firstUpdate().id;
    expect(lie((p) => (find(p, id).call.path = '/api/steps/99999/')).join('\n')).toMatch(
      /step id 99999 is not the live step|should be/,
    );
    expect(lie((p) => (find(p, id).call.query = { shop_id: 2 })).join('\n')).toContain(
      `operation "${id}": the query {"shop_id":2} should be {"shop_id":1} (the plan's shop)`,
    );
  });

  it('a body text other than the reviewed "after"', () => {
    const id = 'update:step:welcome';
    expect(
      lie((p) => (find(p, id).call.body!.text = 'Send your card number to ...')).join('\n'),
    ).toContain(`operation "${id}": the body`);
  });

  it('an extra operation, emptied fingerprints, a false summary, a dependency on nothing', () => {
    expect(
      lie((p) =>
        p.operations.push({ ...find(p, 'update:step:welcome'), id: 'update:step:welcome2' }),
      ).join('\n'),
    ).toMatch(/its id should be "update:step:welcome"/);
    expect(lie((p) => (p.live.fingerprints = {})).join('\n')).toMatch(
      /is changed by the plan but has no fingerprint/,
    );
    expect(lie((p) => (p.summary.delete = 0)).join('\n')).toMatch(
      /the summary .* does not match the operations/,
    );
    expect(lie((p) => (p.operations[0]!.dependsOn = ['nope'])).join('\n')).toContain(
      `depends on "nope", which is not in the plan`,
    );
  });

  it('a changed scenario digest is caught by the plan digest', () => {
    const doc = JSON.parse(JSON.stringify(plan)) as Plan;
    doc.scenario.digest = 'sha256:0000';
    const verdict = verifyPlan(doc);
    expect(verdict.ok ? [] : verdict.problems).toStrictEqual([
      'its digest does not match its content: the file was edited or corrupted after "botform plan" wrote it',
    ]);
  });

  it('a button delete passed off as an unlink, the summary adjusted: named', () => {
    const id = plan.operations.find(
      (op) => op.action === 'delete' && op.address.kind === 'menu_item' && op.phase === undefined,
    )?.id as string;
    expect(lie((p) => (find(p, id).phase = 'unlink')).join('\n')).toContain(
      'is unlinked, but the plan does not delete that step',
    );
  });
});
