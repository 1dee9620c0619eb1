// Operations on steps that the scenario keeps: create (with a follow-up `link` PATCH where a
// cycle of new steps keeps a reference out of the POST), and update (including renames).
import { API_PATHS } from '../remote/contract.js';
import type { Json } from './canonical.js';
import { deepEqual } from './canonical.js';
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
import { toPlatformParams, withoutParamRefs } from './params-mapping.js';
import { viewTargets } from './refs.js';
import type { CallBody, StepView } from './types.js';

export function addStepCreates(ctx: OpsContext): void {
  const createdKeys = [...ctx.desired.steps.keys()].filter((k) => ctx.created.has(k));
  // References between new steps that close a cycle cannot be in the POST: the target has no
  // id yet. Those are set afterwards by one PATCH per step.
  const deferred = backEdges(createdKeys, (key) =>
    viewTargets((ctx.desired.steps.get(key) as { view: StepView }).view).filter((t) =>
      ctx.created.has(t),
    ),
  );
  for (const key of createdKeys) {
    const step = ctx.desired.steps.get(key);
    if (!step) continue;
    const later = deferred.get(key) ?? new Set<string>();
    const params = withoutParamRefs(step.view.params as Record<string, Json>, (t) => later.has(t));
    const body: CallBody = {
      name: key,
      type: step.view.type,
      text: step.view.text,
      next_step:
        step.view.next !== null && !later.has(step.view.next)
          ? resolveStep(ctx, step.view.next)
          : null,
      params: toPlatformParams(params, (t) => resolveStep(ctx, t)) as CallBody,
    };
    ctx.ops.push({
      id: stepCreateId(key),
      action: 'create',
      address: { kind: 'step', key },
      before: null,
      after: step.view,
      call: { method: 'POST', path: API_PATHS.steps, query: { shop_id: ctx.shopId }, body },
      dependsOn: createDeps(ctx, viewTargets(step.view), new Set([...later, key])),
    });
    if (later.size === 0) continue;
    const link: CallBody = {};
    if (step.view.next !== null && later.has(step.view.next))
      link.next_step = resolveStep(ctx, step.view.next);
    if (!deepEqual(params, step.view.params)) {
      link.params = toPlatformParams(step.view.params as Record<string, Json>, (t) =>
        resolveStep(ctx, t),
      ) as CallBody;
    }
    ctx.ops.push({
      id: stepLinkId(key),
      action: 'update',
      phase: 'link',
      address: { kind: 'step', key },
      before: null,
      after: step.view,
      // In the scenario's words: `next`, `else`, `branches`, ... (not `next_step`, `params`).
      changed: [
        ...(link.next_step !== undefined ? ['next'] : []),
        ...(link.params !== undefined
          ? Object.keys(step.view.params).filter((k) => !deepEqual(params[k], step.view.params[k]))
          : []),
      ],
      call: {
        method: 'PATCH',
        path: `${API_PATHS.steps}{step:${key}}/`,
        query: { shop_id: ctx.shopId },
        body: link,
      },
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
    const changed: string[] = [];
    const body: CallBody = {};
    if (renamedFrom !== undefined) {
      changed.push('name');
      body.name = key;
    }
    if (before.type !== after.type) {
      changed.push('type');
      body.type = after.type;
    }
    if (before.text !== after.text) {
      changed.push('text');
      body.text = after.text;
    }
    if (before.next !== after.next) {
      changed.push('next');
      body.next_step = after.next === null ? null : resolveStep(ctx, after.next);
    }
    const paramKeys = new Set([...Object.keys(before.params), ...Object.keys(after.params)]);
    const paramChanges = [...paramKeys]
      .sort()
      .filter((k) => !deepEqual(before.params[k], after.params[k]));
    if (paramChanges.length > 0) {
      changed.push(...paramChanges);
      body.params = {
        ...(unmanagedParams(live) as CallBody),
        ...(toPlatformParams(after.params as Record<string, Json>, (t) =>
          resolveStep(ctx, t),
        ) as CallBody),
      };
    }
    if (changed.length === 0) continue;
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
      call: {
        method: 'PATCH',
        path: API_PATHS.step(live.id),
        query: { shop_id: ctx.shopId },
        body,
      },
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
