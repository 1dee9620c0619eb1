// A saved plan that lies is refused with nothing written. A real plan (creates, a cycle of new
// steps, updates, a rename, button creates/updates/deletes, the shop's start, deletions with an
// unlink) is mutated by fast-check and applied with `main()` against the emulator over HTTP:
// every mutant must exit 1, and the emulator's counters must show no write at all.
//  1. any change anywhere, digest left as written → refused (the digest);
//  2. a change of what apply reads, digest recomputed (as a careful attacker would) → refused
//     by the structural checks (or, for a forged fingerprint, by the stale check — a read).
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { PassThrough, Readable } from 'node:stream';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { verifyPlan } from '../../src/apply/verify-plan.js';
import { main } from '../../src/cli/main.js';
import { stableStringify } from '../../src/plan/canonical.js';
import { planDigest } from '../../src/plan/digest.js';
import type { Plan, PlanOperation } from '../../src/plan/types.js';
import { converge, planFor, scenarioOf, startShop, type TestShop } from '../helpers/shop.js';

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
  help: { type: question, text: What do you need?, save_as: need, next: welcome }
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
  help: { type: question, text: What do you need?, save_as: need, next: promo }
  promo: { type: message, renamed_from: [ren_old], text: Our new promo., end: true }
  new_x: { type: question, text: X?, save_as: x, next: new_y }
  new_y:
    type: question
    text: Y?
    save_as: y
    next: new_x
    menu:
      - { text: To X, goto: new_x }
`;

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

let shop: TestShop;
let plan: Plan;
let dir: string;
let runs = 0;

beforeAll(async () => {
  shop = await startShop();
  await converge(shop, scenarioOf({ 'base.yaml': BASE }));
  const result = await planFor(shop, scenarioOf({ 'target.yaml': TARGET }));
  expect(result.problems).toStrictEqual([]);
  plan = result.plan;
  shop.emulator.resetStats();
  dir = mkdtempSync(path.join(tmpdir(), 'botform-tamper-'));
});
afterAll(async () => {
  await shop.close();
  rmSync(dir, { recursive: true, force: true });
});

function writes(): number {
  const byRoute = shop.emulator.stats().byRoute;
  return Object.entries(byRoute)
    .filter(
      ([route]) => /^(POST|PATCH|PUT|DELETE) /.test(route) && route !== 'POST /api/auth/login/',
    )
    .reduce((sum, [, n]) => sum + n, 0);
}

async function applyFile(content: string): Promise<{ code: number; stderr: string }> {
  const file = path.join(dir, `plan-${runs++}.json`);
  writeFileSync(file, content);
  const stdout = new PassThrough();
  const stderr = new PassThrough();
  let err = '';
  stderr.on('data', (c: Buffer) => (err += c.toString()));
  stdout.resume();
  const code = await main(['apply', file, '--auto-approve'], {
    env: { HIGHTOUCH_API_URL: shop.emulator.url, HIGHTOUCH_TOKEN: shop.token },
    cwd: dir,
    stdout,
    stderr,
    stdin: Readable.from([]),
  });
  return { code, stderr: err };
}

const clone = (): Json => JSON.parse(JSON.stringify(plan)) as Json;

/** Every path (list of keys) to a value inside a JSON document. */
function paths(value: Json, prefix: (string | number)[] = []): (string | number)[][] {
  const out: (string | number)[][] = [prefix];
  if (Array.isArray(value))
    for (const [i, v] of value.entries()) out.push(...paths(v, [...prefix, i]));
  else if (value !== null && typeof value === 'object')
    for (const [k, v] of Object.entries(value)) out.push(...paths(v, [...prefix, k]));
  return out;
}

function setAt(doc: Json, at: (string | number)[], value: Json | undefined): Json {
  if (at.length === 0) return value ?? null;
  let parent = doc as Record<string | number, Json>;
  for (const key of at.slice(0, -1)) parent = parent[key] as Record<string | number, Json>;
  const last = at[at.length - 1] as string | number;
  if (value === undefined) {
    if (Array.isArray(parent)) parent.splice(last as number, 1);
    else delete parent[last];
  } else
    Object.defineProperty(parent, last, {
      value,
      enumerable: true,
      writable: true,
      configurable: true,
    });
  return doc;
}

describe('a saved plan that was changed is refused, and nothing is written', () => {
  it('the unchanged plan passes the checks (so the mutants below are refused for their change)', () => {
    expect(verifyPlan(plan)).toStrictEqual({ ok: true });
    const kinds = new Set(
      plan.operations.map((op) => `${op.phase ?? op.action}:${op.address.kind}`),
    );
    expect([...kinds].sort()).toStrictEqual(
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
  });

  it('any change anywhere with the digest as written: 1,000 mutants, all refused, no write', async () => {
    const all = paths(clone()).filter((p) => p.length > 0 && p[0] !== 'digest');
    let refused = 0;
    await fc.assert(
      fc.asyncProperty(
        fc.nat({ max: all.length - 1 }),
        fc.option(fc.jsonValue({ maxDepth: 2 }), { freq: 5 }),
        async (index, value) => {
          const doc = setAt(
            clone(),
            all[index] as (string | number)[],
            value === null ? undefined : (value as Json),
          );
          fc.pre(stableStringify(doc) !== stableStringify(plan));
          const before = writes();
          const run = await applyFile(JSON.stringify(doc));
          expect(run.code, run.stderr).toBe(1);
          expect(writes()).toBe(before);
          refused++;
        },
      ),
      { numRuns: 1000, seed: 90909, endOnFailure: true },
    );
    expect(refused).toBeGreaterThanOrEqual(1000);
    expect(writes()).toBe(0);
  }, 600_000);

  it('a change of what apply reads, digest recomputed: 1,000 mutants, all refused, no write', async () => {
    const ids = plan.operations.map((op) => op.id);
    const liveIds = Object.keys(plan.live.steps ?? {}).map(Number);
    const names = [...plan.live.absent, ...Object.values(plan.live.steps ?? {}), 'nope'];
    const anyValue: fc.Arbitrary<Json> = fc.oneof(
      fc.constantFrom<Json>(null, 0, 2, 'Hi!', 'Hello!', 'Our new promo.', true, {}, []),
      fc.constantFrom(...liveIds),
      fc.constantFrom(...names).map((n) => ({ $step: n }) as Json),
      fc.string({ maxLength: 8 }),
    );
    const op = fc.nat({ max: ids.length - 1 });
    type Mutate = (p: Plan & Record<string, unknown>) => void;
    const at = (p: Plan, i: number): PlanOperation => p.operations[i] as PlanOperation;
    const mutation: fc.Arbitrary<[string, Mutate]> = fc.oneof(
      fc
        .tuple(
          op,
          fc.oneof(
            fc.constantFrom(
              '/api/steps/',
              '/api/menu_items/',
              '/api/shops/2/',
              '/api/steps/{step:new_x}/',
            ),
            fc.constantFrom(...liveIds).map((id) => `/api/steps/${id}/`),
            fc.nat({ max: 99 }).map((n) => `/api/menu_items/${n + 1}/`),
          ),
        )
        .map(
          ([i, p]) =>
            [`path of ${ids[i]} → ${p}`, (d: Plan) => void (at(d, i).call.path = p)] as [
              string,
              Mutate,
            ],
        ),
      fc
        .tuple(op, fc.constantFrom(2, 3, 0, -1))
        .map(
          ([i, s]) =>
            [
              `shop of ${ids[i]} → ${s}`,
              (d: Plan) => void (at(d, i).call.query = { shop_id: s }),
            ] as [string, Mutate],
        ),
      fc
        .constantFrom(2, 3)
        .map(
          (s) =>
            [`target shop → ${s}`, (d: Plan) => void (d.target.shop_id = s)] as [string, Mutate],
        ),
      fc
        .constantFrom('http://127.0.0.1:9', 'https://evil.example')
        .map(
          (api) =>
            [`target api → ${api}`, (d: Plan) => void (d.target.api = api)] as [string, Mutate],
        ),
      fc
        .tuple(op, fc.constantFrom('POST', 'PATCH', 'DELETE'))
        .map(
          ([i, m]) =>
            [
              `method of ${ids[i]} → ${m}`,
              (d: Plan) => void (at(d, i).call.method = m as 'POST'),
            ] as [string, Mutate],
        ),
      fc
        .tuple(
          op,
          fc.constantFrom(
            'text',
            'name',
            'next_step',
            'params',
            'step',
            'position',
            'url',
            'start_step',
            'type',
            'shop_id',
            'extra',
          ),
          anyValue,
        )
        .map(
          ([i, k, v]) =>
            [
              `body.${k} of ${ids[i]} → ${JSON.stringify(v)}`,
              (d: Plan) =>
                void (at(d, i).call.body = { ...(at(d, i).call.body ?? {}), [k]: v } as never),
            ] as [string, Mutate],
        ),
      fc
        .tuple(
          op,
          fc.constantFrom(
            'text',
            'name',
            'next_step',
            'params',
            'step',
            'position',
            'url',
            'start_step',
            'type',
          ),
        )
        .map(
          ([i, k]) =>
            [
              `body.${k} of ${ids[i]} removed`,
              (d: Plan) => {
                const body = at(d, i).call.body;
                if (body && Object.hasOwn(body, k)) delete body[k];
                else at(d, i).call.body = { ...(body ?? {}), [k]: null };
              },
            ] as [string, Mutate],
        ),
      fc
        .tuple(
          op,
          fc.oneof(fc.constantFrom(...ids), fc.constant('nope'), fc.string({ maxLength: 6 })),
        )
        .map(
          ([i, id]) =>
            [
              `id of ${ids[i]} → ${id}`,
              (d: Plan) => void (at(d, i).id = id === at(d, i).id ? `${id}x` : id),
            ] as [string, Mutate],
        ),
      fc.tuple(op, fc.oneof(fc.constantFrom(...ids), fc.constant('nope'))).map(
        ([i, dep]) =>
          [
            `${ids[i]} also depends on ${dep}`,
            (d: Plan) => {
              const target = at(d, i);
              const other = d.operations.find((o) => o.id === dep);
              // Depending on an operation that already (transitively) comes after it, or on itself, or twice, or on nothing.
              if (
                other &&
                !other.dependsOn.includes(target.id) &&
                !target.dependsOn.includes(dep) &&
                dep !== target.id
              )
                other.dependsOn.push(target.id);
              target.dependsOn.push(dep);
            },
          ] as [string, Mutate],
      ),
      fc
        .tuple(op)
        .filter(([i]) => at(plan, i).dependsOn.some((d) => d.startsWith('create:step:')))
        .map(
          ([i]) =>
            [
              `${ids[i]} stops waiting for the creates it uses`,
              (d: Plan) =>
                void (at(d, i).dependsOn = at(d, i).dependsOn.filter(
                  (x) => !x.startsWith('create:step:'),
                )),
            ] as [string, Mutate],
        ),
      fc
        .tuple(op)
        .filter(
          ([i]) =>
            at(plan, i).action === 'delete' &&
            at(plan, i).address.kind === 'step' &&
            at(plan, i).dependsOn.length > 0,
        )
        .map(
          ([i]) =>
            [
              `${ids[i]} stops waiting for the removal of references`,
              (d: Plan) => void (at(d, i).dependsOn = []),
            ] as [string, Mutate],
        ),
      fc.constantFrom('emptied', 'one removed', 'one added', 'one bad').map(
        (how) =>
          [
            `fingerprints ${how}`,
            (d: Plan) => {
              const f = d.live.fingerprints;
              const first = Object.keys(f)[0] as string;
              if (how === 'emptied') d.live.fingerprints = {};
              else if (how === 'one removed') delete f[first];
              else if (how === 'one added') f['step:99999'] = '0123456789abcdef';
              else f[first] = 'not-a-fingerprint';
            },
          ] as [string, Mutate],
      ),
      fc
        .tuple(
          fc.nat(),
          fc.string({ unit: fc.constantFrom(...'0123456789abcdef'), minLength: 16, maxLength: 16 }),
        )
        .map(
          ([n, hex]) =>
            [
              `a fingerprint forged as ${hex}`,
              (d: Plan) => {
                const keys = Object.keys(d.live.fingerprints);
                const key = keys[n % keys.length] as string;
                d.live.fingerprints[key] =
                  hex === d.live.fingerprints[key]
                    ? hex.replace(/^./, (c) => (c === '0' ? '1' : '0'))
                    : hex;
              },
            ] as [string, Mutate],
        ),
      fc
        .tuple(
          fc.constantFrom('create', 'update', 'delete', 'calls', 'cycle_breaks'),
          fc.constantFrom(1, -1, 5),
        )
        .map(
          ([k, by]) =>
            [
              `summary.${k} ${by > 0 ? '+' : ''}${by}`,
              (d: Plan) =>
                void (d.summary[k as 'create'] =
                  Math.max(0, d.summary[k as 'create'] + by) === d.summary[k as 'create']
                    ? d.summary[k as 'create'] + 1
                    : Math.max(0, d.summary[k as 'create'] + by)),
            ] as [string, Mutate],
        ),
      fc
        .constantFrom(0, 2, '1')
        .map(
          (v) =>
            [
              `format_version → ${v}`,
              (d: Plan & Record<string, unknown>) => void (d.format_version = v as 1),
            ] as [string, Mutate],
        ),
      op.map(
        (i) =>
          [`${ids[i]} removed`, (d: Plan) => void d.operations.splice(i, 1)] as [string, Mutate],
      ),
      fc.tuple(op, fc.boolean()).map(
        ([i, sameId]) =>
          [
            `${ids[i]} added again${sameId ? '' : ' under a new id'}`,
            (d: Plan) => {
              const copy = JSON.parse(JSON.stringify(at(d, i))) as PlanOperation;
              if (!sameId) copy.id = `${copy.id}:again`;
              d.operations.push(copy);
            },
          ] as [string, Mutate],
      ),
      fc.constantFrom(...liveIds).map(
        (id) =>
          [
            `a DELETE of step ${id} slipped in`,
            (d: Plan) => {
              d.operations.push({
                id: `delete:step:${id}`,
                action: 'delete',
                address: { kind: 'step', key: plan.live.steps?.[String(id)] ?? 'x' },
                before: { type: 'message', text: '', next: null, params: {} },
                after: null,
                call: { method: 'DELETE', path: `/api/steps/${id}/`, query: { shop_id: 1 } },
                dependsOn: [],
              });
            },
          ] as [string, Mutate],
      ),
      fc.tuple(fc.constantFrom(...names), fc.boolean()).map(
        ([name, add]) =>
          [
            `live.absent ${add ? '+' : '-'} ${name}`,
            (d: Plan) => {
              d.live.absent = add
                ? [...d.live.absent, name]
                : d.live.absent.filter((n) => n !== name);
              if (!add && !plan.live.absent.includes(name)) d.live.absent.push(name);
            },
          ] as [string, Mutate],
      ),
      fc.tuple(fc.constantFrom(...liveIds), fc.constantFrom(...names)).map(
        ([id, name]) =>
          [
            `live.steps[${id}] → ${name}`,
            (d: Plan) => {
              const steps = d.live.steps ?? {};
              steps[String(id)] = steps[String(id)] === name ? `${name}2` : name;
              d.live.steps = steps;
            },
          ] as [string, Mutate],
      ),
      fc.constant(['live.menu_items removed', (d: Plan) => void delete d.live.menu_items] as [
        string,
        Mutate,
      ]),
    );
    let refused = 0;
    let byStructure = 0;
    await fc.assert(
      fc.asyncProperty(mutation, async ([, mutate]) => {
        const doc = JSON.parse(JSON.stringify(plan)) as Plan & Record<string, unknown>;
        mutate(doc);
        fc.pre(stableStringify(doc) !== stableStringify(plan));
        doc.digest = planDigest(doc);
        const before = writes();
        const requestsBefore = shop.emulator.stats().total;
        const run = await applyFile(JSON.stringify(doc));
        expect(run.code, run.stderr).toBe(1);
        expect(writes()).toBe(before);
        if (shop.emulator.stats().total === requestsBefore) byStructure++;
        refused++;
      }),
      { numRuns: 1000, seed: 31337, endOnFailure: true },
    );
    expect(refused).toBeGreaterThanOrEqual(1000);
    expect(byStructure).toBeGreaterThan(900);
    expect(writes()).toBe(0);
  }, 600_000);

  it('the plan itself, unchanged, is applied (so "no write" above is not an accident of the harness)', async () => {
    const run = await applyFile(JSON.stringify(plan));
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    expect(writes()).toBe(plan.operations.length);
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
});
