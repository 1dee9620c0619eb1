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
import { projectRoot } from '../config/project-root.js';
import {
  describeTarget,
  releaseTarget,
  resolveTarget,
  type EnvironmentTarget,
} from '../deploy/target.js';

export interface LiveFlags {
  api?: string | undefined;
  shop?: string | undefined;
  concurrency?: string | undefined;
  'turn-timeout'?: string | undefined;
  'webhook-port'?: string | undefined;
  /** -c/--config, for the project root (where the embedded emulator's data is). */
  config?: string | undefined;
  /** Start no test after one failed. */
  bail?: boolean | undefined;
  /** The environment's API, shop and credential sources (botform test --live --env NAME). */
  environment?: EnvironmentTarget;
}

export const LIVE_HELP = `
Live runs (--live): the same tests against a running bot through the message API, each test a
new user; the bot's replies come back to a webhook receiver on 127.0.0.1. Without --api, the
embedded emulator (.botform/emulator.sqlite, what \`botform apply\` put there).
See docs/testing-live.md.
      --live                                run against a bot instead of the local runtime
      --api <url>, --shop <id>              the platform (credentials from HIGHTOUCH_TOKEN, or
                                            HIGHTOUCH_USERNAME and HIGHTOUCH_PASSWORD — never an
                                            environment's, which go to its own API only)
      --concurrency <N>                     conversations at once (default 8)
      --turn-timeout <ms>                   how long the bot may take per turn (default 5000)
      --webhook-port <port>                 the receiver's port on 127.0.0.1 (default: any free one)
`;

export async function runLiveTests(
  suite: PreparedSuite,
  flags: LiveFlags,
  io: CliIo,
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
    if (error instanceof LiveConfigError)
      throw new UsageError(`${error.message} (target: ${describeTarget(target)})`);
    throw error;
  } finally {
    await receiver?.close();
    await releaseTarget(target);
  }
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
