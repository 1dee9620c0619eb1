// The reliability suite's view of a shop: compile a generated scenario, plan it against the live
// shop over HTTP, apply it with the real executor and client, and compare the live shop with the
// scenario field by field, independently of the planner.
import { stringify } from 'yaml';
import {
  createGovernor,
  executePlan,
  type ApplyEvent,
  type ExecuteResult,
  type Governor,
} from '../../../src/apply/executor.js';
import { compileSources } from '../../../src/compile/index.js';
import { defaultConfig } from '../../../src/config/load-config.js';
import { DEFAULT_LIMITS } from '../../../src/load/limits.js';
import { parseYamlSource } from '../../../src/load/yaml-source.js';
import type { Scenario } from '../../../src/model/scenario.js';
import { computePlan, type LiveState, type PlanResult } from '../../../src/plan/index.js';
import {
  createClient,
  type ClientOptions,
  type HighTouchClient,
} from '../../../src/remote/client.js';
import type { MenuItemRecord, StepRecord } from '../../../src/remote/contract.js';
import { readLiveState } from '../../../src/remote/read-live.js';
import type { GenScenario, GenStep } from './scenario-gen.js';

export const DEMO = { username: 'demo', password: 'demo' } as const;
export const SHOP = 1;

export function scenarioYaml(scenario: GenScenario): string {
  return stringify(scenario, { lineWidth: 0 });
}

/** Compiles one YAML scenario file the way `botform plan` would; throws with the errors if invalid. */
export function compileYaml(text: string): Scenario {
  const source = parseYamlSource('scenario.yaml', text, DEFAULT_LIMITS);
  const result = compileSources([source], source.diagnostics, defaultConfig('/'));
  const errors = result.diagnostics.filter((d) => d.severity === 'error');
  if (errors.length > 0)
    throw new Error(
      `scenario is invalid:\n${errors.map((d) => `  ${d.code}: ${d.message}`).join('\n')}\n${text}`,
    );
  return result.scenario;
}

export function compileGenerated(scenario: GenScenario): Scenario {
  return compileYaml(scenarioYaml(scenario));
}

export function makeClient(url: string, extra: Partial<ClientOptions> = {}): HighTouchClient {
  return createClient({ baseUrl: url, credentials: { ...DEMO }, ...extra });
}

export function planAgainst(scenario: Scenario, live: LiveState, api: string): PlanResult {
  return computePlan({
    scenario,
    live,
    target: { api, shop_id: SHOP },
    scenarioFiles: ['scenario.yaml'],
    scenarioDigest: 'sha256:test',
    ignore: [],
    botformVersion: '0.0.0-test',
    now: new Date('2025-01-01T00:00:00.000Z'),
  });
}

/** Reads the live shop, plans, and applies; throws only if the plan has problems. */
export async function planAndApply(
  scenario: Scenario,
  url: string,
  options: {
    client?: HighTouchClient;
    governor?: Governor;
    parallelism?: number;
    sleep?: (ms: number) => Promise<void>;
    onEvent?: (event: ApplyEvent) => void;
  } = {},
): Promise<{ result: ExecuteResult; plan: PlanResult['plan'] }> {
  const governor = options.governor ?? createGovernor(options.parallelism ?? 4);
  const client =
    options.client ??
    makeClient(url, { onEvent: (e) => e.type === 'throttled' && governor.throttled() });
  const live = await readLiveState(client, SHOP);
  const { plan, problems } = planAgainst(scenario, live, url);
  if (problems.length > 0)
    throw new Error(`plan problems: ${problems.map((p) => p.message).join('; ')}`);
  const result = await executePlan(plan, {
    client,
    shopId: SHOP,
    governor,
    ...(options.sleep ? { sleep: options.sleep } : {}),
    ...(options.onEvent ? { onEvent: options.onEvent } : {}),
  });
  return { result, plan };
}

export async function readLive(url: string): Promise<LiveState> {
  return readLiveState(makeClient(url), SHOP);
}

export function liveIds(live: LiveState): Map<string, number> {
  return new Map(live.steps.map((s) => [s.name, s.id]));
}

/** Names used by more than one live step: must always be empty. */
export function duplicateNames(live: LiveState): string[] {
  const seen = new Map<string, number>();
  for (const s of live.steps) seen.set(s.name, (seen.get(s.name) ?? 0) + 1);
  return [...seen].filter(([, n]) => n > 1).map(([name]) => name);
}

/**
 * Every difference between the live shop and the scenario, as readable lines (empty: they match
 * exactly). Checks names (no extra, missing or duplicate steps), types, texts, next, the branch
 * targets, the start step, and each step's buttons: positions 0..n-1, in the scenario's order,
 * with the same label, target and URL.
 */
export function differences(live: LiveState, scenario: GenScenario): string[] {
  const out: string[] = [];
  const dup = duplicateNames(live);
  if (dup.length > 0) out.push(`duplicate live step names: ${dup.join(', ')}`);
  const byName = new Map(live.steps.map((s) => [s.name, s]));
  const nameOf = new Map(live.steps.map((s) => [s.id, s.name]));
  const ref = (id: unknown): string | undefined =>
    typeof id === 'number' ? (nameOf.get(id) ?? `#${id}`) : undefined;
  const want = Object.keys(scenario.steps).sort();
  const have = [...new Set(live.steps.map((s) => s.name))].sort();
  const extra = have.filter((n) => !want.includes(n));
  const missing = want.filter((n) => !have.includes(n));
  if (extra.length > 0) out.push(`live steps not in the scenario: ${extra.join(', ')}`);
  if (missing.length > 0) out.push(`scenario steps missing live: ${missing.join(', ')}`);
  if (ref(live.shop.start_step) !== scenario.start)
    out.push(`start is ${ref(live.shop.start_step)}, want ${scenario.start}`);
  const itemsByStep = new Map<number, MenuItemRecord[]>();
  for (const item of live.menuItems)
    itemsByStep.set(item.step, [...(itemsByStep.get(item.step) ?? []), item]);
  for (const [key, step] of Object.entries(scenario.steps)) {
    const record = byName.get(key);
    if (!record) continue;
    out.push(...stepDifferences(key, step, record, itemsByStep.get(record.id) ?? [], ref));
  }
  return out;
}

function stepDifferences(
  key: string,
  step: GenStep,
  record: StepRecord,
  items: MenuItemRecord[],
  ref: (id: unknown) => string | undefined,
): string[] {
  const out: string[] = [];
  const check = (what: string, got: unknown, want: unknown) => {
    if (JSON.stringify(got) !== JSON.stringify(want))
      out.push(`${key}: ${what} is ${JSON.stringify(got)}, want ${JSON.stringify(want)}`);
  };
  check('type', record.type, step.type);
  const params = record.params as Record<string, unknown>;
  switch (step.type) {
    case 'message':
    case 'question':
      check('text', record.text, step.text);
      check('next', ref(record.next_step), step.next);
      if (step.type === 'question') check('save_as', params.save_as, step.save_as);
      break;
    case 'condition': {
      const branches = (params.branches as { if: string; next_step: number }[] | undefined) ?? [];
      check(
        'branches',
        branches.map((b) => ({ if: b.if, goto: ref(b.next_step) })),
        step.branches,
      );
      check('else', ref(params.else_step), step.else);
      check('next', record.next_step, null);
      break;
    }
    case 'delay':
      check('seconds', params.seconds, step.seconds);
      check('next', ref(record.next_step), step.next);
      break;
  }
  const menu = step.type === 'message' || step.type === 'question' ? (step.menu ?? []) : [];
  const sorted = [...items].sort((a, b) => a.position - b.position || a.id - b.id);
  check(
    'button positions',
    sorted.map((b) => b.position),
    menu.map((_, i) => i),
  );
  check(
    'buttons',
    sorted.map((b) =>
      b.url !== null ? { text: b.text, url: b.url } : { text: b.text, goto: ref(b.next_step) },
    ),
    menu.map((b) =>
      b.url !== undefined ? { text: b.text, url: b.url } : { text: b.text, goto: b.goto },
    ),
  );
  return out;
}

/** A real wait, capped: backoff and Retry-After decisions are the client's, only shortened. */
export const shortSleep = (capMs: number) => (ms: number) =>
  new Promise<void>((resolve) => setTimeout(resolve, Math.min(ms, capMs)));
