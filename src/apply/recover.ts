// A write whose outcome is unknown (the connection dropped after the request left, a timeout,
// a 5xx) is never blindly repeated: the object is looked up by its identity first, and the
// call is made again only when the lookup shows it did not happen.
import { deepEqual } from '../plan/canonical.js';
import type { PlanOperation } from '../plan/types.js';
import type { LiveReader } from './live-reader.js';
import type { ConcreteCall } from './resolve-call.js';

export type Recovery = { state: 'done'; id?: number; found: boolean } | { state: 'not-done' };

/**
 * Objects a lookup must not mistake for the one a create made: those that existed when the plan
 * was made, and those this run already created or adopted for another operation.
 */
export interface Claimed {
  steps: Set<number>;
  menuItems: Set<number>;
  /** Existing step id → its button ids at plan time (plan.live.menu_items). */
  existingButtons: Readonly<Record<string, readonly number[]>>;
}

/** Whether `call` took effect, judged from the live object it creates, changes or deletes. */
export async function establishOutcome(
  live: LiveReader,
  op: PlanOperation,
  call: ConcreteCall,
  claimed: Claimed,
): Promise<Recovery> {
  const body = call.body ?? {};
  if (op.action === 'create' && op.address.kind === 'step') {
    // The plan creates only names no live step had (plan.live.absent).
    const existing = await live.stepsNamed(String(body.name));
    const mine = existing.filter((s) => !claimed.steps.has(s.id)).sort((a, b) => a.id - b.id)[0];
    return mine ? { state: 'done', id: mine.id, found: true } : { state: 'not-done' };
  }
  if (op.action === 'create' && op.address.kind === 'menu_item') {
    const stepId = Number(body.step);
    const before = new Set(claimed.existingButtons[String(stepId)] ?? []);
    const items = await live.menuItemsOf(stepId);
    const mine = items
      .filter((item) => !before.has(item.id) && !claimed.menuItems.has(item.id))
      .find(
        (item) =>
          item.text === body.text &&
          item.position === body.position &&
          item.next_step === (body.next_step ?? null) &&
          item.url === (body.url ?? null),
      );
    return mine ? { state: 'done', id: mine.id, found: true } : { state: 'not-done' };
  }
  const current = await live.atPath(call.path);
  if (op.action === 'delete')
    return current === undefined ? { state: 'done', found: true } : { state: 'not-done' };
  // An update: done when the object already holds every value the PATCH sends. An unlink whose
  // step is gone reached its goal (the step's deletion follows it); any other update did not.
  if (current === undefined)
    return op.phase === 'unlink' ? { state: 'done', found: true } : { state: 'not-done' };
  const applied = Object.entries(body).every(([field, value]) =>
    deepEqual(current[field] ?? null, value ?? null),
  );
  return applied ? { state: 'done', found: true } : { state: 'not-done' };
}
