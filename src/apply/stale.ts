// Before a saved plan is applied, the objects it touches are read again: if any changed since
// the plan was made (or a step it creates now exists), the plan is stale and is refused,
// naming what changed and, field by field, its old → new value (stale-diff.ts). Only the touched objects are read — or, when they are many, the lists,
// which take fewer requests.
import { fingerprint } from '../plan/index.js';
import type { Plan } from '../plan/types.js';
import type { HighTouchClient } from '../remote/client.js';
import type { MenuItemRecord, StepRecord } from '../remote/contract.js';
import { isApiError } from '../remote/errors.js';
import { PAGE_LIMIT_MAX } from '../remote/contract.js';
import { describeFieldChanges, planStepNames } from './stale-diff.js';

export interface StaleReport {
  changed: string[];
}

export async function checkStale(
  plan: Plan,
  client: HighTouchClient,
  skip: { objects: ReadonlySet<string>; names: ReadonlySet<string> },
): Promise<StaleReport> {
  const shopId = plan.target.shop_id;
  const keys = Object.keys(plan.live.fingerprints).filter((k) => !skip.objects.has(k));
  const names = plan.live.absent.filter((n) => !skip.names.has(n));
  const changed: string[] = [];

  const perObjectRequests = keys.length + names.length;
  let steps: Map<number, StepRecord> | undefined;
  let items: Map<number, MenuItemRecord> | undefined;
  let stepNames: Set<string> | undefined;
  if (perObjectRequests > (2 * PAGE_LIMIT_MAX) / 10) {
    // Many objects: two paged list reads cost fewer requests than one GET each.
    const [allSteps, allItems] = await Promise.all([
      client.listSteps(shopId),
      client.listMenuItems(shopId),
    ]);
    steps = new Map(allSteps.map((s) => [s.id, s]));
    items = new Map(allItems.map((m) => [m.id, m]));
    stepNames = new Set(allSteps.map((s) => s.name));
  }

  const knownNames = planStepNames(plan, touchedObject);
  const nameOf = (id: number) => knownNames.get(id) ?? steps?.get(id)?.name;
  await inBatches(keys, 8, async (key) => {
    const [kind, raw] = key.split(':');
    const id = Number(raw);
    let record: unknown;
    try {
      if (kind === 'step') record = steps ? steps.get(id) : await client.getStep(shopId, id);
      else if (kind === 'menu_item')
        record = items ? items.get(id) : await client.getMenuItem(shopId, id);
      else record = await client.getShop(id);
    } catch (error) {
      if (!(isApiError(error) && error.kind === 'not-found')) throw error;
    }
    if (record === undefined) changed.push(`${describe(plan, key)} no longer exists`);
    else if (fingerprint(record) !== plan.live.fingerprints[key]) {
      const before = plan.operations.find(
        (o) => touchedObject(o) === key && o.before !== null,
      )?.before;
      const fields = before ? describeFieldChanges(before, kind ?? '', record, nameOf) : undefined;
      changed.push(`${describe(plan, key)} was changed${fields ? `: ${fields}` : ''}`);
    }
  });
  await inBatches(names, 8, async (name) => {
    const exists = stepNames
      ? stepNames.has(name)
      : (await client.listSteps(shopId, { name })).length > 0;
    if (exists) changed.push(`step "${name}", which the plan creates, now exists`);
  });
  return { changed: changed.sort() };
}

function describe(plan: Plan, key: string): string {
  const [kind, raw] = key.split(':');
  if (kind === 'shop') return `shop ${raw}`;
  const op = plan.operations.find((o) => touchedObject(o) === key);
  if (kind === 'step') return `step "${op?.address.key ?? `#${raw}`}" (id ${raw})`;
  return `button${op?.address.label !== undefined ? ` "${op.address.label}"` : ''} of step "${op?.address.key ?? '?'}" (id ${raw})`;
}

async function inBatches<T>(
  items: readonly T[],
  size: number,
  fn: (item: T) => Promise<void>,
): Promise<void> {
  let next = 0;
  const worker = async () => {
    while (next < items.length) await fn(items[next++] as T);
  };
  await Promise.all(Array.from({ length: Math.min(size, items.length) }, worker));
}

/** The live object ("step:12", "menu_item:40", "shop:1") an operation changes, read off its path. */
export function touchedObject(op: { call: { path: string } }): string | undefined {
  const match = /^\/api\/(steps|menu_items|shops)\/(\d+)\/$/.exec(op.call.path);
  if (!match) return undefined;
  const kind = match[1] === 'steps' ? 'step' : match[1] === 'menu_items' ? 'menu_item' : 'shop';
  return `${kind}:${match[2]}`;
}
