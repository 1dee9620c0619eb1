// `botform test --live`: where the bot is (deploy/target.ts decides, as for plan and apply: the
// embedded emulator by default; --api/--shop with the shell's HIGHTOUCH_* credentials; an
// environment's API with its own credentials), the webhook receiver, and the live runner.
// A target that refuses the credentials, cannot be reached or lacks the shop, and a receiver that
// cannot listen, are misuse (exit 2): no test result would mean anything. Missing credentials are
// 1, as for every command.
import { randomBytes } from 'node:crypto';
import { LiveConfigError, LiveTurnError } from '../conversations/live/errors.js';
import { createPlatform } from '../conversations/live/platform.js';
import { startReceiver } from '../conversations/live/receiver.js';
import type { Receiver } from '../conversations/live/receiver.js';
import { runTestsLive } from '../conversations/live/run-live.js';
import type { PreparedSuite } from '../conversations/index.js';
import type { TestResult } from '../conversations/types.js';
import { UsageError, type CliIo } from './io.js';
import { planAgainstShop, type PlanSource } from '../deploy/plan-against-shop.js';
import { createClient } from '../remote/client.js';
import { isApiError } from '../remote/errors.js';
import { plural } from '../plural.js';
import { packageMeta } from '../package-meta.js';
import { projectRoot } from '../config/project-root.js';
import {
  describeTarget,
  releaseTarget,
  resolveTarget,
  type EnvironmentTarget,
  type Target,
} from '../deploy/target.js';

/** The shop differs from the files: the run is refused (exit 2) unless --allow-drift. */
class DriftError extends Error {}

export interface LiveFlags {
  api?: string | undefined;
  shop?: string | undefined;
  concurrency?: string | undefined;
  'turn-timeout'?: string | undefined;
  'webhook-port'?: string | undefined;
  /** -c/--config, for the project root (where the embedded emulator's data is). */
  config?: string | undefined;
  /** Run even when the shop differs from the files (what plan would change). */
  'allow-drift'?: boolean | undefined;
  /** Start no test after one failed. */
  bail?: boolean | undefined;
  /** The environment's API, shop and credential sources (botform test --live --env NAME). */
  environment?: EnvironmentTarget;
}

/** What the drift guard compares the shop with: the compiled scenario, as plan reads it. */
export interface DriftSource {
  compiled: PlanSource;
  /** The environment under test, for the apply command the refusal names. */
  environment: string | undefined;
}

export async function runLiveTests(
  suite: PreparedSuite,
  flags: LiveFlags,
  io: CliIo,
  drift?: DriftSource,
): Promise<{ results: TestResult[]; target: string }> {
  const concurrency = whole(flags.concurrency, '--concurrency', 8, 1, 1000);
  const turnTimeoutMs = whole(flags['turn-timeout'], '--turn-timeout', 5000, 1, 600_000);
  const port = whole(flags['webhook-port'], '--webhook-port', 0, 0, 65535);
  const target = await resolveTarget(
    { api: flags.api, shop: flags.shop },
    io.env,
    projectRoot(io.cwd, flags.config),
    {
      environment: flags.environment,
    },
  );
  let receiver: Receiver | undefined;
  try {
    receiver = await startReceiver({ host: '127.0.0.1', port });
    const platform = createPlatform({
      api: target.api,
      shopId: target.shopId,
      credentials: target.credentials,
      timeoutMs: Math.max(turnTimeoutMs, 10_000),
    });
    try {
      await platform.connect(receiver.url);
    } catch (error) {
      // An answer the bots API should not give, before any test ran: the target is not one.
      if (error instanceof LiveTurnError) throw new LiveConfigError(error.message);
      throw error;
    }
    if (drift && !flags['allow-drift']) await refuseDrift(drift, target, flags);
    const tests = suite.files.flatMap((file) =>
      file.tests.map((test) => ({ test, locator: file.locator })),
    );
    const results = await runTestsLive(tests, suite.scenario.scenario, {
      platform,
      receiver,
      concurrency,
      turnTimeoutMs,
      runId: `${Date.now().toString(36)}-${randomBytes(3).toString('hex')}`,
      targetName: target.embedded ? 'the embedded emulator' : target.api,
      ...(flags.bail ? { bail: true } : {}),
    });
    return { results, target: describeTarget(target) };
  } catch (error) {
    if (error instanceof DriftError)
      throw new UsageError(`${error.message} (target: ${describeTarget(target)})`);
    if (error instanceof LiveConfigError)
      throw new UsageError(`${error.message} (target: ${describeTarget(target)})`);
    throw error;
  } finally {
    await receiver?.close();
    await releaseTarget(target);
  }
}

/**
 * The shop must be what the files say: a test of a scenario not applied tests something else.
 * The plan's read (one read of the shop, no writes); changes, or a plan apply would refuse, stop
 * the run before any conversation starts.
 */
async function refuseDrift(drift: DriftSource, target: Target, flags: LiveFlags): Promise<void> {
  const client = createClient({ baseUrl: target.api, credentials: target.credentials });
  let planned: Awaited<ReturnType<typeof planAgainstShop>>;
  try {
    planned = await planAgainstShop(drift.compiled, target, client, {
      environment: drift.environment,
      botformVersion: packageMeta().version,
    });
  } catch (error) {
    if (isApiError(error))
      throw new LiveConfigError(
        `cannot read the shop to compare it with the files: ${error.message}`,
      );
    throw error;
  }
  const apply = ['botform apply'];
  if (drift.environment !== undefined) apply.push(`--env ${drift.environment}`);
  else {
    if (flags.api !== undefined) apply.push(`--api ${flags.api}`);
    if (flags.shop !== undefined) apply.push(`--shop ${flags.shop}`);
  }
  const hint = '(or --allow-drift to test the shop as it is)';
  if (!planned.ok)
    throw new DriftError(
      `the shop is not what the files say, and apply would refuse the plan (${plural(planned.problems.length, 'problem')}) — run botform plan ${hint}`,
    );
  const { create, update, delete: deleted } = planned.plan.summary;
  const changes = create + update + deleted;
  if (changes > 0)
    throw new DriftError(
      `${plural(changes, 'change')} not applied — run ${apply.join(' ')} ${hint}`,
    );
}

function whole(
  text: string | undefined,
  flag: string,
  fallback: number,
  min: number,
  max: number,
): number {
  if (text === undefined) return fallback;
  const value = Number(text);
  if (!/^\d+$/.test(text) || value < min || value > max)
    throw new UsageError(`${flag} takes a whole number from ${min} to ${max} (got "${text}").`);
  return value;
}
