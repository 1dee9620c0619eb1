// The read before a saved plan writes anything. Two questions, answered from the live shop:
// - Is the plan stale? An object it touches changed since it was made (named field by field,
//   stale-diff.ts), a step it creates or renames to now exists, a step it refers to is gone or
//   renamed.
// - Is the plan bound to the objects it names? A verified plan's calls are what its operations
//   show (verify-calls.ts), but the ids inside both come from the file; here each is checked
//   against the live record: a step's id ↔ its name and type, a button's id ↔ its step, label and
//   position as in `before`, an unlink ↔ exactly the references of a step the plan deletes, the
//   params a PATCH keeps ↔ the live step's own. A difference on an object that did not change
//   since the plan was made means the file describes another object than the one it writes to.
// Objects touched by calls an earlier run already made (resume.ts confirmed them) are skipped.
import { canonicalText, deepEqual } from '../plan/canonical.js';
import { stepUnlinkCall } from '../plan/calls.js';
import { fingerprint } from '../plan/index.js';
import { unmanagedParams } from '../plan/live.js';
import type { Plan, PlanOperation } from '../plan/types.js';
import type { MenuItemRecord, StepRecord } from '../remote/contract.js';
import { isRecord } from '../model/json.js';
import { mapBounded } from '../bounded-map.js';
import type { LiveReader } from './live-reader.js';
import { describeFieldChanges, planStepNames } from './stale-diff.js';

export interface LiveCheck {
  /** What changed in the shop since the plan was made. */
  changed: string[];
  /** Where the plan does not describe the live object it writes to. */
  unbound: string[];
}

/** `done`: operations an earlier run of this plan made (confirmed in the live shop). */
export async function checkLive(
  plan: Plan,
  live: LiveReader,
  done: ReadonlySet<string>,
): Promise<LiveCheck> {
  const changed: string[] = [];
  const unbound: string[] = [];
  const doneOps = plan.operations.filter((op) => done.has(op.id));
  const pending = plan.operations.filter((op) => !done.has(op.id));
  const skip = new Set(doneOps.flatMap((op) => touchedObject(op) ?? []));
  const createdByUs = new Set(
    doneOps
      .filter((op) => op.action === 'create' && op.address.kind === 'step')
      .map((op) => op.address.key),
  );
  const deletedSteps = new Set(
    plan.operations.flatMap((op) =>
      op.action === 'delete' && op.address.kind === 'step' ? (idIn(op, 'steps') ?? []) : [],
    ),
  );
  const opsOn = new Map<string, PlanOperation[]>();
  for (const op of pending) {
    const key = touchedObject(op);
    if (key) opsOn.set(key, [...(opsOn.get(key) ?? []), op]);
  }
  const knownNames = planStepNames(plan, touchedObject);
  const steps = new Map<number, StepRecord | undefined>();
  const nameOf = (id: number) => knownNames.get(id) ?? steps.get(id)?.name;
  // A button's step may be renamed by the plan: before the rename it still has its old name.
  const oldNames = new Map(
    plan.operations.flatMap((op) =>
      op.renamedFrom !== undefined ? [[op.address.key, op.renamedFrom] as const] : [],
    ),
  );
  const readStep = async (id: number) => {
    if (!steps.has(id)) steps.set(id, await live.step(id));
    return steps.get(id);
  };

  // What the plan touches: unchanged, and the objects its operations say.
  await mapBounded(Object.keys(plan.live.fingerprints), 8, async (key) => {
    if (skip.has(key)) return;
    const [kind, raw] = key.split(':');
    const id = Number(raw);
    const record =
      kind === 'step'
        ? await readStep(id)
        : kind === 'menu_item'
          ? await live.menuItem(id)
          : await live.shop(id);
    if (record === undefined) {
      changed.push(`${describe(plan, key)} no longer exists`);
      return;
    }
    if (fingerprint(record) !== plan.live.fingerprints[key]) {
      const before = plan.operations.find(
        (o) => touchedObject(o) === key && o.before !== null,
      )?.before;
      const fields = before ? describeFieldChanges(before, kind ?? '', record, nameOf) : undefined;
      changed.push(`${describe(plan, key)} was changed${fields ? `: ${fields}` : ''}`);
      return;
    }
    for (const op of opsOn.get(key) ?? []) {
      const wrong =
        kind === 'step'
          ? stepBinding(op, record as StepRecord, plan.target.shop_id, deletedSteps)
          : kind === 'menu_item'
            ? await buttonBinding(op, record as MenuItemRecord, readStep, {
                deletedSteps,
                oldNames,
              })
            : undefined;
      if (wrong) unbound.push(`operation "${op.id}" ${wrong}`);
    }
  });

  // Steps the calls carry the ids of: still the steps the plan names.
  const renamedByUs = new Map(
    doneOps.flatMap((op) =>
      op.renamedFrom !== undefined ? [[idIn(op, 'steps'), op.address.key] as const] : [],
    ),
  );
  const deletedByUs = new Set(
    doneOps.flatMap((op) =>
      op.action === 'delete' && op.address.kind === 'step' ? (idIn(op, 'steps') ?? []) : [],
    ),
  );
  await mapBounded(Object.entries(plan.live.steps ?? {}), 8, async ([raw, name]) => {
    const id = Number(raw);
    const record = await readStep(id);
    if (record === undefined) {
      if (!deletedByUs.has(id))
        changed.push(`step "${name}" (id ${id}), which the plan refers to, no longer exists`);
    } else if (record.name !== name && renamedByUs.get(id) !== record.name)
      changed.push(
        `step id ${id}, which the plan knows as "${name}", is now named "${record.name}"`,
      );
  });

  // Names the plan gives to steps: still free.
  const names = [
    ...plan.live.absent.filter((n) => !createdByUs.has(n)),
    ...pending.flatMap((op) => (op.renamedFrom !== undefined ? [op.address.key] : [])),
  ];
  await mapBounded(names, 8, async (name) => {
    if ((await live.stepsNamed(name)).length > 0)
      changed.push(
        plan.live.absent.includes(name)
          ? `step "${name}", which the plan creates, now exists`
          : `a step named "${name}" exists, and the plan renames another step to that name`,
      );
  });
  return { changed: [...new Set(changed)].sort(), unbound: unbound.sort() };
}

/** What is wrong with a step operation's target, the record as the plan read it. */
function stepBinding(
  op: PlanOperation,
  record: StepRecord,
  shopId: number,
  deletedSteps: ReadonlySet<number>,
): string | undefined {
  const name = op.renamedFrom ?? op.address.key;
  const before = op.before as { type?: unknown } | null;
  if (record.name !== name || record.type !== before?.type)
    return `is for step "${name}" (${String(before?.type)}), but step id ${record.id} is "${record.name}" (${record.type})`;
  const body = op.call.body;
  if (op.phase === 'unlink') {
    const derived = stepUnlinkCall(shopId, record, deletedSteps);
    if (!deepEqual(body, derived.call.body))
      return `does not clear exactly the references of step "${name}" to the steps the plan deletes`;
  } else if (op.action === 'update' && isRecord(body?.params)) {
    // The params a PATCH keeps are the live step's own, exactly (nothing added, nothing changed).
    const kept = unmanagedParams(record);
    const sent = unmanagedParams({ ...record, params: body.params as Record<string, unknown> });
    if (!deepEqual(kept, sent))
      return `writes params of step "${name}" that neither its "after" nor the live step has`;
  }
  return undefined;
}

/** What is wrong with a button operation's target: its step, label and position as in `before`. */
async function buttonBinding(
  op: PlanOperation,
  record: MenuItemRecord,
  readStep: (id: number) => Promise<StepRecord | undefined>,
  plan: { deletedSteps: ReadonlySet<number>; oldNames: ReadonlyMap<string, string> },
): Promise<string | undefined> {
  const before = op.before as { text?: unknown; position?: unknown } | null;
  const owner = await readStep(record.step);
  const key = op.address.key;
  if (
    (owner?.name !== key && owner?.name !== plan.oldNames.get(key)) ||
    canonicalText(record.text) !== before?.text ||
    record.position !== before?.position
  )
    return `is for button ${JSON.stringify(before?.text)} at ${String(before?.position)} of step "${op.address.key}", but button id ${record.id} is ${JSON.stringify(record.text)} at ${record.position} of ${owner ? `step "${owner.name}"` : `step id ${record.step}`}`;
  if (op.phase === 'unlink' && !plan.deletedSteps.has(record.step))
    return `removes a button of step "${op.address.key}", which the plan does not delete`;
  return undefined;
}

function describe(plan: Plan, key: string): string {
  const [kind, raw] = key.split(':');
  if (kind === 'shop') return `shop ${raw}`;
  const op = plan.operations.find((o) => touchedObject(o) === key);
  if (kind === 'step') return `step "${op?.address.key ?? `#${raw}`}" (id ${raw})`;
  return `button${op?.address.label !== undefined ? ` "${op.address.label}"` : ''} of step "${op?.address.key ?? '?'}" (id ${raw})`;
}

function idIn(op: PlanOperation, collection: 'steps' | 'menu_items'): number | undefined {
  const match = new RegExp(`^/api/${collection}/(\\d+)/$`).exec(op.call.path);
  return match ? Number(match[1]) : undefined;
}

/** The live object ("step:12", "menu_item:40", "shop:1") an operation changes, read off its path. */
export function touchedObject(op: { call: { path: string } }): string | undefined {
  const match = /^\/api\/(steps|menu_items|shops)\/(\d+)\/$/.exec(op.call.path);
  if (!match) return undefined;
  const kind = match[1] === 'steps' ? 'step' : match[1] === 'menu_items' ? 'menu_item' : 'shop';
  return `${kind}:${match[2]}`;
}
