// The step plan and apply share: read the live shop, compute the plan, and stop with the plan's
// problems (a protected step would be deleted, ...) printed when it is unsafe.
import { computePlan } from '../plan/index.js';
import { withDigest } from '../plan/digest.js';
import type { Plan } from '../plan/types.js';
import type { HighTouchClient } from '../remote/client.js';
import { readLiveState } from '../remote/read-live.js';
import {
  stylishToStderr,
  type CompiledScenario,
  type DiagnosticReporter,
} from './compile-for-command.js';
import { planFindingDiagnostics } from './plan-diagnostics.js';
import type { CliIo } from './io.js';
import { targetName, type Target } from './target.js';
import { BOTFORM_VERSION } from './version.js';

/** The plan, or undefined when it has problems (already reported on stderr). */
export async function planAgainstShop(
  compiled: CompiledScenario,
  target: Target,
  client: HighTouchClient,
  io: CliIo,
  options: { environment?: string | undefined; report?: DiagnosticReporter } = {},
): Promise<Plan | undefined> {
  const report = options.report ?? stylishToStderr(io);
  const environment = options.environment;
  const live = await readLiveState(client, target.shopId);
  const { plan, problems } = computePlan({
    scenario: compiled.scenario,
    live,
    target: { api: targetName(target), shop_id: target.shopId },
    scenarioFiles: compiled.files,
    scenarioDigest: compiled.digest,
    ignore: compiled.config.ignore,
    botformVersion: BOTFORM_VERSION,
    now: new Date(),
  });
  if (problems.length === 0)
    return environment === undefined ? plan : withEnvironment(plan, environment);
  report(planFindingDiagnostics(problems, compiled));
  io.stderr.write(
    `The plan cannot be applied safely (${problems.length} problem${problems.length === 1 ? '' : 's'}).\n`,
  );
  return undefined;
}

/** The plan with its environment recorded, placed after `target` so the file reads naturally. */
function withEnvironment(plan: Plan, environment: string): Plan {
  const { format_version, botform_version, created_at, target, ...rest } = plan;
  // The environment is part of what the digest covers: apply refuses a plan moved to another.
  return withDigest({ format_version, botform_version, created_at, target, environment, ...rest });
}
