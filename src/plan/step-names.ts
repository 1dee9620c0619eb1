// The live name of every step id a plan's calls carry (in a path, or as a reference in a body),
// recorded in the plan as `live.steps`, so that apply can check that each id is the step the
// operation's address and `after` name — not a step of the same shop that an edit slipped in.
import { collectParamStepRefs } from '../remote/contract.js';
import type { LiveIndex } from './live.js';
import type { PlanOperation } from './types.js';

export function stepIdsOfCall(op: PlanOperation): number[] {
  const ids: number[] = [];
  const inPath = /^\/api\/steps\/(\d+)\/$/.exec(op.call.path);
  if (inPath) ids.push(Number(inPath[1]));
  const body = op.call.body;
  if (body) {
    if (typeof body.next_step === 'number') ids.push(body.next_step);
    if (typeof body.step === 'number') ids.push(body.step);
    if (typeof body.start_step === 'number') ids.push(body.start_step);
    if (body.params !== undefined) ids.push(...collectParamStepRefs(body.params).map((r) => r.id));
  }
  return ids;
}

export function liveStepNames(
  operations: readonly PlanOperation[],
  index: LiveIndex,
): Record<string, string> {
  const ids = new Set<number>();
  for (const op of operations) for (const id of stepIdsOfCall(op)) ids.add(id);
  const out: Record<string, string> = {};
  for (const id of [...ids].sort((a, b) => a - b)) {
    const step = index.byId.get(id);
    if (step) out[String(id)] = step.name;
  }
  return out;
}
