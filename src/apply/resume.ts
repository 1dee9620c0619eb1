// Picking up an interrupted apply of a saved plan: what its journal says was done, plus the calls
// that were in flight when it stopped (kill -9 leaves a call made but not journaled). Those can
// only be calls whose dependencies were all journaled; each is looked up, and what happened is
// recorded, so that the stale check does not mistake our own writes for someone else's.
import type { Plan } from '../plan/types.js';
import type { HighTouchClient } from '../remote/client.js';
import type { Journal } from './journal.js';
import { establishOutcome, type Claimed } from './recover.js';
import { resolveCall, UnresolvedStepError, type ConcreteCall } from './resolve-call.js';

export interface ResumeState {
  done: Set<string>;
  ids: Map<string, number>;
  menuItems: number[];
}

export async function resumeState(
  plan: Plan,
  journal: Journal,
  client: HighTouchClient,
): Promise<ResumeState> {
  const done = new Set<string>();
  const ids = new Map<string, number>();
  const menuItems: number[] = [];
  const byId = new Map(plan.operations.map((op) => [op.id, op]));
  const record = (opId: string, id: number | undefined) => {
    done.add(opId);
    const op = byId.get(opId);
    if (!op || id === undefined || op.action !== 'create') return;
    if (op.address.kind === 'step') ids.set(op.address.key, id);
    else menuItems.push(id);
  };
  const started = new Set<string>();
  for (const entry of journal.previous) {
    if (entry.started) started.add(entry.op);
    else record(entry.op, entry.id);
  }
  if (done.size === 0 && started.size === 0) return { done, ids, menuItems };

  const claimed: Claimed = {
    steps: new Set(ids.values()),
    menuItems: new Set(menuItems),
    existingButtons: plan.live.menu_items ?? {},
  };
  // Calls marked started but not finished; without markers (a machine crash lost them), every
  // call that could have been running.
  const inFlight = plan.operations.filter(
    (op) =>
      !done.has(op.id) &&
      (started.size > 0 ? started.has(op.id) : op.dependsOn.every((d) => done.has(d))),
  );
  for (const op of inFlight) {
    let call: ConcreteCall;
    try {
      call = resolveCall(op.call, ids);
    } catch (error) {
      if (error instanceof UnresolvedStepError) continue;
      throw error;
    }
    const outcome = await establishOutcome(client, plan.target.shop_id, op, call, claimed);
    if (outcome.state !== 'done') continue;
    journal.append({
      op: op.id,
      ...(outcome.id !== undefined ? { id: outcome.id } : {}),
      recovered: 'found',
    });
    record(op.id, outcome.id);
    if (outcome.id !== undefined)
      (op.address.kind === 'step' ? claimed.steps : claimed.menuItems).add(outcome.id);
  }
  return { done, ids, menuItems };
}
