// Picking up an interrupted apply of a saved plan. The journal says which calls were made and
// which were in flight when it stopped (kill -9 leaves a call made but not journaled) — but a
// journal is a file, and a file can be forged or arrive from elsewhere (a restored CI cache, a
// force-added folder). So nothing it says is taken on trust: every call it names is looked up in
// the live shop, in plan order, and counts as done only when the shop shows it done; an id it
// gives for a created object is read back (its name, its step, label and position) before it is
// used. What is confirmed is recorded, so the stale check does not take our own writes for
// someone else's; what is not runs again like any call not made.
import type { Plan, PlanOperation } from '../plan/types.js';
import type { Journal } from './journal.js';
import type { LiveReader } from './live-reader.js';
import { establishOutcome, type Claimed, type Recovery } from './recover.js';
import { resolveCall, UnresolvedStepError, type ConcreteCall } from './resolve-call.js';

export interface ResumeState {
  done: Set<string>;
  ids: Map<string, number>;
  menuItems: number[];
}

export async function resumeState(
  plan: Plan,
  journal: Journal,
  live: LiveReader,
): Promise<ResumeState> {
  const done = new Set<string>();
  const ids = new Map<string, number>();
  const menuItems: number[] = [];
  const said = new Map<string, number | undefined>();
  const started = new Set<string>();
  for (const entry of journal.previous) {
    if (entry.started) started.add(entry.op);
    else said.set(entry.op, typeof entry.id === 'number' ? entry.id : undefined);
  }
  if (said.size === 0 && started.size === 0) return { done, ids, menuItems };

  const claimed: Claimed = {
    // Steps and buttons that existed when the plan was made are never a create's result.
    steps: new Set([
      ...Object.keys(plan.live.steps ?? {}).map(Number),
      ...Object.keys(plan.live.fingerprints)
        .filter((k) => k.startsWith('step:'))
        .map((k) => Number(k.slice(5))),
    ]),
    menuItems: new Set(
      Object.keys(plan.live.fingerprints)
        .filter((k) => k.startsWith('menu_item:'))
        .map((k) => Number(k.slice(10))),
    ),
    existingButtons: plan.live.menu_items ?? {},
  };
  // The calls the journal names (done, or started and not finished); without started markers
  // (a machine crash lost them), every call that could have been running as well.
  const named = (op: PlanOperation) =>
    said.has(op.id) ||
    (started.size > 0 ? started.has(op.id) : op.dependsOn.every((d) => done.has(d)));
  for (const op of plan.operations) {
    if (!named(op)) continue;
    let call: ConcreteCall;
    try {
      call = resolveCall(op.call, ids);
    } catch (error) {
      if (error instanceof UnresolvedStepError) continue;
      throw error;
    }
    const outcome = await confirm(live, op, call, claimed, said.get(op.id));
    if (outcome.state !== 'done') continue;
    if (!said.has(op.id) || said.get(op.id) !== outcome.id)
      journal.append({
        op: op.id,
        ...(outcome.id !== undefined ? { id: outcome.id } : {}),
        recovered: 'found',
      });
    done.add(op.id);
    if (outcome.id === undefined || op.action !== 'create') continue;
    if (op.address.kind === 'step') {
      ids.set(op.address.key, outcome.id);
      claimed.steps.add(outcome.id);
    } else {
      menuItems.push(outcome.id);
      claimed.menuItems.add(outcome.id);
    }
  }
  return { done, ids, menuItems };
}

/**
 * Whether the live shop shows the call made. A create the journal gives an id for is that object
 * only when it reads back as what the create made (and existed neither before the plan nor for
 * another create of this run); otherwise it is looked up like a call whose answer was lost.
 */
async function confirm(
  live: LiveReader,
  op: PlanOperation,
  call: ConcreteCall,
  claimed: Claimed,
  id: number | undefined,
): Promise<Recovery> {
  if (op.action === 'create' && id !== undefined) {
    const body = call.body ?? {};
    if (op.address.kind === 'step' && !claimed.steps.has(id)) {
      const step = await live.step(id);
      if (step && step.name === body.name) return { state: 'done', id, found: true };
    }
    if (op.address.kind === 'menu_item' && !claimed.menuItems.has(id)) {
      const item = await live.menuItem(id);
      const before = claimed.existingButtons[String(body.step)] ?? [];
      if (
        item &&
        !before.includes(id) &&
        item.step === body.step &&
        item.text === body.text &&
        item.position === body.position &&
        item.next_step === (body.next_step ?? null) &&
        item.url === (body.url ?? null)
      )
        return { state: 'done', id, found: true };
    }
  }
  return establishOutcome(live, op, call, claimed);
}
