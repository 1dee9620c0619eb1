// A saved plan crosses a trust boundary (a pull request → a merge job), so apply checks it whole
// before logging in or making any call: its digest; every call against what its operation
// implies (verify-calls.ts); that every call stays in the plan's shop; unique ids; dependencies
// that resolve, wait for the creates they reference and for what must go before a delete, and
// have no cycle; a fingerprint for every object a call touches and none other; live.absent,
// live.steps, live.menu_items and the summary exactly as the operations imply. Any difference is
// refused, naming what is wrong. docs/plan-and-apply.md says what this guards against and what not.
import { deepEqual } from '../plan/canonical.js';
import { DIGEST_PREFIX, planDigest } from '../plan/digest.js';
import { viewTargets } from '../plan/refs.js';
import { stepIdsOfCall } from '../plan/step-names.js';
import { isStepIdRef, type CallValue, type Plan, type PlanOperation } from '../plan/types.js';
import { isRecord } from '../model/json.js';
import { touchedObject } from './stale.js';
import { verifyCall, type CallContext } from './verify-calls.js';

export type PlanVerdict = { ok: true } | { ok: false; problems: string[] };

const MAX_PROBLEMS = 10;

export function verifyPlan(plan: Plan): PlanVerdict {
  const problems: string[] = [];
  const add = (message: string) => problems.length < MAX_PROBLEMS && problems.push(message);

  if (typeof plan.digest !== 'string' || !plan.digest.startsWith(DIGEST_PREFIX))
    add(
      'it has no digest (it was made by an older botform, or the digest was removed): make a new plan',
    );
  else if (planDigest(plan) !== plan.digest)
    add(
      'its digest does not match its content: the file was edited or corrupted after "botform plan" wrote it',
    );

  const shopId = plan.target.shop_id;
  if (!(Number.isSafeInteger(shopId) && shopId > 0))
    add(`target.shop_id ${JSON.stringify(shopId)} is not a shop id`);

  const ops = plan.operations;
  const byId = new Map<string, PlanOperation>();
  for (const op of ops) {
    if (byId.has(op.id)) add(`operation id "${op.id}" is used twice`);
    byId.set(op.id, op);
  }

  const creates = new Map<string, PlanOperation>();
  const links = new Map<string, PlanOperation>();
  const renamedFrom = new Map<string, string>();
  const deletedSteps = new Set<number>();
  const deletedNames = new Set<string>();
  for (const op of ops) {
    if (op.address.kind !== 'step') continue;
    if (op.action === 'create') creates.set(op.address.key, op);
    if (op.phase === 'link') links.set(op.address.key, op);
    if (op.renamedFrom !== undefined) renamedFrom.set(op.address.key, op.renamedFrom);
    const deleted = op.action === 'delete' ? /^\/api\/steps\/(\d+)\/$/.exec(op.call.path) : null;
    if (deleted) {
      deletedSteps.add(Number(deleted[1]));
      deletedNames.add(op.address.key);
    }
  }
  const stepNames = new Map<number, string>();
  for (const [id, name] of Object.entries(plan.live.steps ?? {}))
    if (/^[1-9]\d{0,14}$/.test(id)) stepNames.set(Number(id), name);
  const ctx: CallContext = {
    shopId,
    absent: new Set(plan.live.absent),
    stepNames,
    renamedFrom,
    links,
    creates,
    deletedSteps,
    deletedNames,
  };

  for (const op of ops) {
    const wrong = verifyCall(op, ctx);
    if (wrong) add(`operation "${op.id}": ${wrong}`);
  }

  checkDependencies(plan, byId, add);
  checkLive(plan, creates, add);
  checkSummary(plan, add);
  return problems.length === 0 ? { ok: true } : { ok: false, problems };
}

function checkDependencies(
  plan: Plan,
  byId: ReadonlyMap<string, PlanOperation>,
  add: (m: string) => void,
): void {
  const ops = plan.operations;
  for (const op of ops) {
    const seen = new Set<string>();
    for (const dep of op.dependsOn) {
      if (!byId.has(dep)) add(`operation "${op.id}" depends on "${dep}", which is not in the plan`);
      if (dep === op.id) add(`operation "${op.id}" depends on itself`);
      if (seen.has(dep)) add(`operation "${op.id}" lists "${dep}" twice in dependsOn`);
      seen.add(dep);
    }
  }
  // Kahn's algorithm: what is left once every operation that can run has run is a cycle.
  const waiting = new Map(
    ops.map((op) => [op.id, new Set(op.dependsOn.filter((d) => byId.has(d))).size]),
  );
  const dependents = new Map<string, string[]>();
  for (const op of ops)
    for (const dep of new Set(op.dependsOn))
      dependents.set(dep, [...(dependents.get(dep) ?? []), op.id]);
  const ready = ops.filter((op) => waiting.get(op.id) === 0).map((op) => op.id);
  let ran = 0;
  while (ready.length > 0) {
    const id = ready.pop() as string;
    ran++;
    for (const next of dependents.get(id) ?? []) {
      const left = (waiting.get(next) ?? 1) - 1;
      waiting.set(next, left);
      if (left === 0) ready.push(next);
    }
  }
  if (ran < waiting.size)
    add(
      `the dependencies form a cycle (${[...waiting]
        .filter(([, n]) => n > 0)
        .map(([id]) => `"${id}"`)
        .slice(0, 5)
        .join(', ')})`,
    );
  else checkRequiredOrder(plan, byId, add);
}

/** The orderings a valid plan always has: after the creates it references; deletes after the references are gone. */
function checkRequiredOrder(
  plan: Plan,
  byId: ReadonlyMap<string, PlanOperation>,
  add: (m: string) => void,
): void {
  const ops = plan.operations;
  const closure = new Map<string, Set<string>>();
  const before = (id: string): Set<string> => {
    const known = closure.get(id);
    if (known) return known;
    const out = new Set<string>();
    closure.set(id, out);
    for (const dep of byId.get(id)?.dependsOn ?? []) {
      out.add(dep);
      for (const d of before(dep)) out.add(d);
    }
    return out;
  };
  const deleteOf = new Map<string, PlanOperation>();
  for (const op of ops)
    if (op.action === 'delete' && op.address.kind === 'step')
      deleteOf.set(/^\/api\/steps\/(\d+)\/$/.exec(op.call.path)?.[1] ?? '', op);
  // A deleted step that another deleted step points at goes after that step, unless the plan
  // unlinks the reference (those unlinks are required by the rule below).
  for (const [from, targets] of Object.entries(plan.live.deleted_refs ?? {})) {
    const pointing = deleteOf.get(from);
    if (!pointing) {
      add(`live.deleted_refs names step ${from}, which the plan does not delete`);
      continue;
    }
    for (const target of targets) {
      const deletion = deleteOf.get(String(target));
      if (!deletion) {
        add(`live.deleted_refs names step ${target}, which the plan does not delete`);
        continue;
      }
      const names = new Set([deletion.address.key, `${deletion.address.key}#${target}`]);
      const unlinked = ops.some(
        (o) =>
          o.phase === 'unlink' &&
          o.address.key === pointing.address.key &&
          refersTo(o.before, names),
      );
      if (!unlinked && !before(deletion.id).has(pointing.id))
        add(
          `operation "${deletion.id}" deletes step "${deletion.address.key}" while step "${pointing.address.key}" still points at it`,
        );
    }
  }
  for (const op of ops) {
    for (const name of stepRefsInCall(op)) {
      if (
        !(op.phase === 'link' && name === op.address.key) &&
        !op.dependsOn.includes(`create:step:${name}`) &&
        !before(op.id).has(`create:step:${name}`)
      ) {
        add(`operation "${op.id}" uses the id of step "${name}" but does not wait for its create`);
      }
    }
    // A step created under the name a rename frees waits for the rename (or the rename for it,
    // when the renamed step points at the new one): two live steps never share a name.
    if (op.action === 'create' && op.address.kind === 'step') {
      for (const rename of ops) {
        if (
          rename.renamedFrom === op.address.key &&
          !before(op.id).has(rename.id) &&
          !before(rename.id).has(op.id)
        )
          add(
            `operation "${op.id}" creates step "${op.address.key}" without waiting for "${rename.id}", which frees that name`,
          );
      }
    }
    if (op.action !== 'delete' || op.address.kind !== 'step') continue;
    const id = /^\/api\/steps\/(\d+)\/$/.exec(op.call.path)?.[1];
    const names = new Set([op.address.key, `${op.address.key}#${id}`]);
    const waitsFor = before(op.id);
    for (const other of ops) {
      // Only an operation that drops the reference must go first (one that keeps it refers to a
      // kept step of the same name).
      if (other === op || !refersTo(other.before, names) || refersTo(other.after, names)) continue;
      const stepId =
        other.address.kind === 'step' && (other.action === 'delete' || other.phase === 'unlink')
          ? /^\/api\/steps\/(\d+)\/$/.exec(other.call.path)?.[1]
          : undefined;
      const cleared =
        waitsFor.has(other.id) ||
        (stepId !== undefined &&
          (waitsFor.has(`delete:step:${stepId}`) || waitsFor.has(`unlink:step:${stepId}`)));
      if (!cleared)
        add(
          `operation "${op.id}" deletes step "${op.address.key}" without waiting for "${other.id}", which removes a reference to it`,
        );
    }
  }
}

function refersTo(view: unknown, names: ReadonlySet<string>): boolean {
  if (!isRecord(view)) return false;
  if ('start' in view) return typeof view.start === 'string' && names.has(view.start);
  if ('goto' in view) return typeof view.goto === 'string' && names.has(view.goto);
  if ('params' in view && isRecord(view.params))
    return viewTargets(view as never).some((t) => names.has(t));
  return false;
}

function stepRefsInCall(op: PlanOperation): Set<string> {
  const names = new Set<string>();
  for (const m of op.call.path.matchAll(/\{step:([^}]+)\}/g)) names.add(m[1] as string);
  const walk = (value: CallValue | undefined): void => {
    if (isStepIdRef(value)) names.add(value.$step);
    else if (Array.isArray(value)) value.forEach(walk);
    else if (isRecord(value)) for (const v of Object.values(value)) walk(v as CallValue);
  };
  walk(op.call.body);
  return names;
}

function checkLive(
  plan: Plan,
  creates: ReadonlyMap<string, PlanOperation>,
  add: (m: string) => void,
): void {
  const touched = new Set(plan.operations.flatMap((op) => touchedObject(op) ?? []));
  const fingerprinted = new Set(Object.keys(plan.live.fingerprints));
  for (const key of touched)
    if (!fingerprinted.has(key))
      add(`${key} is changed by the plan but has no fingerprint in live.fingerprints`);
  for (const key of fingerprinted)
    if (!touched.has(key)) add(`live.fingerprints has ${key}, which no operation touches`);
  for (const [key, value] of Object.entries(plan.live.fingerprints))
    if (!/^[0-9a-f]{16}$/.test(value)) add(`the fingerprint of ${key} is not one botform writes`);

  if (
    !deepEqual([...plan.live.absent].sort(), [...creates.keys()].sort()) ||
    new Set(plan.live.absent).size !== plan.live.absent.length
  ) {
    add('live.absent is not exactly the steps the plan creates');
  }
  const ids = new Set(plan.operations.flatMap((op) => stepIdsOfCall(op)).map(String));
  if (!deepEqual([...ids].sort(), Object.keys(plan.live.steps ?? {}).sort()))
    add('live.steps does not name exactly the step ids the calls carry');

  const buttonSteps = new Set<string>();
  for (const op of plan.operations)
    if (
      op.action === 'create' &&
      op.address.kind === 'menu_item' &&
      typeof op.call.body?.step === 'number'
    )
      buttonSteps.add(String(op.call.body.step));
  if (!deepEqual([...buttonSteps].sort(), Object.keys(plan.live.menu_items ?? {}).sort()))
    add('live.menu_items does not list exactly the existing steps the plan adds buttons to');
}

function checkSummary(plan: Plan, add: (m: string) => void): void {
  const count = (action: string) =>
    plan.operations.filter(
      (op) => op.action === action && (op.phase === undefined || action === 'delete'),
    ).length;
  const want = {
    create: count('create'),
    update: count('update'),
    delete: count('delete'),
    calls: plan.operations.length,
    cycle_breaks: plan.operations.filter((op) => op.phase !== undefined).length,
  };
  if (!deepEqual(plan.summary, want))
    add(
      `the summary ${JSON.stringify(plan.summary)} does not match the operations ${JSON.stringify(want)}`,
    );
}
