// `botform apply --env 'acme-*' | --all-envs --auto-approve`: first every selected environment
// is checked (compiles, protection confirmed) without touching any shop, so bad input applies
// nothing anywhere; then each is planned and applied, a bounded number at once, each under the
// same lock as a single apply of its shop.
import path from 'node:path';
import { createGovernor } from '../apply/executor.js';
import { acquireShopLock, shopLockKeys } from '../apply/lock.js';
import { runApply, type RunEvent } from '../apply/run.js';
import type { ResolvedEnvironment } from '../environments/resolve.js';
import { protectionProblem } from '../environments/select.js';
import { createClient } from '../remote/client.js';
import { failed, rowOf, runEnvironments, type EnvironmentRun, type ManyOptions } from './many.js';
import { planAgainstShop } from './plan-against-shop.js';
import {
  chooseTarget,
  CredentialsError,
  environmentTarget,
  releaseTarget,
  TargetError,
  targetName,
} from './target.js';

/** How long an environment's apply waits for another apply of the same shop (apply's default). */
const LOCK_WAIT_MS = 300_000;

export interface ApplyManyOptions extends ManyOptions {
  /** Protected environments named by --confirm-env. */
  confirmed: readonly string[];
  /** Calls in flight at once, per environment. */
  parallelism: number;
  /** Each environment's apply events (its first call about to be sent, each call done). */
  onEvent?: (environment: string, event: RunEvent) => void;
}

export type ApplyManyResult =
  /** Nothing was applied anywhere: these environments have problems. */
  { kind: 'checked'; problems: EnvironmentRun[] } | { kind: 'ran'; runs: EnvironmentRun[] };

/** What keeps an environment's target from being made (a bad URL or shop, no credentials). */
function targetProblem(env: ResolvedEnvironment, options: ApplyManyOptions): string | undefined {
  try {
    chooseTarget({ api: options.api }, options.shell, environmentTarget(env));
    return undefined;
  } catch (error) {
    if (error instanceof TargetError || error instanceof CredentialsError) return error.message;
    throw error;
  }
}

export async function applyEnvironments(
  envs: readonly ResolvedEnvironment[],
  options: ApplyManyOptions,
): Promise<ApplyManyResult> {
  // Pass 1: no network. Any problem stops the whole run before the first call.
  const problems: EnvironmentRun[] = [];
  for (const env of envs) {
    const protection = protectionProblem(env, options.confirmed);
    const { compiled, diagnostics } = await options.compile(env);
    const target = targetProblem(env, options);
    if (protection)
      problems.push(
        failed(env, 'protected, not confirmed', diagnostics, {
          kind: 'refused',
          message: protection,
        }),
      );
    else if (!compiled) problems.push(failed(env, 'invalid', diagnostics));
    else if (target)
      problems.push(failed(env, 'no target', diagnostics, { kind: 'refused', message: target }));
  }
  if (problems.length > 0) return { kind: 'checked', problems };

  // Pass 2: plan and apply each environment.
  const runs = await runEnvironments(envs, options, async (env, resolve) => {
    const { compiled, diagnostics } = await options.compile(env);
    if (!compiled) return failed(env, 'invalid', diagnostics);
    const target = await resolve();
    try {
      const governor = createGovernor(options.parallelism);
      const client = createClient({
        baseUrl: target.api,
        credentials: target.credentials,
        onEvent: (e) => e.type === 'throttled' && governor.throttled(),
        ...(options.sleep ? { sleep: options.sleep } : {}),
      });
      const planned = await planAgainstShop(compiled, target, client, {
        environment: env.name,
        botformVersion: options.botformVersion,
      });
      if (!planned.ok) return failed(env, 'unsafe plan', [...diagnostics, ...planned.problems]);
      const { plan } = planned;
      const row = { ...rowOf(env, plan), plan, diagnostics };
      if (plan.operations.length === 0) return row;
      // Serialised with single applies to the same shop from this checkout (the same lock).
      const root = options.root;
      const lock = await acquireShopLock(
        path.join(root, '.botform', 'locks'),
        await shopLockKeys(targetName(target), target.shopId),
        LOCK_WAIT_MS,
      );
      try {
        const outcome = await runApply(
          {
            plan,
            target: { name: targetName(target), shopId: target.shopId },
            saved: false,
            client,
            governor,
            root,
            autoApprove: true,
          },
          {
            ...(options.signal ? { signal: options.signal } : {}),
            ...(options.sleep ? { sleep: options.sleep } : {}),
            onEvent: (event) => options.onEvent?.(env.name, event),
          },
        );
        return outcome.kind === 'complete'
          ? { ...row, status: 'applied', apply: outcome }
          : { ...row, status: 'error: apply failed', ok: false, apply: outcome };
      } finally {
        lock.release();
      }
    } finally {
      await releaseTarget(target);
    }
  });
  return { kind: 'ran', runs };
}
