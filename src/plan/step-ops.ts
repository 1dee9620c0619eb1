// Operations on steps that the scenario keeps: create (with a follow-up `link` PATCH where a
// cycle of new steps keeps a reference out of the POST), and update (including renames).
import { planned, stepCreateCall, stepLinkCall, stepUpdateCall } from './calls.js';
import {
  createDeps,
  resolveStep,
  stepCreateId,
  stepLinkId,
  stepUpdateId,
  type OpsContext,
} from './context.js';
import { backEdges } from './cycles.js';
import { liveStepView, unmanagedParams } from './live.js';
import { viewTargets } from './refs.js';
import type { StepView } from './types.js';

export function addStepCreates(ctx: OpsContext): void {
  const createdKeys = [...ctx.desired.steps.keys()].filter((k) => ctx.created.has(k));
  // References between new steps that close a cycle cannot be in the POST: the target has no
  // id yet. Those are set afterwards by one PATCH per step.
  const deferred = backEdges(createdKeys, (key) =>
    viewTargets((ctx.desired.steps.get(key) as { view: StepView }).view).filter((t) =>
      ctx.created.has(t),
    ),
  );
  const resolve = (t: string) => resolveStep(ctx, t);
  for (const key of createdKeys) {
    const step = ctx.desired.steps.get(key);
    if (!step) continue;
    const later = deferred.get(key) ?? new Set<string>();
    ctx.ops.push({
      id: stepCreateId(key),
      action: 'create',
      address: { kind: 'step', key },
      before: null,
      after: step.view,
      call: planned(stepCreateCall(ctx.shopId, key, step.view, later, resolve)),
      dependsOn: createDeps(ctx, viewTargets(step.view), new Set([...later, key])),
    });
    const link = stepLinkCall(ctx.shopId, key, step.view, later, resolve);
    if (!link) continue;
    ctx.ops.push({
      id: stepLinkId(key),
      action: 'update',
      phase: 'link',
      address: { kind: 'step', key },
      before: null,
      after: step.view,
      changed: link.changed,
      call: planned(link.call),
      dependsOn: [stepCreateId(key), ...createDeps(ctx, later, new Set([key]))],
      reason: `sets the reference${later.size === 1 ? '' : 's'} to ${[...later].map((t) => `"${t}"`).join(', ')} that a cycle of new steps kept out of the create`,
    });
  }
}

export function addStepUpdates(ctx: OpsContext): void {
  for (const [key, step] of ctx.desired.steps) {
    const live = ctx.match.matched.get(key);
    if (!live) continue;
    const before = liveStepView(live, ctx.index);
    const after = step.view;
    const renamedFrom = ctx.match.renamed.get(key);
    const { call, changed } = stepUpdateCall(
      ctx.shopId,
      live.id,
      { key, before, after, renamedFrom },
      unmanagedParams(live),
      (t) => resolveStep(ctx, t),
    );
    if (changed.length === 0) continue;
    const body = call.body ?? {};
    const targets = [
      ...(body.next_step !== undefined ? [after.next] : []),
      ...(body.params !== undefined ? viewTargets({ ...after, next: null }) : []),
    ];
    ctx.touched.add(`step:${live.id}`);
    ctx.ops.push({
      id: stepUpdateId(key),
      action: 'update',
      address: { kind: 'step', key },
      before,
      after,
      changed,
      ...(renamedFrom !== undefined ? { renamedFrom } : {}),
      call: planned(call),
      dependsOn: createDeps(ctx, targets),
    });
  }
  // A new step that takes a name a rename frees waits for the rename, so the shop never holds
  // two steps of one name — unless the renamed step points at the new one (then the reference
  // wins, and the names are briefly shared).
  for (const [key, old] of ctx.match.renamed) {
    if (!ctx.created.has(old)) continue;
    const rename = ctx.ops.find((op) => op.id === stepUpdateId(key));
    const create = ctx.ops.find((op) => op.id === stepCreateId(old));
    if (rename && create && !rename.dependsOn.includes(create.id)) create.dependsOn.push(rename.id);
  }
}
