// A live shop for tests: the real emulator on 127.0.0.1, the real client, and helpers to plan
// and apply scenarios written inline as YAML.
import { compileSources } from '../../src/compile/index.js';
import { defaultConfig } from '../../src/config/load-config.js';
import { startEmulator, type Emulator } from '../../src/emulator/index.js';
import { DEFAULT_LIMITS } from '../../src/load/limits.js';
import { parseYamlSource } from '../../src/load/yaml-source.js';
import type { Scenario } from '../../src/model/scenario.js';
import { createGovernor, executePlan } from '../../src/apply/executor.js';
import { computePlan, type PlanResult } from '../../src/plan/index.js';
import type { Plan } from '../../src/plan/types.js';
import { createClient, type HighTouchClient } from '../../src/remote/client.js';
import { readLiveState } from '../../src/remote/read-live.js';

export interface TestShop {
  emulator: Emulator;
  client: HighTouchClient;
  shopId: number;
  token: string;
  close(): Promise<void>;
}

export async function startShop(): Promise<TestShop> {
  const emulator = await startEmulator({ db: ':memory:', port: 0 });
  const login = await fetch(`${emulator.url}/api/auth/login/`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username: 'demo', password: 'demo' }),
  });
  const { token } = (await login.json()) as { token: string };
  const client = createClient({ baseUrl: emulator.url, credentials: { token } });
  return { emulator, client, shopId: 1, token, close: () => emulator.close() };
}

/** Compiles inline YAML files; fails the test on any error diagnostic. */
export function scenarioOf(files: Record<string, string>, ignoreErrors = false): Scenario {
  const sources = Object.entries(files).map(([name, text]) =>
    parseYamlSource(name, text, DEFAULT_LIMITS),
  );
  const result = compileSources(
    sources,
    sources.flatMap((s) => s.diagnostics),
    defaultConfig('/'),
  );
  const errors = result.diagnostics.filter((d) => d.severity === 'error');
  if (errors.length > 0 && !ignoreErrors)
    throw new Error(
      `scenario has errors:\n${errors.map((d) => `${d.file}:${d.line}:${d.column} ${d.code} ${d.message}`).join('\n')}`,
    );
  return result.scenario;
}

export async function planFor(
  shop: TestShop,
  scenario: Scenario,
  ignore: string[] = [],
): Promise<PlanResult> {
  const live = await readLiveState(shop.client, shop.shopId);
  return computePlan({
    scenario,
    live,
    target: { api: shop.emulator.url, shop_id: shop.shopId },
    scenarioFiles: ['test.yaml'],
    scenarioDigest: 'sha256:test',
    ignore,
    botformVersion: 'test',
    now: new Date('2026-01-01T00:00:00Z'),
  });
}

export async function applyPlan(shop: TestShop, plan: Plan): Promise<void> {
  const result = await executePlan(plan, {
    client: shop.client,
    shopId: shop.shopId,
    governor: createGovernor(4),
  });
  if (result.failed.length > 0)
    throw new Error(
      `apply failed: ${result.failed.map((f) => `${f.op.id}: ${String(f.error)}`).join('; ')}`,
    );
}

/** Plans and applies a scenario, then returns the (expected empty) plan that follows. */
export async function converge(shop: TestShop, scenario: Scenario): Promise<Plan> {
  const { plan, problems } = await planFor(shop, scenario);
  if (problems.length > 0) throw new Error(problems.map((p) => p.message).join('\n'));
  await applyPlan(shop, plan);
  return (await planFor(shop, scenario)).plan;
}

/** A raw API call, as a person would make it by hand in the web constructor. */
export async function byHand(
  shop: TestShop,
  method: string,
  path: string,
  body?: unknown,
): Promise<Record<string, unknown>> {
  const res = await fetch(
    `${shop.emulator.url}${path}${path.includes('?') ? '&' : '?'}shop_id=${shop.shopId}`,
    {
      method,
      headers: { authorization: `Bearer ${shop.token}`, 'content-type': 'application/json' },
      ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
    },
  );
  if (!res.ok) throw new Error(`${method} ${path} → ${res.status} ${await res.text()}`);
  return res.status === 204 ? {} : ((await res.json()) as Record<string, unknown>);
}

export function ops(plan: Plan): { id: string; action: string; body: unknown }[] {
  return plan.operations.map((op) => ({ id: op.id, action: op.action, body: op.call.body }));
}
