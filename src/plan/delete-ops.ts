// Deletions, ordered after every reference to the deleted step is gone: the updates of kept
// steps and buttons that pointed at it, the shop's start, and the deletion of other deleted
// steps that pointed at it. Deleted steps that point at each other are unlinked first.
import type { MenuItemRecord, StepRecord } from '../remote/contract.js';
import {
  buttonDeleteId,
  shopUpdateId,
  stepDeleteId,
  stepUnlinkId,
  stepUpdateId,
  type OpsContext,
} from './context.js';
import { backEdges } from './cycles.js';
import { liveButtonView, liveStepView } from './live.js';
import { liveStepRefs } from './refs.js';
import { deleteCall, planned, stepUnlinkCall } from './calls.js';

interface Edge {
  from: StepRecord;
  /** The buttons of `from` that point at the target; empty when the reference is in the step itself. */
  buttons: MenuItemRecord[];
  viaStep: boolean;
}

export function addDeletes(ctx: OpsContext): void {
  const deleted = ctx.match.unmatched;
  const deletedIds = new Set(deleted.map((s) => s.id));
  const keyOf = new Map([...ctx.match.matched].map(([key, step]) => [step.id, key]));
  const ignoredIds = new Set(ctx.match.ignored.map((s) => s.id));
  const deps = new Map<number, Set<string>>(deleted.map((s) => [s.id, new Set<string>()]));
  const edges = new Map<number, Map<number, Edge>>(); // target id → from id → edge
  const forward = new Map<number, Set<number>>(); // from id → target ids

  const addEdge = (from: StepRecord, target: number, button?: MenuItemRecord) => {
    const byFrom = edges.get(target) ?? new Map<number, Edge>();
    const edge = byFrom.get(from.id) ?? { from, buttons: [], viaStep: false };
    if (button) edge.buttons.push(button);
    else edge.viaStep = true;
    byFrom.set(from.id, edge);
    edges.set(target, byFrom);
    forward.set(from.id, (forward.get(from.id) ?? new Set<number>()).add(target));
  };

  for (const step of ctx.index.state.steps) {
    const targets = liveStepRefs(step).filter((id) => deletedIds.has(id) && id !== step.id);
    const buttons = (ctx.index.buttonsByStep.get(step.id) ?? []).filter(
      (b) => b.next_step !== null && deletedIds.has(b.next_step) && b.next_step !== step.id,
    );
    if (targets.length === 0 && buttons.length === 0) continue;
    const key = keyOf.get(step.id);
    if (key !== undefined) {
      // A kept step or button that points at a deleted step is necessarily changed by the plan.
      for (const target of targets) deps.get(target)?.add(stepUpdateId(key));
      for (const b of buttons) {
        const op = ctx.buttonOps.get(b.id);
        if (op) deps.get(b.next_step as number)?.add(op);
      }
    } else if (ignoredIds.has(step.id)) {
      for (const target of new Set([...targets, ...buttons.map((b) => b.next_step as number)])) {
        const name = ctx.index.byId.get(target)?.name ?? `#${target}`;
        ctx.problems.push({
          code: 'ignored-reference',
          message: `Step "${name}" would be deleted, but the ignored step "${step.name}" still points at it. Add "${name}" to the scenario or to the ignore patterns.`,
        });
      }
    } else {
      for (const target of targets) addEdge(step, target);
      for (const b of buttons) addEdge(step, b.next_step as number, b);
    }
  }
  if (ctx.index.state.shop.start_step !== null && deletedIds.has(ctx.index.state.shop.start_step)) {
    deps.get(ctx.index.state.shop.start_step)?.add(shopUpdateId(ctx.shopId));
  }

  // Among deleted steps, a step must go before the steps it points at; where they point at each
  // other, the reference on the back edge is cleared first.
  const cut = backEdges(
    deleted.map((s) => s.id),
    (id) => [...(forward.get(id) ?? [])].sort((a, b) => a - b),
  );
  for (const step of deleted) {
    const protectedStep = (step.params as { protect?: unknown } | undefined)?.protect === true;
    if (protectedStep) {
      ctx.problems.push({
        code: 'protected-step',
        message: `Step "${step.name}" is protected (protect: true) and is not in the scenario any more. Put it back, or set protect: false on it and apply that first.`,
      });
    }
    for (const [from, edge] of edges.get(step.id) ?? []) {
      const isBackEdge = cut.get(from)?.has(step.id) === true;
      if (!isBackEdge) {
        deps.get(step.id)?.add(stepDeleteId(from));
        continue;
      }
      if (edge.viaStep) deps.get(step.id)?.add(addUnlinkStep(ctx, edge.from, deletedIds));
      for (const button of edge.buttons)
        deps.get(step.id)?.add(addUnlinkButton(ctx, edge.from, button));
    }
    ctx.touched.add(`step:${step.id}`);
    ctx.ops.push({
      id: stepDeleteId(step.id),
      action: 'delete',
      address: { kind: 'step', key: step.name },
      before: liveStepView(step, ctx.index),
      after: null,
      call: planned(deleteCall(ctx.shopId, 'step', step.id)),
      dependsOn: [...(deps.get(step.id) ?? [])].sort(),
      ...(ctx.match.duplicateNames.includes(step.name)
        ? {
            reason: `a second live step named "${step.name}" (id ${step.id}); the scenario's step is the oldest one`,
          }
        : {}),
    });
  }
}

function addUnlinkStep(ctx: OpsContext, step: StepRecord, deletedIds: ReadonlySet<number>): string {
  const id = stepUnlinkId(step.id);
  if (ctx.ops.some((op) => op.id === id)) return id;
  const { call, changed } = stepUnlinkCall(ctx.shopId, step, deletedIds);
  ctx.touched.add(`step:${step.id}`);
  ctx.ops.push({
    id,
    action: 'update',
    phase: 'unlink',
    address: { kind: 'step', key: step.name },
    before: liveStepView(step, ctx.index),
    after: null,
    changed,
    call: planned(call),
    dependsOn: [],
    reason:
      'clears references between steps that are deleted together, so that each deletion is valid when made',
  });
  return id;
}

function addUnlinkButton(ctx: OpsContext, step: StepRecord, button: MenuItemRecord): string {
  const id = buttonDeleteId(button.id);
  if (ctx.ops.some((op) => op.id === id)) return id;
  ctx.touched.add(`menu_item:${button.id}`);
  ctx.ops.push({
    id,
    action: 'delete',
    phase: 'unlink',
    address: { kind: 'menu_item', key: step.name, index: button.position, label: button.text },
    before: liveButtonView(button, ctx.index),
    after: null,
    call: planned(deleteCall(ctx.shopId, 'menu_item', button.id)),
    dependsOn: [],
    reason:
      'removes a button between steps that are deleted together, so that each deletion is valid when made',
  });
  return id;
}
