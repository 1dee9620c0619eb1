// What plan and apply share: read the live shop, compute the plan, and say why it is unsafe (a
// protected step would be deleted, ...) as diagnostics at the steps' places in the files.
import type { CompileResult } from '../compile/index.js';
import type { BotformConfig } from '../config/load-config.js';
import type { Diagnostic } from '../diagnostics/types.js';
import { withDigest } from '../plan/digest.js';
import { computePlan } from '../plan/index.js';
import type { Plan } from '../plan/types.js';
import type { HighTouchClient } from '../remote/client.js';
import { readLiveState } from '../remote/read-live.js';
import { denialDiagnostic, planDenials, type Rule } from '../rules/index.js';
import { planFindingDiagnostics } from './plan-diagnostics.js';
import { targetName, type Target } from './target.js';

/** What planning reads of a compiled scenario: the IR, its files and their digest, the config. */
export interface PlanSource extends CompileResult {
  config: Pick<BotformConfig, 'file' | 'dir' | 'ignore'>;
  digest: string;
  /** The team's rules: their plan policies may refuse the plan (docs/rules.md). */
  teamRules?: { rules: readonly Rule[] };
}

export type ShopPlan = { ok: true; plan: Plan } | { ok: false; problems: Diagnostic[] };

export async function planAgainstShop(
  compiled: PlanSource,
  target: Target,
  client: HighTouchClient,
  made: { environment: string | undefined; botformVersion: string },
): Promise<ShopPlan> {
  const { environment } = made;
  const live = await readLiveState(client, target.shopId);
  const { plan, problems } = computePlan({
    scenario: compiled.scenario,
    live,
    target: { api: targetName(target), shop_id: target.shopId },
    scenarioFiles: compiled.files,
    scenarioDigest: compiled.digest,
    ignore: compiled.config.ignore,
    botformVersion: made.botformVersion,
    now: new Date(),
  });
  if (problems.length > 0)
    return { ok: false, problems: planFindingDiagnostics(problems, compiled) };
  const denials = planDenials(compiled.teamRules?.rules ?? [], plan, environment);
  if (denials.length > 0)
    return { ok: false, problems: denials.map((d) => denialDiagnostic(d, environment)) };
  return { ok: true, plan: environment === undefined ? plan : withEnvironment(plan, environment) };
}

/** The plan with its environment recorded, placed after `target` so the file reads naturally. */
function withEnvironment(plan: Plan, environment: string): Plan {
  const { format_version, botform_version, created_at, target, ...rest } = plan;
  // The environment is part of what the digest covers: apply refuses a plan moved to another.
  return withDigest({ format_version, botform_version, created_at, target, environment, ...rest });
}
