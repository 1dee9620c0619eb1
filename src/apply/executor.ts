// Runs a plan's calls: each as soon as the calls it depends on are done, up to `parallelism`
// at once; fewer while the API throttles (halved on a 429, grown back by one per success).
// A failure stops new calls from starting; the calls in flight finish, and the result says
// what was done, what failed and why, and what did not run.
import type { Plan, PlanOperation } from '../plan/types.js';
import type { HighTouchClient } from '../remote/client.js';
import { ApiError, isApiError } from '../remote/errors.js';
import type { Journal } from './journal.js';
import { directReader } from './live-reader.js';
import { establishOutcome, type Claimed, type Recovery } from './recover.js';
import { resolveCall } from './resolve-call.js';

export interface Governor {
  limit(): number;
  throttled(): void;
  succeeded(): void;
}

/** Additive increase, multiplicative decrease of the number of calls in flight. */
export function createGovernor(parallelism: number): Governor {
  let current = parallelism;
  return {
    limit: () => Math.max(1, Math.floor(current)),
    throttled: () => {
      current = Math.max(1, current / 2);
    },
    succeeded: () => {
      current = Math.min(parallelism, current + 1 / Math.max(1, Math.floor(current)));
    },
  };
}

export type ApplyEvent =
  | { type: 'done'; op: PlanOperation; id?: number; recovered?: 'found' | 'repeated' }
  | { type: 'failed'; op: PlanOperation; error: unknown };

export interface ExecuteOptions {
  client: HighTouchClient;
  shopId: number;
  governor: Governor;
  journal?: Journal;
  /** Step key → id, for steps that already exist (from the journal of an interrupted run). */
  knownIds?: ReadonlyMap<string, number>;
  /** Operations already done by an earlier, interrupted run of this plan. */
  alreadyDone?: ReadonlySet<string>;
  /** Buttons created by that earlier run (so a lookup never takes one of them for another). */
  knownMenuItems?: Iterable<number>;
  signal?: AbortSignal;
  onEvent?: (event: ApplyEvent) => void;
  /** How many times a call whose outcome was unknown may be looked up and made again. */
  maxRecoveries?: number;
  sleep?: (ms: number) => Promise<void>;
}

export interface ExecuteResult {
  done: PlanOperation[];
  failed: { op: PlanOperation; error: unknown }[];
  notRun: PlanOperation[];
  interrupted: boolean;
}

export async function executePlan(plan: Plan, options: ExecuteOptions): Promise<ExecuteResult> {
  const ids = new Map(options.knownIds ?? []);
  const claimed: Claimed = {
    steps: new Set(ids.values()),
    menuItems: new Set(options.knownMenuItems ?? []),
    existingButtons: plan.live.menu_items ?? {},
  };
  const done: PlanOperation[] = [];
  const failed: { op: PlanOperation; error: unknown }[] = [];
  const finished = new Set(options.alreadyDone ?? []);
  const pending = plan.operations.filter((op) => !finished.has(op.id));
  const waiting = new Map(
    pending.map((op) => [op.id, op.dependsOn.filter((d) => !finished.has(d)).length]),
  );
  const dependents = new Map<string, PlanOperation[]>();
  for (const op of pending) {
    for (const dep of op.dependsOn) {
      const list = dependents.get(dep);
      if (list) list.push(op);
      else dependents.set(dep, [op]);
    }
  }
  // A queue with a read index: shift() on a long array is linear each time.
  const ready = pending.filter((op) => waiting.get(op.id) === 0);
  let head = 0;
  let inFlight = 0;
  let stopped = false;

  await new Promise<void>((resolve) => {
    const pump = () => {
      if (options.signal?.aborted) stopped = true;
      while (!stopped && head < ready.length && inFlight < options.governor.limit()) {
        const op = ready[head++] as PlanOperation;
        inFlight++;
        runOperation(op, ids, claimed, options)
          .then((outcome) => {
            if (outcome.id !== undefined && op.action === 'create') {
              if (op.address.kind === 'step') {
                ids.set(op.address.key, outcome.id);
                claimed.steps.add(outcome.id);
              } else claimed.menuItems.add(outcome.id);
            }
            options.journal?.append({
              op: op.id,
              ...(outcome.id !== undefined ? { id: outcome.id } : {}),
              ...(outcome.recovered ? { recovered: outcome.recovered } : {}),
            });
            options.governor.succeeded();
            finished.add(op.id);
            done.push(op);
            options.onEvent?.({ type: 'done', op, ...outcome });
            for (const next of dependents.get(op.id) ?? []) {
              const left = (waiting.get(next.id) ?? 1) - 1;
              waiting.set(next.id, left);
              if (left === 0) ready.push(next);
            }
          })
          .catch((error: unknown) => {
            failed.push({ op, error });
            stopped = true;
            options.onEvent?.({ type: 'failed', op, error });
          })
          .finally(() => {
            inFlight--;
            pump();
          });
      }
      if (inFlight === 0) resolve();
    };
    pump();
  });

  const failedOps = new Set(failed.map((f) => f.op));
  const notRun = pending.filter((op) => !finished.has(op.id) && !failedOps.has(op));
  return { done, failed, notRun, interrupted: options.signal?.aborted === true };
}

async function runOperation(
  op: PlanOperation,
  ids: ReadonlyMap<string, number>,
  claimed: Claimed,
  options: ExecuteOptions,
): Promise<{ id?: number; recovered?: 'found' | 'repeated' }> {
  const call = resolveCall(op.call, ids);
  options.journal?.started(op.id);
  const maxRecoveries = options.maxRecoveries ?? 8;
  let recovered: 'found' | 'repeated' | undefined;
  for (let attempt = 0; ; attempt++) {
    try {
      const result = await options.client.request<{ id?: number } | undefined>(
        call.method,
        call.path,
        call.query,
        call.body,
      );
      return {
        ...(typeof result?.id === 'number' ? { id: result.id } : {}),
        ...(recovered ? { recovered } : {}),
      };
    } catch (error) {
      if (!isApiError(error)) throw error;
      // Deleting what is already gone reaches the goal all the same.
      if (op.action === 'delete' && error.kind === 'not-found') return {};
      if (error.outcome !== 'unknown' || attempt >= maxRecoveries) throw error;
      let outcome: Recovery;
      try {
        outcome = await establishOutcome(
          directReader(options.client, options.shopId),
          op,
          call,
          claimed,
        );
      } catch (lookupError) {
        // Report the write, which is what failed; the lookup only could not settle it.
        const why = lookupError instanceof Error ? lookupError.message : String(lookupError);
        throw new ApiError({
          ...error,
          message: `${error.message} Looking it up to see whether it happened failed too: ${why}`,
        });
      }
      if (outcome.state === 'done')
        return { ...(outcome.id !== undefined ? { id: outcome.id } : {}), recovered: 'found' };
      recovered = 'repeated';
      await (options.sleep ?? defaultSleep)(Math.min(5000, 100 * 2 ** attempt));
    }
  }
}

const defaultSleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));
