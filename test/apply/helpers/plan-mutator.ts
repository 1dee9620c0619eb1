// A mutator of saved plans, written to attack apply rather than to mirror its checks. Each family
// is a fast-check arbitrary of edits an attacker (or an unlucky operator) could make to a plan
// file — or to the journal beside it, or to the command that applies it — after review:
//   existing   — what test/apply/plan-tamper.test.ts always tried: paths, shops, methods, bodies,
//                ids, dependencies, fingerprints, summary, version, operations removed or added,
//                live.absent/steps/menu_items;
//   reassociate — the ids inside calls re-associated between every pair of operation kinds: two
//                reference slots swapped, two live objects relabelled everywhere (live.steps and
//                fingerprints moved along), or a reference pointed at an object outside the plan
//                with a correctly forged fingerprint;
//   params     — keys and values injected into a step's params (body only, or `after` too);
//   approval   — phase and action games that would hide a deletion from approval or the summary;
//   rename     — a rename onto a name that is taken (kept, deleted, created, untouched steps);
//   journal    — forged journal lines beside an unchanged plan (done, ids, started, complete);
//   environment — the plan relabelled for another environment (and shop), applied with or
//                without --env;
//   target     — the plan pointed at another API (a second listener).
// The digest is recomputed in every family but `anywhere` (any change, digest as written).
import fc from 'fast-check';
import { fingerprint } from '../../../src/plan/index.js';
import { stepIdsOfCall } from '../../../src/plan/step-names.js';
import type { Plan, PlanOperation } from '../../../src/plan/types.js';
import type { LiveState } from '../../../src/remote/contract.js';

export type Family =
  | 'anywhere'
  | 'existing'
  | 'reassociate'
  | 'params'
  | 'approval'
  | 'rename'
  | 'journal'
  | 'environment'
  | 'target';

export interface Mutant {
  family: Family;
  what: string;
  plan: Plan;
  /** Recompute the digest after the edit (as a careful attacker would). */
  recompute: boolean;
  /** Lines to write as the plan's journal before applying. */
  journal?: string[];
  /** The apply command's flags after the plan file. */
  args: string[];
  /** For `reassociate`: the kinds of the two operations whose references were re-associated. */
  kinds?: [string, string];
}

export interface MutatorContext {
  plan: Plan;
  live: LiveState;
  foreign: string;
  api: string;
}

export const APPLY_ARGS = ['--env', 'staging', '--auto-approve'];

type Edit = (p: Plan) => void;
type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

export const kindOf = (op: PlanOperation): string => `${op.phase ?? op.action}:${op.address.kind}`;

const clone = <T>(value: T): T => JSON.parse(JSON.stringify(value)) as T;

function mutant(
  ctx: MutatorContext,
  family: Family,
  what: string,
  edit: Edit,
  extra: Partial<Mutant> = {},
): Mutant {
  const plan = clone(ctx.plan);
  edit(plan);
  return { family, what, plan, recompute: family !== 'anywhere', args: APPLY_ARGS, ...extra };
}

/** The summary an attacker would write to match their operations. */
function recomputeSummary(p: Plan): void {
  const count = (action: string, phased: boolean) =>
    p.operations.filter((op) => op.action === action && (phased || op.phase === undefined)).length;
  p.summary = {
    create: count('create', false),
    update: count('update', false),
    delete: count('delete', true),
    calls: p.operations.length,
    cycle_breaks: p.operations.filter((op) => op.phase !== undefined).length,
  };
}

// ---- reference slots: where a call names an object ----

interface Slot {
  op: number;
  /** ['call', 'path'] for the id in a path; else the path to a value in the op. */
  at: (string | number)[];
  value: number | { $step: string };
}

function slotsOf(p: Plan, index: number): Slot[] {
  const op = p.operations[index] as PlanOperation;
  const out: Slot[] = [];
  const inPath = /^\/api\/[a-z_]+\/(?:(\d+)|\{step:([^}]+)\})\/$/.exec(op.call.path);
  if (inPath)
    out.push({
      op: index,
      at: ['call', 'path'],
      value: inPath[1] !== undefined ? Number(inPath[1]) : { $step: inPath[2] as string },
    });
  const walk = (value: unknown, at: (string | number)[], key: string | undefined): void => {
    if (value !== null && typeof value === 'object' && !Array.isArray(value)) {
      const record = value as Record<string, unknown>;
      if (typeof record.$step === 'string' && Object.keys(record).length === 1) {
        out.push({ op: index, at, value: { $step: record.$step } });
        return;
      }
      for (const [k, v] of Object.entries(record)) walk(v, [...at, k], k);
    } else if (Array.isArray(value)) {
      for (const [i, v] of value.entries()) walk(v, [...at, i], undefined);
    } else if (
      typeof value === 'number' &&
      key !== undefined &&
      (key === 'step' || key.endsWith('_step'))
    )
      out.push({ op: index, at, value });
  };
  walk(op.call.body, ['call', 'body'], undefined);
  return out;
}

function setSlot(p: Plan, slot: Slot, value: Slot['value']): void {
  const op = p.operations[slot.op] as PlanOperation;
  if (slot.at[1] === 'path') {
    op.call.path = op.call.path.replace(
      /\/(?:\d+|\{step:[^}]+\})\/$/,
      typeof value === 'number' ? `/${value}/` : `/{step:${value.$step}}/`,
    );
    return;
  }
  let parent = op as unknown as Record<string | number, unknown>;
  for (const key of slot.at.slice(0, -1)) parent = parent[key] as Record<string | number, unknown>;
  parent[slot.at[slot.at.length - 1] as string | number] = clone(value);
}

/** Every number that names `from` (in paths, bodies, op ids, live maps) now names `to`. */
function relabel(p: Plan, kind: 'step' | 'menu_item', from: number, to: number): void {
  const collection = kind === 'step' ? 'steps' : 'menu_items';
  for (const [index, op] of p.operations.entries()) {
    op.call.path = op.call.path.replace(`/api/${collection}/${from}/`, `/api/${collection}/${to}/`);
    if (op.id.endsWith(`:${kind}:${from}`)) op.id = `${op.id.slice(0, -String(from).length)}${to}`;
    op.dependsOn = op.dependsOn.map((d) =>
      d.endsWith(`:${kind}:${from}`) ? `${d.slice(0, -String(from).length)}${to}` : d,
    );
    if (kind === 'step')
      for (const slot of slotsOf(p, index))
        if (slot.at[1] !== 'path' && slot.value === from) setSlot(p, slot, to);
  }
  const fp = p.live.fingerprints;
  const key = `${kind}:${from}`;
  if (fp[key] !== undefined) {
    fp[`${kind}:${to}`] = fp[key] as string;
    delete fp[key];
  }
  const move = <V>(map: Record<string, V> | undefined) => {
    if (map?.[String(from)] === undefined) return;
    map[String(to)] = map[String(from)] as V;
    delete map[String(from)];
  };
  if (kind === 'step') {
    move(p.live.steps);
    move(p.live.menu_items);
    move(p.live.deleted_refs);
    for (const list of Object.values(p.live.deleted_refs ?? {}))
      for (const [i, id] of list.entries()) if (id === from) list[i] = to;
  } else
    for (const list of Object.values(p.live.menu_items ?? {}))
      for (const [i, id] of list.entries()) if (id === from) list[i] = to;
}

function swapLabels(p: Plan, kind: 'step' | 'menu_item', a: number, b: number): void {
  const spare = 987_654_321;
  relabel(p, kind, a, spare);
  relabel(p, kind, b, a);
  relabel(p, kind, spare, b);
}

/** One swap of references for every pair of operation kinds (each way, both slots different). */
export function everyKindPair(ctx: MutatorContext): Mutant[] {
  const ops = ctx.plan.operations;
  const slots = ops.flatMap((_, i) => slotsOf(ctx.plan, i));
  const out: Mutant[] = [];
  const seen = new Set<string>();
  for (const a of slots)
    for (const b of slots) {
      const ka = kindOf(ops[a.op] as PlanOperation);
      const kb = kindOf(ops[b.op] as PlanOperation);
      const pair = [ka, kb].sort().join(' × ');
      if (seen.has(pair) || a.op === b.op || JSON.stringify(a.value) === JSON.stringify(b.value))
        continue;
      seen.add(pair);
      out.push(
        mutant(
          ctx,
          'reassociate',
          `swap ${JSON.stringify(a.value)} (${ops[a.op]?.id}) ↔ ${JSON.stringify(b.value)} (${ops[b.op]?.id})`,
          (p) => {
            setSlot(p, a, b.value);
            setSlot(p, b, a.value);
          },
          { kinds: [ka, kb] },
        ),
      );
    }
  return out;
}

export function reassociate(ctx: MutatorContext): fc.Arbitrary<Mutant> {
  const ops = ctx.plan.operations;
  const withSlots = ops.map((_, i) => i).filter((i) => slotsOf(ctx.plan, i).length > 0);
  const stepIds = ctx.live.steps.map((s) => s.id);
  const itemIds = ctx.live.menuItems.map((m) => m.id);
  const records = new Map<string, unknown>([
    ...ctx.live.steps.map((s) => [`step:${s.id}`, s] as [string, unknown]),
    ...ctx.live.menuItems.map((m) => [`menu_item:${m.id}`, m] as [string, unknown]),
  ]);
  // Kinds first, so that every pair of kinds is as likely as any other.
  const byKind = new Map<string, number[]>();
  for (const i of withSlots) {
    const kind = kindOf(ops[i] as PlanOperation);
    byKind.set(kind, [...(byKind.get(kind) ?? []), i]);
  }
  const kinds = [...byKind.keys()].sort();
  const pick = (kind: string, n: number, m: number): Slot => {
    const list = byKind.get(kind) as number[];
    const slots = slotsOf(ctx.plan, list[n % list.length] as number);
    return slots[m % slots.length] as Slot;
  };
  const pairOfSlots = fc
    .tuple(
      fc.constantFrom(...kinds),
      fc.constantFrom(...kinds),
      fc.nat(),
      fc.nat(),
      fc.nat(),
      fc.nat(),
    )
    .map(([ka, kb, a, b, x, y]) => [pick(ka, a, x), pick(kb, b, y)] as const)
    .filter(([a, b]) => JSON.stringify(a.value) !== JSON.stringify(b.value));
  const swap = ([a, b]: readonly [Slot, Slot], names: boolean): Mutant =>
    mutant(
      ctx,
      'reassociate',
      `swap ${JSON.stringify(a.value)} (${ops[a.op]?.id}) ↔ ${JSON.stringify(b.value)} (${ops[b.op]?.id})${names ? ', live.steps swapped too' : ''}`,
      (p) => {
        setSlot(p, a, b.value);
        setSlot(p, b, a.value);
        const steps = p.live.steps ?? {};
        if (names && typeof a.value === 'number' && typeof b.value === 'number') {
          const na = steps[String(a.value)];
          const nb = steps[String(b.value)];
          if (na !== undefined && nb !== undefined) {
            steps[String(a.value)] = nb;
            steps[String(b.value)] = na;
          }
        }
      },
      { kinds: [kindOf(ops[a.op] as PlanOperation), kindOf(ops[b.op] as PlanOperation)] },
    );
  const swapSlots = fc.tuple(pairOfSlots, fc.boolean()).map(([pair, names]) => swap(pair, names));
  // Two live objects the plan touches trade places everywhere: every check of the file agrees.
  const touchedOf = (kind: string) =>
    Object.keys(ctx.plan.live.fingerprints)
      .filter((k) => k.startsWith(`${kind}:`))
      .map((k) => Number(k.split(':')[1]));
  const relabelPair = (kind: 'step' | 'menu_item') =>
    fc
      .tuple(
        fc.constantFrom(...touchedOf(kind)),
        fc.constantFrom(...(kind === 'step' ? stepIds : itemIds)),
        fc.boolean(),
      )
      .filter(([a, b]) => a !== b)
      .map(([a, b, keepPrints]) => {
        const opOf = (id: number) =>
          ops.find(
            (op) => op.call.path === `/api/${kind === 'step' ? 'steps' : 'menu_items'}/${id}/`,
          );
        return mutant(
          ctx,
          'reassociate',
          `${kind} ${a} and ${b} relabelled everywhere${keepPrints ? ', fingerprints forged for the new ids' : ''}`,
          (p) => {
            swapLabels(p, kind, a, b);
            if (keepPrints) {
              // The attacker reads the objects and writes their true fingerprints.
              for (const id of [a, b]) {
                const key = `${kind}:${id}`;
                if (p.live.fingerprints[key] !== undefined)
                  p.live.fingerprints[key] = fingerprint(records.get(key));
              }
            }
          },
          {
            kinds: [
              kindOf(opOf(a) ?? (ops[0] as PlanOperation)),
              opOf(b) ? kindOf(opOf(b) as PlanOperation) : `outside:${kind}`,
            ],
          },
        );
      });
  return fc.oneof(
    { arbitrary: swapSlots, weight: 3 },
    { arbitrary: relabelPair('step'), weight: 1 },
    { arbitrary: relabelPair('menu_item'), weight: 1 },
  );
}

// ---- params injection ----

const deep = (n: number): Json => (n === 0 ? 'bottom' : { d: deep(n - 1) });

export function params(ctx: MutatorContext): fc.Arbitrary<Mutant> {
  const ops = ctx.plan.operations;
  const stepOps = ops
    .map((op, i) => [op, i] as const)
    .filter(([op]) => op.address.kind === 'step' && op.action !== 'delete')
    .map(([, i]) => i);
  const liveIds = ctx.live.steps.map((s) => s.id);
  const key = fc.constantFrom(
    'next_step',
    'else_step',
    'error_step',
    'no_operator_step',
    'note',
    '__proto__',
    'constructor',
    'toString',
    'protect',
    'branches',
    'variants',
    'fields',
    'layout',
    'save_as',
    'deep',
  );
  const value: fc.Arbitrary<Json> = fc.oneof(
    fc.constantFrom(...liveIds),
    fc.constantFrom<Json>(null, 'x', true, 0, deep(15), [{ next_step: liveIds[0] ?? 1 }]),
    fc.constantFrom(...ctx.plan.live.absent).map((n) => ({ $step: n }) as Json),
  );
  return fc
    .tuple(fc.constantFrom(...stepOps), key, value, fc.constantFrom('body', 'body+after', 'after'))
    .map(([i, k, v, where]) =>
      mutant(
        ctx,
        'params',
        `${ops[i]?.id}: params.${k} = ${JSON.stringify(v)} in ${where}`,
        (p) => {
          const op = p.operations[i] as PlanOperation;
          const define = (target: Record<string, unknown>, name: string, val: unknown) =>
            Object.defineProperty(target, name, {
              value: clone(val),
              enumerable: true,
              writable: true,
              configurable: true,
            });
          if (where !== 'after') {
            const body = (op.call.body ??= {});
            if (typeof body.params !== 'object' || body.params === null) body.params = {};
            define(body.params as Record<string, unknown>, k, v);
          }
          if (where !== 'body' && op.after && 'params' in op.after) {
            define(op.after.params, k.replace(/_step$/, ''), typeof v === 'number' ? 'welcome' : v);
            if (op.changed && !op.changed.includes(k)) op.changed.push(k.replace(/_step$/, ''));
          }
        },
      ),
    );
}

// ---- phase and approval games ----

export function approval(ctx: MutatorContext): fc.Arbitrary<Mutant> {
  const ops = ctx.plan.operations;
  const indexes = (pred: (op: PlanOperation) => boolean) =>
    ops
      .map((op, i) => [op, i] as const)
      .filter(([op]) => pred(op))
      .map(([, i]) => i);
  const deletedNames = ops
    .filter((op) => op.action === 'delete' && op.address.kind === 'step')
    .map((op) => op.address.key);
  const buttonDeletes = indexes(
    (op) => op.action === 'delete' && op.address.kind === 'menu_item' && op.phase === undefined,
  );
  const unlinks = indexes((op) => op.phase === 'unlink');
  const updates = indexes((op) => op.action === 'update' && op.phase === undefined);
  const deletes = indexes((op) => op.action === 'delete');
  const edits: fc.Arbitrary<[string, Edit]> = fc.oneof(
    fc.tuple(fc.constantFrom(...buttonDeletes), fc.option(fc.constantFrom(...deletedNames))).map(
      ([i, owner]) =>
        [
          `${ops[i]?.id} marked as an unlink${owner ? ` of step "${owner}"` : ''}`,
          (p: Plan) => {
            const op = p.operations[i] as PlanOperation;
            op.phase = 'unlink';
            if (owner) op.address.key = owner;
          },
        ] as [string, Edit],
    ),
    fc
      .constantFrom(...unlinks)
      .map(
        (i) =>
          [
            `${ops[i]?.id} is no longer an unlink`,
            (p: Plan) => void delete (p.operations[i] as PlanOperation).phase,
          ] as [string, Edit],
      ),
    fc.constantFrom(...updates).map(
      (i) =>
        [
          `${ops[i]?.id} marked as a link`,
          (p: Plan) => {
            const op = p.operations[i] as PlanOperation;
            op.phase = 'link';
            op.id = op.id.replace(/^update:/, 'link:');
          },
        ] as [string, Edit],
    ),
    fc.tuple(fc.constantFrom(...deletes), fc.constantFrom('PATCH', 'DELETE')).map(
      ([i, method]) =>
        [
          `${ops[i]?.id} made an update (${method})`,
          (p: Plan) => {
            const op = p.operations[i] as PlanOperation;
            op.action = 'update';
            op.call.method = method as 'PATCH';
            op.after = op.before;
          },
        ] as [string, Edit],
    ),
    fc.constant([
      'every deletion removed, with everything that names it',
      (p: Plan) => {
        const gone = new Set(
          p.operations
            .filter((op) => op.action === 'delete' || op.phase === 'unlink')
            .map((op) => op.id),
        );
        p.operations = p.operations.filter((op) => !gone.has(op.id));
        for (const op of p.operations) op.dependsOn = op.dependsOn.filter((d) => !gone.has(d));
        const touched = new Set(
          p.operations.flatMap((op) => {
            const m = /^\/api\/(steps|menu_items|shops)\/(\d+)\/$/.exec(op.call.path);
            return m
              ? [
                  `${m[1] === 'steps' ? 'step' : m[1] === 'menu_items' ? 'menu_item' : 'shop'}:${m[2]}`,
                ]
              : [];
          }),
        );
        for (const key of Object.keys(p.live.fingerprints))
          if (!touched.has(key)) delete p.live.fingerprints[key];
        p.live.deleted_refs = {};
        const carried = new Set(p.operations.flatMap((op) => stepIdsOfCall(op)));
        for (const id of Object.keys(p.live.steps ?? {}))
          if (!carried.has(Number(id))) delete p.live.steps?.[id];
      },
    ] as [string, Edit]),
    fc.constant([
      'the summary says nothing is deleted',
      (p: Plan) => {
        p.summary.update += p.summary.delete;
        p.summary.delete = 0;
      },
    ] as [string, Edit]),
  );
  return fc.tuple(edits, fc.boolean(), fc.boolean()).map(([[what, edit], summary, approved]) =>
    mutant(
      ctx,
      'approval',
      `${what}${summary ? ', summary recomputed' : ''}${approved ? '' : ', without --auto-approve'}`,
      (p) => {
        edit(p);
        if (summary) recomputeSummary(p);
      },
      { args: approved ? APPLY_ARGS : ['--env', 'staging'] },
    ),
  );
}

// ---- renames onto taken names ----

export function rename(ctx: MutatorContext): fc.Arbitrary<Mutant> {
  const ops = ctx.plan.operations;
  const renames = ops
    .map((op, i) => [op, i] as const)
    .filter(([op]) => op.renamedFrom !== undefined);
  const taken = [
    ...new Set([
      ...ctx.live.steps.map((s) => s.name),
      ...ctx.plan.live.absent,
      ...ops.filter((op) => op.address.kind === 'step').map((op) => op.address.key),
    ]),
  ];
  return fc
    .tuple(fc.constantFrom(...renames.map(([, i]) => i)), fc.constantFrom(...taken), fc.boolean())
    .filter(([i, name]) => name !== ops[i]?.address.key)
    .map(([i, name, everywhere]) =>
      mutant(
        ctx,
        'rename',
        `${ops[i]?.id} renames onto "${name}"${everywhere ? ', every mention moved along' : ''}`,
        (p) => {
          const op = p.operations[i] as PlanOperation;
          const old = op.address.key;
          op.address.key = name;
          op.id = `update:step:${name}`;
          if (op.call.body) op.call.body.name = name;
          if (everywhere) {
            const text = JSON.stringify(p.operations)
              .split(`"${old}"`)
              .join(`"${name}"`)
              .split(`:${old}"`)
              .join(`:${name}"`);
            p.operations = JSON.parse(text) as PlanOperation[];
          }
        },
      ),
    );
}

// ---- journal forgery ----

export function journal(ctx: MutatorContext): fc.Arbitrary<Mutant> {
  const ops = ctx.plan.operations;
  const ids = [
    ...ctx.live.steps.map((s) => s.id),
    ...ctx.live.menuItems.map((m) => m.id),
    999_999,
    1,
  ];
  const line = fc.oneof(
    fc
      .tuple(fc.constantFrom(...ops.map((op) => op.id)), fc.option(fc.constantFrom(...ids)))
      .map(([op, id]) =>
        JSON.stringify({ op, at: '2026-01-01T00:00:00Z', ...(id === null ? {} : { id }) }),
      ),
    fc
      .constantFrom(...ops.map((op) => op.id))
      .map((op) => JSON.stringify({ op, at: '2026-01-01T00:00:00Z', started: true })),
    fc.constantFrom(
      JSON.stringify({ op: '$complete', at: '2026-01-01T00:00:00Z' }),
      '{"op": "create:step:new_x", "id": ',
      'not json',
      JSON.stringify({ op: 'create:step:nope', id: 1 }),
    ),
  );
  return fc.array(line, { minLength: 1, maxLength: 12 }).map((lines) =>
    mutant(ctx, 'journal', `journal: ${lines.join(' | ').slice(0, 200)}`, () => {}, {
      journal: lines,
    }),
  );
}

// ---- environment relabelling ----

export function environment(ctx: MutatorContext): fc.Arbitrary<Mutant> {
  return fc
    .tuple(
      fc.constantFrom<string | undefined>('production', undefined, 'nope', 'Staging', 'staging'),
      fc.boolean(),
      fc.constantFrom(['--auto-approve'], APPLY_ARGS, [
        '--env',
        'production',
        '--confirm-env',
        'production',
        '--auto-approve',
      ]),
    )
    .filter(([env, shop]) => env !== 'staging' || shop)
    .map(([env, shop, args]) =>
      mutant(
        ctx,
        'environment',
        `environment → ${env ?? '(none)'}${shop ? ', shop → 2 everywhere' : ''}, applied with ${args.join(' ')}`,
        (p) => {
          if (env === undefined) delete p.environment;
          else p.environment = env;
          if (shop) {
            p.target.shop_id = 2;
            for (const op of p.operations) {
              if (op.call.query.shop_id !== undefined) op.call.query.shop_id = 2;
              if (op.address.kind === 'shop') {
                op.address.key = '2';
                op.id = 'update:shop:2';
                op.call.path = '/api/shops/2/';
              }
            }
            const fp = p.live.fingerprints;
            if (fp['shop:1'] !== undefined) {
              fp['shop:2'] = fp['shop:1'];
              delete fp['shop:1'];
            }
          }
        },
        { args },
      ),
    );
}

// ---- another API ----

export function target(ctx: MutatorContext): fc.Arbitrary<Mutant> {
  return fc
    .constantFrom(
      ctx.foreign,
      'embedded',
      `${ctx.foreign}/api`,
      ctx.api.replace('127.0.0.1', 'localhost'),
    )
    .map((api) =>
      mutant(ctx, 'target', `target.api → ${api}`, (p) => {
        p.target.api = api;
      }),
    );
}

// ---- what plan-tamper.test.ts always tried ----

/** Any value anywhere, the digest as written. */
export function anywhere(ctx: MutatorContext): fc.Arbitrary<Mutant> {
  const all = paths(ctx.plan as unknown as Json).filter((p) => p.length > 0 && p[0] !== 'digest');
  return fc
    .tuple(fc.nat({ max: all.length - 1 }), fc.option(fc.jsonValue({ maxDepth: 2 }), { freq: 5 }))
    .map(([index, value]) =>
      mutant(ctx, 'anywhere', `${JSON.stringify(all[index])} → ${JSON.stringify(value)}`, (p) =>
        setAt(
          p as unknown as Json,
          all[index] as (string | number)[],
          value === null ? undefined : (value as Json),
        ),
      ),
    );
}

function paths(value: Json, prefix: (string | number)[] = []): (string | number)[][] {
  const out: (string | number)[][] = [prefix];
  if (Array.isArray(value))
    for (const [i, v] of value.entries()) out.push(...paths(v, [...prefix, i]));
  else if (value !== null && typeof value === 'object')
    for (const [k, v] of Object.entries(value)) out.push(...paths(v, [...prefix, k]));
  return out;
}

function setAt(doc: Json, at: (string | number)[], value: Json | undefined): void {
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
}

/** The fields a call's body may have. */
const BODY_FIELDS = [
  'text',
  'name',
  'next_step',
  'params',
  'step',
  'position',
  'url',
  'start_step',
  'type',
] as const;

/** The structural edits of the first tamper test, digest recomputed. */
export function existing(ctx: MutatorContext): fc.Arbitrary<Mutant> {
  const plan = ctx.plan;
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
  const at = (p: Plan, i: number): PlanOperation => p.operations[i] as PlanOperation;
  const edit = (what: string, e: Edit): [string, Edit] => [what, e];
  const edits: fc.Arbitrary<[string, Edit]> = fc.oneof(
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
      .map(([i, path]) =>
        edit(`path of ${ids[i]} → ${path}`, (d) => void (at(d, i).call.path = path)),
      ),
    fc
      .tuple(op, fc.constantFrom(2, 3, 0, -1))
      .map(([i, s]) =>
        edit(`shop of ${ids[i]} → ${s}`, (d) => void (at(d, i).call.query = { shop_id: s })),
      ),
    fc
      .constantFrom(2, 3)
      .map((s) => edit(`target shop → ${s}`, (d) => void (d.target.shop_id = s))),
    fc
      .tuple(op, fc.constantFrom('POST', 'PATCH', 'DELETE'))
      .map(([i, m]) =>
        edit(`method of ${ids[i]} → ${m}`, (d) => void (at(d, i).call.method = m as 'POST')),
      ),
    fc.tuple(op, fc.constantFrom(...BODY_FIELDS, 'shop_id', 'extra'), anyValue).map(([i, k, v]) =>
      edit(`body.${k} of ${ids[i]} → ${JSON.stringify(v)}`, (d) => {
        at(d, i).call.body = { ...(at(d, i).call.body ?? {}), [k]: v } as never;
      }),
    ),
    fc.tuple(op, fc.constantFrom(...BODY_FIELDS)).map(([i, k]) =>
      edit(`body.${k} of ${ids[i]} removed`, (d) => {
        const body = at(d, i).call.body;
        if (body && Object.hasOwn(body, k)) delete body[k];
        else at(d, i).call.body = { ...(body ?? {}), [k]: null };
      }),
    ),
    fc
      .tuple(
        op,
        fc.oneof(fc.constantFrom(...ids), fc.constant('nope'), fc.string({ maxLength: 6 })),
      )
      .map(([i, id]) =>
        edit(
          `id of ${ids[i]} → ${id}`,
          (d) => void (at(d, i).id = id === at(d, i).id ? `${id}x` : id),
        ),
      ),
    fc.tuple(op, fc.oneof(fc.constantFrom(...ids), fc.constant('nope'))).map(([i, dep]) =>
      edit(`${ids[i]} also depends on ${dep}`, (d) => {
        const target = at(d, i);
        const other = d.operations.find((o) => o.id === dep);
        if (
          other &&
          !other.dependsOn.includes(target.id) &&
          !target.dependsOn.includes(dep) &&
          dep !== target.id
        )
          other.dependsOn.push(target.id);
        target.dependsOn.push(dep);
      }),
    ),
    fc
      .tuple(op)
      .filter(([i]) => at(plan, i).dependsOn.some((d) => d.startsWith('create:step:')))
      .map(([i]) =>
        edit(`${ids[i]} stops waiting for the creates it uses`, (d) => {
          at(d, i).dependsOn = at(d, i).dependsOn.filter((x) => !x.startsWith('create:step:'));
        }),
      ),
    fc
      .tuple(op)
      .filter(
        ([i]) =>
          at(plan, i).action === 'delete' &&
          at(plan, i).address.kind === 'step' &&
          at(plan, i).dependsOn.length > 0,
      )
      .map(([i]) =>
        edit(
          `${ids[i]} stops waiting for the removal of references`,
          (d) => void (at(d, i).dependsOn = []),
        ),
      ),
    fc.constantFrom('emptied', 'one removed', 'one added', 'one bad').map((how) =>
      edit(`fingerprints ${how}`, (d) => {
        const f = d.live.fingerprints;
        const first = Object.keys(f)[0] as string;
        if (how === 'emptied') d.live.fingerprints = {};
        else if (how === 'one removed') delete f[first];
        else if (how === 'one added') f['step:99999'] = '0123456789abcdef';
        else f[first] = 'not-a-fingerprint';
      }),
    ),
    fc
      .tuple(
        fc.nat(),
        fc.string({ unit: fc.constantFrom(...'0123456789abcdef'), minLength: 16, maxLength: 16 }),
      )
      .map(([n, hex]) =>
        edit(`a fingerprint forged as ${hex}`, (d) => {
          const keys = Object.keys(d.live.fingerprints);
          const key = keys[n % keys.length] as string;
          d.live.fingerprints[key] =
            hex === d.live.fingerprints[key]
              ? hex.replace(/^./, (c) => (c === '0' ? '1' : '0'))
              : hex;
        }),
      ),
    fc
      .tuple(
        fc.constantFrom('create', 'update', 'delete', 'calls', 'cycle_breaks'),
        fc.constantFrom(1, -1, 5),
      )
      .map(([k, by]) =>
        edit(`summary.${k} ${by > 0 ? '+' : ''}${by}`, (d) => {
          const s = d.summary as unknown as Record<string, number>;
          const now = s[k] as number;
          s[k] = Math.max(0, now + by) === now ? now + 1 : Math.max(0, now + by);
        }),
      ),
    fc
      .constantFrom(0, 2, '1')
      .map((v) => edit(`format_version → ${v}`, (d) => void (d.format_version = v as 1))),
    op.map((i) => edit(`${ids[i]} removed`, (d) => void d.operations.splice(i, 1))),
    fc.tuple(op, fc.boolean()).map(([i, sameId]) =>
      edit(`${ids[i]} added again${sameId ? '' : ' under a new id'}`, (d) => {
        const copy = clone(at(d, i));
        if (!sameId) copy.id = `${copy.id}:again`;
        d.operations.push(copy);
      }),
    ),
    fc.constantFrom(...liveIds).map((id) =>
      edit(`a DELETE of step ${id} slipped in`, (d) => {
        d.operations.push({
          id: `delete:step:${id}`,
          action: 'delete',
          address: { kind: 'step', key: plan.live.steps?.[String(id)] ?? 'x' },
          before: { type: 'message', text: '', next: null, params: {} },
          after: null,
          call: { method: 'DELETE', path: `/api/steps/${id}/`, query: { shop_id: 1 } },
          dependsOn: [],
        });
      }),
    ),
    fc.tuple(fc.constantFrom(...names), fc.boolean()).map(([name, add]) =>
      edit(`live.absent ${add ? '+' : '-'} ${name}`, (d) => {
        d.live.absent = add ? [...d.live.absent, name] : d.live.absent.filter((n) => n !== name);
        if (!add && !plan.live.absent.includes(name)) d.live.absent.push(name);
      }),
    ),
    fc.tuple(fc.constantFrom(...liveIds), fc.constantFrom(...names)).map(([id, name]) =>
      edit(`live.steps[${id}] → ${name}`, (d) => {
        const steps = d.live.steps ?? {};
        steps[String(id)] = steps[String(id)] === name ? `${name}2` : name;
        d.live.steps = steps;
      }),
    ),
    fc.constant(edit('live.menu_items removed', (d) => void delete d.live.menu_items)),
  );
  return edits.map(([what, e]) => mutant(ctx, 'existing', what, e));
}
