// Fills an emulator database with a scenario, directly: the scenario is compiled and planned
// against an empty shop by botform's own code (compile → computePlan), and each planned call is
// then written straight into the emulator's SQLite store, in plan order, in one transaction —
// no HTTP, no client, no apply. The request bodies go through the emulator's own input parsers
// (the same checks and defaults a request gets), and the store's inserts assign ids and
// timestamps exactly as for a request, so the shop is what an apply of the plan would leave.
// 50,000 steps and 200,000 buttons take seconds this way instead of the ~250,000 requests an
// apply would need. What the benchmarks then measure runs over real HTTP against this file.
import { rmSync } from 'node:fs';
import { resolveCall } from '../dist/apply/resolve-call.js';
import { compileProject, openProject } from '../dist/compile/project.js';
import { parseMenuItemCreate } from '../dist/emulator/menu-item-input.js';
import { DEFAULT_SEED, applySeed } from '../dist/emulator/seed.js';
import { parseStepCreate, parseStepPatch } from '../dist/emulator/step-input.js';
import { createStore } from '../dist/emulator/store/index.js';
import { openDatabase } from '../dist/emulator/store/open.js';
import { computePlan } from '../dist/plan/index.js';

export function removeDb(file) {
  for (const suffix of ['', '-wal', '-shm', '-journal']) rmSync(file + suffix, { force: true });
}

/**
 * Makes shop `shopId` of the database `dbFile` (created if missing) equal to the scenario in
 * `scenarioDir`. The shop must hold no steps yet. Returns the plan's summary, the counts written
 * and the time taken. Throws if the scenario does not compile or a call cannot be written.
 */
export async function seedShop(dbFile, scenarioDir, { shopId = 1, seed = DEFAULT_SEED } = {}) {
  const started = performance.now();
  const db = openDatabase(dbFile);
  try {
    const store = createStore(db);
    applySeed(db, seed, store.clock.tick());
    if (store.steps.count(shopId) > 0)
      throw new Error(`shop ${shopId} of ${dbFile} already has steps: seed an empty shop`);
    const shop = store.shops.get(shopId);
    if (!shop) throw new Error(`shop ${shopId} is not in ${dbFile}`);
    const project = await openProject({
      cwd: scenarioDir,
      overrides: { env: {}, varFiles: [], vars: [] },
    });
    const compiled = await compileProject(project, {
      environment: undefined,
      paths: [scenarioDir],
    });
    const errors = compiled.diagnostics.filter((d) => d.severity === 'error');
    if (errors.length > 0)
      throw new Error(
        `seed scenario ${scenarioDir} does not compile: ${errors[0].code} ${errors[0].message}`,
      );
    const { plan, problems } = computePlan({
      scenario: compiled.scenario,
      live: { shop, steps: [], menuItems: [] },
      target: { api: 'seed', shop_id: shopId },
      scenarioFiles: compiled.files,
      scenarioDigest: 'seed',
      ignore: compiled.config.ignore,
      botformVersion: 'bench',
      now: new Date(),
    });
    if (problems.length > 0) throw new Error(`seed plan has problems: ${problems[0].message}`);
    const ids = new Map();
    const written = { steps: 0, menuItems: 0 };
    db.transaction(() => {
      for (const op of plan.operations) {
        const call = resolveCall(op.call, ids);
        const route = `${call.method} ${call.path.replace(/\/\d+\/$/, '/{id}/')}`;
        const id = Number(/\/(\d+)\/$/.exec(call.path)?.[1]);
        const now = store.clock.tick();
        switch (route) {
          case 'POST /api/steps/': {
            const step = store.steps.insert(shopId, parseStepCreate(call.body), now);
            ids.set(op.address.key, step.id);
            written.steps += 1;
            break;
          }
          case 'PATCH /api/steps/{id}/': {
            const step = store.steps.get(shopId, id);
            store.steps.update(shopId, id, { ...step, ...parseStepPatch(call.body) }, now);
            break;
          }
          case 'POST /api/menu_items/': {
            const input = parseMenuItemCreate(call.body);
            store.menuItems.insert(
              {
                next_step: null,
                url: null,
                position: store.menuItems.nextPosition(input.step),
                ...input,
              },
              now,
            );
            written.menuItems += 1;
            break;
          }
          case 'PATCH /api/shops/{id}/':
            store.shops.setStartStep(shopId, call.body.start_step, now);
            break;
          default:
            throw new Error(
              `seeding writes only creates into an empty shop; the plan has ${op.id} (${route})`,
            );
        }
      }
    })();
    return { summary: plan.summary, written, ms: performance.now() - started };
  } finally {
    db.close();
  }
}
