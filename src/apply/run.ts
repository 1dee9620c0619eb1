// Apply's run: a plan (computed on the spot, or saved and verified by plan-file.ts) in, an outcome
// out, as data. It decides what an earlier run's journal lets it skip, whether a saved plan still
// fits the live shop, whether approval is needed and given, runs the calls and makes the final
// read. The caller answers the questions through ports (confirm, progress, signal) and renders
// the outcome; nothing here prints.
import path from 'node:path';
import type { Plan, PlanOperation } from '../plan/types.js';
import type { HighTouchClient } from '../remote/client.js';
import { isApiError } from '../remote/errors.js';
import { countDone } from './describe.js';
import { executePlan, type ApplyEvent, type Governor } from './executor.js';
import { openJournal } from './journal.js';
import { readerFor } from './live-reader.js';
import { resumeState, type ResumeState } from './resume.js';
import { checkLive } from './stale.js';

export interface ApplyRequest {
  plan: Plan;
  /** Where the calls go, as a plan records it (the API root, or "embedded"), and the shop. */
  target: { name: string; shopId: number };
  /**
   * A saved plan (`apply PLANFILE`, read and verified by plan-file.ts): it must have been made
   * for this target; its journal resumes, the live shop is checked against it first, and only
   * deletions need approval.
   */
  saved: boolean;
  client: HighTouchClient;
  governor: Governor;
  /** The project root; the journal is kept in its .botform/journal. */
  root: string;
  autoApprove: boolean;
}

/** What happens while the run goes on, for a progress display. */
export type RunEvent =
  | ApplyEvent
  /** An earlier, interrupted run of the saved plan did `done` of its `total` calls. */
  | { type: 'resumed'; done: number; total: number }
  /** The first call is about to be sent; `calls` will be made. */
  | { type: 'starting'; calls: number };

export interface ApplyPorts {
  /** Asks whether to go ahead; absent when nobody can be asked (not on a terminal, --ci). */
  confirm?: (question: { deletes: number }) => Promise<boolean>;
  onEvent?: (event: RunEvent) => void;
  /** Aborted to stop starting calls (those in flight finish and are journaled). */
  signal?: AbortSignal;
  /** The waits between a call's re-lookups; real time when absent. */
  sleep?: (ms: number) => Promise<void>;
}

interface DoneCounts {
  created: number;
  updated: number;
  deleted: number;
}

/** Everything a run that made calls reports besides its kind. */
interface CallsMade {
  counts: DoneCounts;
  /** Calls an earlier run of the same saved plan had done. */
  resumed: number;
}

export type ApplyOutcome =
  /** Nothing to do: the plan has no operations. */
  | { kind: 'empty' }
  | ({ kind: 'complete' } & CallsMade)
  /** Every call succeeded, but steps it created now exist twice: another apply ran at the same time. */
  | ({ kind: 'duplicated'; names: string[] } & CallsMade)
  /** Every call succeeded, but the final read (the check for copies) failed: `reason`. */
  | ({ kind: 'unverified'; reason: string } & CallsMade)
  /** The live shop changed since the saved plan was made; nothing was written. */
  | { kind: 'stale'; changed: string[]; appliedBefore: boolean }
  /** Not applied, and nothing written: see `why`. */
  | { kind: 'refused'; why: Refusal }
  /** The person asked said no; nothing was written. */
  | { kind: 'cancelled' }
  | ({
      kind: 'failed';
      failed: { op: PlanOperation; error: unknown }[];
      notRun: number;
      /** Stopped by the signal rather than by a failed call. */
      interrupted: boolean;
    } & CallsMade);

type Refusal =
  /** Approval was needed (for a saved plan: it deletes) and nobody could be asked. */
  | { reason: 'approval'; deletes: number }
  /** The saved plan was made for another API or shop (`api` as plans record it). */
  | { reason: 'target'; planned: { api: string; shopId: number }; sameApi: boolean }
  /** The saved plan does not describe the live objects it would write to. */
  | { reason: 'binding'; problems: string[] };

export async function runApply(
  request: ApplyRequest,
  ports: ApplyPorts = {},
): Promise<ApplyOutcome> {
  const { plan, client } = request;
  const saved = request.saved;
  // Credentials go only where the user points: a saved plan names its API, and it must be this one.
  if (
    saved &&
    (plan.target.api !== request.target.name || plan.target.shop_id !== request.target.shopId)
  )
    return {
      kind: 'refused',
      why: {
        reason: 'target',
        planned: { api: plan.target.api, shopId: plan.target.shop_id },
        sameApi: plan.target.api === request.target.name,
      },
    };
  if (plan.operations.length === 0) return { kind: 'empty' };
  const journal = openJournal(path.join(request.root, '.botform', 'journal'), plan, {
    resume: saved,
  });
  try {
    let resumed: ResumeState = { done: new Set(), ids: new Map(), menuItems: [] };
    if (saved) {
      // One read of the live shop before anything is written: our own writes from an
      // interrupted run are settled first (they are not someone else's changes), then the plan
      // is checked against what it would write to.
      const questions =
        journal.previous.length +
        Object.keys(plan.live.fingerprints).length +
        Object.keys(plan.live.steps ?? {}).length +
        plan.live.absent.length;
      const live = await readerFor(client, request.target.shopId, questions);
      resumed = await resumeState(plan, journal, live);
      const check = await checkLive(plan, live, resumed.done);
      if (check.unbound.length > 0)
        return { kind: 'refused', why: { reason: 'binding', problems: check.unbound } };
      if (check.changed.length > 0)
        return { kind: 'stale', changed: check.changed, appliedBefore: journal.completedBefore };
      if (resumed.done.size > 0)
        ports.onEvent?.({
          type: 'resumed',
          done: resumed.done.size,
          total: plan.operations.length,
        });
    }
    // Every DELETE counts, an unlink's too: nothing is deleted without approval.
    const deletes = plan.operations.filter((op) => op.action === 'delete').length;
    const needsApproval = !saved || deletes > 0;
    if (needsApproval && !request.autoApprove) {
      if (!ports.confirm) return { kind: 'refused', why: { reason: 'approval', deletes } };
      if (!(await ports.confirm({ deletes }))) return { kind: 'cancelled' };
    }
    ports.onEvent?.({ type: 'starting', calls: plan.operations.length - resumed.done.size });
    const result = await executePlan(plan, {
      client,
      shopId: request.target.shopId,
      governor: request.governor,
      journal,
      knownIds: resumed.ids,
      alreadyDone: resumed.done,
      knownMenuItems: resumed.menuItems,
      ...(ports.signal ? { signal: ports.signal } : {}),
      ...(ports.sleep ? { sleep: ports.sleep } : {}),
      ...(ports.onEvent ? { onEvent: ports.onEvent } : {}),
    });
    const made: CallsMade = { counts: countDone(result.done), resumed: resumed.done.size };
    if (result.failed.length > 0 || result.notRun.length > 0)
      return {
        kind: 'failed',
        ...made,
        failed: result.failed,
        notRun: result.notRun.length,
        interrupted: result.interrupted,
      };
    journal.complete();
    // Applies from two checkouts are not coordinated by the API: if one ran alongside this one,
    // the steps both created now exist twice. One paged read tells (retried like every GET).
    try {
      const names = await namesCreatedTwice(plan, client);
      return names.length > 0
        ? { kind: 'duplicated', ...made, names }
        : { kind: 'complete', ...made };
    } catch (error) {
      if (!isApiError(error)) throw error;
      return { kind: 'unverified', ...made, reason: error.message };
    }
  } finally {
    journal.close();
  }
}

async function namesCreatedTwice(plan: Plan, client: HighTouchClient): Promise<string[]> {
  if (plan.live.absent.length === 0) return [];
  const created = new Set(plan.live.absent);
  const counts = new Map<string, number>();
  for (const step of await client.listSteps(plan.target.shop_id))
    if (created.has(step.name)) counts.set(step.name, (counts.get(step.name) ?? 0) + 1);
  return [...counts]
    .filter(([, n]) => n > 1)
    .map(([name]) => name)
    .sort();
}
