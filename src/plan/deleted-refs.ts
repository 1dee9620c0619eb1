// References among the steps a plan deletes (through a step's own fields or its buttons), as
// `live.deleted_refs` (step id → ids of other deleted steps it points at). Deleting a step that
// another one still points at is a 409, so each such reference must be gone — the pointing step
// deleted or the reference unlinked — before the deletion; apply checks the plan's dependencies
// against this list (the buttons of a deleted step appear nowhere else in the plan).
import type { StepRecord } from '../remote/contract.js';
import type { LiveIndex } from './live.js';
import { liveStepRefs } from './refs.js';

export function deletedRefs(
  deleted: readonly StepRecord[],
  index: LiveIndex,
): Record<string, number[]> {
  const ids = new Set(deleted.map((s) => s.id));
  const out: Record<string, number[]> = {};
  for (const step of [...deleted].sort((a, b) => a.id - b.id)) {
    const targets = new Set([
      ...liveStepRefs(step),
      ...(index.buttonsByStep.get(step.id) ?? []).flatMap((b) =>
        b.next_step === null ? [] : [b.next_step],
      ),
    ]);
    const among = [...targets].filter((id) => ids.has(id) && id !== step.id).sort((a, b) => a - b);
    if (among.length > 0) out[String(step.id)] = among;
  }
  return out;
}
