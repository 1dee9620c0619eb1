// Fills an emulator database with a scenario, fast and through botform's own code: the scenario
// is compiled, planned against the (empty or given) shop and applied by the library (compile →
// computePlan → executePlan), with the real HighTouch client. Only the HTTP hop is left out: the
// client's transport hands each request straight to the emulator's own route table, input
// checks and SQLite store, in this process. Over HTTP the same calls cost ~2 ms each (fetch and
// the server share one thread), which for 50,000 creates would be most of the benchmark.
// What the benchmarks then measure runs over real HTTP, against a real emulator on this file.
import { rmSync } from 'node:fs';
import { createGovernor, executePlan } from '../dist/apply/executor.js';
import { compileScenario } from '../dist/compile/index.js';
import { loadConfig } from '../dist/config/load-config.js';
import { ErrorAnswer } from '../dist/emulator/api-error.js';
import { isMethod, matchRoute } from '../dist/emulator/routes.js';
import { DEFAULT_SEED, applySeed } from '../dist/emulator/seed.js';
import { createStore } from '../dist/emulator/store/index.js';
import { openDatabase } from '../dist/emulator/store/open.js';
import { computePlan } from '../dist/plan/index.js';
import { createClient } from '../dist/remote/client.js';
import { readLiveState } from '../dist/remote/read-live.js';

export function removeDb(file) {
  for (const suffix of ['', '-wal', '-shm', '-journal']) rmSync(file + suffix, { force: true });
}

/** A HighTouch client transport that calls the emulator's handlers in-process (no HTTP). */
function inProcessTransport(store) {
  return async (req) => {
    const url = new URL(req.url);
    const match = matchRoute(url.pathname);
    const answer = (status, body) => ({ status, headers: { 'content-type': 'application/json' }, body: body === undefined ? '' : JSON.stringify(body) });
    try {
      if (!match.route || !isMethod(req.method) || !match.route.methods[req.method]) return answer(404, { detail: 'no such route' });
      const handler = match.route.methods[req.method];
      const body = req.method === 'POST' || req.method === 'PATCH' ? JSON.parse(req.body ?? '{}') : undefined;
      const ctx = { url, body, store };
      if (match.route.kind !== 'public') {
        const token = /^Bearer +(\S+)/i.exec(req.headers.authorization ?? '')?.[1];
        const user = token === undefined ? undefined : store.users.byToken(token);
        if (!user) return answer(401, { detail: 'Invalid token.' });
        ctx.user = user;
      }
      const reply = match.route.kind === 'item' ? handler(ctx, match.id) : handler(ctx);
      return answer(reply.status, reply.status === 204 ? undefined : reply.body);
    } catch (error) {
      if (error instanceof ErrorAnswer) return answer(error.status, error.body);
      throw error;
    }
  };
}

/**
 * Makes shop 1 of the database `dbFile` (created, or taken as it is) equal to the scenario in
 * `scenarioDir`. Two passes: first the steps alone (no buttons, no `next`), then the whole
 * scenario. In each pass every call is ready at once, which keeps computePlan's ordering fast
 * (src/plan/order.ts inserts newly ready calls one by one into a sorted list, quadratic in the
 * number of calls: one pass of 50,000 creates spends minutes there). Returns the summaries of
 * both passes and the time taken. Throws if anything fails.
 */
export async function seedShop(dbFile, scenarioDir, { parallelism = 64, shopId = 1, seed = DEFAULT_SEED } = {}) {
  const started = performance.now();
  const db = openDatabase(dbFile);
  try {
    const store = createStore(db);
    applySeed(db, seed, store.clock.tick());
    const client = createClient({ baseUrl: 'http://in-process', credentials: { username: 'demo', password: 'demo' }, transport: inProcessTransport(store) });
    const { config } = await loadConfig(scenarioDir);
    const compiled = await compileScenario([scenarioDir], { cwd: scenarioDir, config });
    const errors = compiled.diagnostics.filter((d) => d.severity === 'error');
    if (errors.length > 0) throw new Error(`seed scenario ${scenarioDir} does not compile: ${errors[0].code} ${errors[0].message}`);
    const stepsOnly = { ...compiled.scenario, start: null, steps: new Map([...compiled.scenario.steps].map(([key, step]) => [key, { ...step, next: null, menu: [] }])) };
    const passes = [];
    for (const scenario of [stepsOnly, compiled.scenario]) {
      const live = await readLiveState(client, shopId);
      const { plan, problems } = computePlan({
        scenario,
        live,
        target: { api: 'seed', shop_id: shopId },
        scenarioFiles: compiled.files,
        scenarioDigest: 'seed',
        ignore: config.ignore,
        botformVersion: 'bench',
        now: new Date(),
      });
      if (problems.length > 0) throw new Error(`seed plan has problems: ${problems[0].message}`);
      const result = await executePlan(plan, { client, shopId, governor: createGovernor(parallelism) });
      if (result.failed.length > 0 || result.notRun.length > 0) {
        const first = result.failed[0];
        throw new Error(`seeding failed: ${result.failed.length} failed, ${result.notRun.length} not run; ${first ? `${first.op.id}: ${first.error?.message ?? first.error}` : ''}`);
      }
      passes.push(plan.summary);
    }
    return { passes, ms: performance.now() - started };
  } finally {
    db.close();
  }
}
