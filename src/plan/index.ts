// plan/: the diff of the scenario against a live shop, as a Plan (data, no I/O). The caller
// reads the live state (remote/) and passes it in; the same inputs always give the same plan.
import { createHash } from 'node:crypto';
import type { Scenario } from '../model/scenario.js';
import { stableStringify } from './canonical.js';
import type { OpsContext, PlanProblem } from './context.js';
import { addDeletes } from './delete-ops.js';
import { desiredState } from './desired.js';
import { addButtonOps } from './button-ops.js';
import { groupByName, indexLive, type LiveIndex, type LiveState } from './live.js';
import { ignoreMatcher, matchSteps } from './match.js';
import { orderOperations } from './order.js';
import { addShopOp } from './shop-ops.js';
import { addStepCreates, addStepUpdates } from './step-ops.js';
import { withDigest } from './digest.js';
import { liveStepNames } from './step-names.js';
import { deletedRefs } from './deleted-refs.js';
import { PLAN_FORMAT_VERSION, type Plan, type PlanOperation, type PlanWarning } from './types.js';
import { plural } from '../plural.js';

export type { LiveState } from './live.js';

export interface PlanInput {
  scenario: Scenario;
  live: LiveState;
  target: { api: string; shop_id: number };
  scenarioFiles: string[];
  /** Digest of the scenario files' contents, recorded in the plan. */
  scenarioDigest: string;
  ignore: readonly string[];
  botformVersion: string;
  now: Date;
}

export interface PlanResult {
  plan: Plan;
  /** Problems that make the plan unsafe to apply (a protected step would be deleted, ...). */
  problems: PlanProblem[];
}

export function computePlan(input: PlanInput): PlanResult {
  const desired = desiredState(input.scenario);
  const byName = groupByName(input.live.steps);
  const match = matchSteps(desired, byName, ignoreMatcher(input.ignore));
  const keyForId = new Map([...match.matched].map(([key, step]) => [step.id, key]));
  const index = indexLive(
    input.live,
    (id) => keyForId.get(id),
    (name) => desired.steps.has(name),
    byName,
  );
  const ctx: OpsContext = {
    desired,
    index,
    match,
    shopId: input.target.shop_id,
    created: new Set([...desired.steps.keys()].filter((k) => !match.matched.has(k))),
    ops: [],
    touched: new Set(),
    problems: [],
    buttonOps: new Map(),
  };
  addStepCreates(ctx);
  addStepUpdates(ctx);
  addButtonOps(ctx);
  addShopOp(ctx);
  addDeletes(ctx);
  const operations = orderOperations(ctx.ops);

  const warnings: PlanWarning[] = match.duplicateNames.map((name) => {
    const ids = (index.byName.get(name) ?? []).map((s) => s.id);
    return {
      code: 'duplicate-live-name',
      ...(desired.steps.has(name) ? { step: name } : {}),
      message: `${ids.length} live steps are named "${name}" (ids ${ids.join(', ')}). botform manages the oldest (${ids[0]}); the others are treated as not in the scenario.`,
    };
  });
  if (match.ignored.length > 0) {
    warnings.push({
      code: 'ignored-steps',
      message: `${plural(match.ignored.length, 'live step')} left alone by the config's ignore patterns.`,
    });
  }

  const fingerprints: Record<string, string> = {};
  const menuItemsById = new Map(input.live.menuItems.map((m) => [m.id, m]));
  for (const key of [...ctx.touched].sort()) {
    const [kind, rawId] = key.split(':');
    const id = Number(rawId);
    const record =
      kind === 'step'
        ? index.byId.get(id)
        : kind === 'menu_item'
          ? menuItemsById.get(id)
          : kind === 'shop'
            ? input.live.shop
            : undefined;
    if (record) fingerprints[key] = fingerprint(record);
  }
  // Links and unlinks of steps are extra calls on objects counted once; a button an unlink
  // removes is a deletion like any other (and needs approval like one).
  const count = (action: string) =>
    operations.filter(
      (op) => op.action === action && (op.phase === undefined || action === 'delete'),
    ).length;
  const plan: Plan = {
    format_version: PLAN_FORMAT_VERSION,
    botform_version: input.botformVersion,
    created_at: input.now.toISOString(),
    target: input.target,
    scenario: { files: input.scenarioFiles, digest: input.scenarioDigest },
    summary: {
      create: count('create'),
      update: count('update'),
      delete: count('delete'),
      calls: operations.length,
      cycle_breaks: operations.filter((op) => op.phase !== undefined).length,
    },
    operations,
    live: {
      fingerprints,
      absent: [...ctx.created].sort(),
      ...existingButtons(operations, index),
      steps: liveStepNames(operations, index),
      deleted_refs: deletedRefs(match.unmatched, index),
    },
    warnings,
  };
  return { plan: withDigest(plan), problems: ctx.problems };
}

function existingButtons(
  operations: readonly PlanOperation[],
  index: LiveIndex,
): { menu_items?: Record<string, number[]> } {
  const out: Record<string, number[]> = {};
  for (const op of operations) {
    const step = op.call.body?.step;
    if (op.action === 'create' && op.address.kind === 'menu_item' && typeof step === 'number') {
      out[String(step)] = (index.buttonsByStep.get(step) ?? [])
        .map((b) => b.id)
        .sort((a, b) => a - b);
    }
  }
  return Object.keys(out).length > 0 ? { menu_items: out } : {};
}

/** A short digest of a live record as read; apply compares it to detect a stale plan. */
export function fingerprint(record: unknown): string {
  return createHash('sha256').update(stableStringify(record)).digest('hex').slice(0, 16);
}
