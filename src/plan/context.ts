// Shared state while one plan's operations are built: what is matched, what is created, how a
// step key becomes an id (or a placeholder for a step created earlier in the same apply).
import type { DesiredState } from './desired.js';
import type { LiveIndex } from './live.js';
import type { StepMatch } from './match.js';
import type { CallValue, PlanOperation } from './types.js';

export interface PlanProblem {
  code: 'protected-step' | 'ignored-reference' | 'unresolved-reference';
  message: string;
  /** The scenario key the problem is about, when there is one (for a source position). */
  step?: string;
}

export interface OpsContext {
  desired: DesiredState;
  index: LiveIndex;
  match: StepMatch;
  shopId: number;
  /** Scenario keys with no live step: these are created. */
  created: Set<string>;
  ops: PlanOperation[];
  /** Live objects the operations touch ("step:12", "menu_item:40", "shop:1"). */
  touched: Set<string>;
  problems: PlanProblem[];
  /** Live buttons of matched steps, keyed by id, with the operation that changes them. */
  buttonOps: Map<number, string>;
}

export function resolveStep(ctx: OpsContext, key: string): CallValue {
  const matched = ctx.match.matched.get(key);
  if (matched) return matched.id;
  if (ctx.created.has(key)) return { $step: key };
  const ignoredLive = ctx.index.byName.get(key)?.[0];
  if (ignoredLive) return ignoredLive.id;
  ctx.problems.push({
    code: 'unresolved-reference',
    message: `A reference to step "${key}" cannot be resolved: it is neither in the scenario nor in the live shop.`,
  });
  return null;
}

/** Creates in this plan of the given targets: what an operation must wait for. */
export function createDeps(
  ctx: OpsContext,
  targets: Iterable<string | null>,
  except?: ReadonlySet<string>,
): string[] {
  const deps = new Set<string>();
  for (const t of targets)
    if (t !== null && ctx.created.has(t) && !except?.has(t)) deps.add(stepCreateId(t));
  return [...deps];
}

export const stepCreateId = (key: string) => `create:step:${key}`;
export const stepLinkId = (key: string) => `link:step:${key}`;
export const stepUpdateId = (key: string) => `update:step:${key}`;
export const stepDeleteId = (id: number) => `delete:step:${id}`;
export const stepUnlinkId = (id: number) => `unlink:step:${id}`;
export const buttonCreateId = (key: string, position: number) =>
  `create:menu_item:${key}:${position}`;
export const buttonUpdateId = (id: number) => `update:menu_item:${id}`;
export const buttonDeleteId = (id: number) => `delete:menu_item:${id}`;
export const shopUpdateId = (id: number) => `update:shop:${id}`;
