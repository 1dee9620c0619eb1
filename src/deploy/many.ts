// plan/apply over many environments in one process (`--env 'acme-*'`, `--all-envs`): bounded
// concurrency, environments without an API of their own sharing one embedded emulator, and each
// environment's result as data (its row, plan, diagnostics, error, apply outcome). A failure in
// one environment is that environment's row; the others still run. The caller renders.
import type { ResolvedEnvironment } from '../environments/resolve.js';
import type { Diagnostic } from '../diagnostics/types.js';
import type { Plan } from '../plan/types.js';
import type { ApplyOutcome } from '../apply/run.js';
import { createClient } from '../remote/client.js';
import { isApiError } from '../remote/errors.js';
import { mapBounded } from '../bounded-map.js';
import { planAgainstShop, type PlanSource } from './plan-against-shop.js';
import {
  environmentTarget,
  releaseTarget,
  resolveTarget,
  startEmbeddedEmulator,
  TargetError,
  CredentialsError,
  usesRealApi,
  type Target,
} from './target.js';

/** One environment's line of the summary table. */
export interface EnvironmentRow {
  environment: string;
  /** undefined when the environment failed before it had a plan. */
  changes: number | undefined;
  destructive: number | undefined;
  status: string;
  ok: boolean;
}

/** What one environment's run hands back. */
export interface EnvironmentRun extends EnvironmentRow {
  plan?: Plan;
  /** Its compile's diagnostics and its plan's problems. */
  diagnostics: Diagnostic[];
  /** What stopped it when it was not the scenario or its plan: an API error (with its hint), a refusal, a bug. */
  error?: { kind: 'api' | 'internal' | 'refused'; message: string; hint?: string };
  /** With apply: what the apply of its plan came to. */
  apply?: ApplyOutcome;
}

/** Compiles the scenario for one environment: the compiled scenario, or undefined with errors. */
export type CompileEnvironment = (
  env: ResolvedEnvironment,
) => Promise<{ compiled: PlanSource | undefined; diagnostics: Diagnostic[] }>;

export interface ManyOptions {
  /** --api, when given: every environment's API. */
  api: string | undefined;
  /** Environments at once. */
  concurrency: number;
  /** The shell's variables (HIGHTOUCH_*, credential variables). */
  shell: Record<string, string | undefined>;
  /** The project root: the embedded emulator's data (.botform/ under it), apply's locks and journal. */
  root: string;
  compile: CompileEnvironment;
  botformVersion: string;
  signal?: AbortSignal | undefined;
  /** The waits between retries; real time when absent. */
  sleep?: ((ms: number) => Promise<void>) | undefined;
}

export type PerEnvironment = (
  env: ResolvedEnvironment,
  target: () => Promise<Target>,
) => Promise<EnvironmentRun>;

/** Runs `each` over the environments, at most `concurrency` at once. */
export async function runEnvironments(
  envs: readonly ResolvedEnvironment[],
  options: ManyOptions,
  each: PerEnvironment,
): Promise<EnvironmentRun[]> {
  // Environments without an API of their own share one embedded emulator (one SQLite writer).
  const embeddedShops = envs
    .filter((e) => !usesRealApi(e, options, options.shell))
    .map((e) => e.shop?.value ?? 1);
  const shared =
    embeddedShops.length > 0 ? await startEmbeddedEmulator(options.root, embeddedShops) : undefined;
  try {
    // An environment not started when the run is interrupted has no row.
    const runs = await mapBounded(envs, options.concurrency, async (env) => {
      if (options.signal?.aborted) return undefined;
      const target = () =>
        resolveTarget({ api: options.api }, options.shell, options.root, {
          environment: environmentTarget(env),
          sharedEmbedded: shared && { emulator: shared, db: '.botform/emulator.sqlite' },
        });
      try {
        return await each(env, target);
      } catch (error) {
        // An API error or a bad target in one environment is that environment's failure only.
        if (error instanceof TargetError || error instanceof CredentialsError)
          return failed(env, error.message, []);
        if (isApiError(error))
          return failed(env, 'API error', [], {
            kind: 'api',
            message: error.message,
            ...(error.hint ? { hint: error.hint } : {}),
          });
        const message = `internal error: ${error instanceof Error ? error.message : String(error)}`;
        return failed(env, message, [], { kind: 'internal', message });
      }
    });
    return runs.filter((r): r is EnvironmentRun => r !== undefined);
  } finally {
    await shared?.close();
  }
}

/** Plans every environment (`botform plan --all-envs`). */
export function planEnvironments(
  envs: readonly ResolvedEnvironment[],
  options: ManyOptions,
): Promise<EnvironmentRun[]> {
  return runEnvironments(envs, options, async (env, target) => {
    const { compiled, diagnostics } = await options.compile(env);
    if (!compiled) return failed(env, 'invalid', diagnostics);
    const planned = await planFor(env, compiled, await target(), options);
    if (!planned.ok) return failed(env, 'unsafe plan', [...diagnostics, ...planned.problems]);
    return { ...rowOf(env, planned.plan), plan: planned.plan, diagnostics };
  });
}

/** The environment's plan against its shop; the target is released when done. */
async function planFor(
  env: ResolvedEnvironment,
  compiled: PlanSource,
  target: Target,
  options: Pick<ManyOptions, 'botformVersion' | 'sleep'>,
): Promise<Awaited<ReturnType<typeof planAgainstShop>>> {
  try {
    const client = createClient({
      baseUrl: target.api,
      credentials: target.credentials,
      ...(options.sleep ? { sleep: options.sleep } : {}),
    });
    return await planAgainstShop(compiled, target, client, {
      environment: env.name,
      botformVersion: options.botformVersion,
    });
  } finally {
    await releaseTarget(target);
  }
}

export function rowOf(env: ResolvedEnvironment, plan: Plan): EnvironmentRow {
  const changes = plan.operations.length;
  return {
    environment: env.name,
    changes,
    destructive: plan.summary.delete,
    status: changes > 0 ? 'changes' : 'no changes',
    ok: true,
  };
}

export function failed(
  env: ResolvedEnvironment,
  status: string,
  diagnostics: Diagnostic[],
  error?: EnvironmentRun['error'],
): EnvironmentRun {
  return {
    environment: env.name,
    changes: undefined,
    destructive: undefined,
    status: `error: ${status}`,
    ok: false,
    diagnostics,
    ...(error ? { error } : {}),
  };
}
