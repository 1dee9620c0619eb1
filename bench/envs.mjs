// Benchmark (issue 14): `botform plan --all-envs` over 200 environments (200 shops) of a
// 100-step, 400-button scenario, each shop already equal to it, through an emulator with 20 ms
// added latency, as a whole CLI process. Checks: the plan is empty everywhere (exit 0 with
// --detailed-exitcode), and the shops are read with exactly ceil(N / 100) GETs per collection per
// shop (1 for steps, 4 for buttons, 1 for the shop record; a surplus anywhere shows in the totals).
// Ideal at concurrency C: the compile (`botform validate` of the scenario, whole process, same run;
// 200 environments of one scenario compile once) plus ceil(200 / C) rounds of the two round trips
// one environment needs (the first page of each collection, then the remaining pages at once; a
// token needs no login). Target: wall within 1.5x of that ideal. Peak memory is reported.
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { startEmulator } from '../dist/emulator/index.js';
import { generateScenario } from './generate.mjs';
import { measureNode, median } from './measure.mjs';
import { removeDb, seedShop } from './seed.mjs';

const ROOT = fileURLToPath(new URL('../', import.meta.url));
const BIN = path.join(ROOT, 'bin', 'botform.js');
const LATENCY_MS = 20;
const PAGE = 100;
const TOKEN = 'bench-token-0123456789';

export async function benchEnvs({
  environments = 200,
  steps = 100,
  concurrencies = [8, 32],
  runs = 2,
} = {}) {
  const out = path.join(ROOT, 'bench', 'out', 'envs');
  const cwd = path.join(out, 'repo');
  const dir = path.join(cwd, 'scenario');
  mkdirSync(cwd, { recursive: true });
  const shape = generateScenario(dir, { steps, buttonsPerStep: 4, files: 2 });
  const db = path.join(out, 'shops.sqlite');
  const shops = Array.from({ length: environments }, (_, i) => i + 1);
  const seed = {
    users: [{ username: 'demo', password: 'demo', tokens: [TOKEN] }],
    shops: shops.map((id) => ({ id, name: `Client ${id}` })),
  };
  // Seeding 200 shops takes minutes on a busy machine: a database seeded for the same shape is
  // reused (the plan leaves it unchanged; a non-empty plan would fail the run).
  const marker = `${db}.shape.json`;
  const wanted = JSON.stringify({ environments, ...shape });
  const seedStarted = performance.now();
  if (!existsSync(marker) || readFileSync(marker, 'utf8') !== wanted) {
    removeDb(db);
    for (const shopId of shops) await seedShop(db, dir, { shopId, seed });
    writeFileSync(marker, wanted);
  }
  const seedMs = performance.now() - seedStarted;

  const emulator = await startEmulator({ db, seed, faults: { latencyMs: LATENCY_MS } });
  try {
    const envs = shops
      .map(
        (id) =>
          `  client-${String(id).padStart(3, '0')}:\n    shop: ${id}\n    vars: { CLIENT: "Client ${id}" }\n`,
      )
      .join('');
    writeFileSync(
      path.join(cwd, 'botform.config.yaml'),
      `scenario: scenario\ndefaults:\n  api: ${emulator.url}\n  credentials: { token: BENCH_TOKEN }\nenvironments:\n${envs}`,
    );
    const env = { BENCH_TOKEN: TOKEN };
    const compile = [];
    for (let i = 0; i < runs; i++)
      compile.push(await measureNode([BIN, 'validate', 'scenario', '--quiet'], { cwd }));
    const compileMs = median(compile.map((r) => r.wallMs));

    const perShop = {
      'GET /api/steps/': Math.ceil(shape.steps / PAGE),
      'GET /api/menu_items/': Math.ceil(shape.buttons / PAGE),
      'GET /api/shops/{id}/': 1,
    };
    const rows = [
      [`validate (compile, 1 process)`, compileMs, median(compile.map((r) => r.maxRssMb))],
    ];
    const ratios = [];
    const extra = [
      `seeding ${environments} shops in-process: ${(seedMs / 1000).toFixed(1)} s (0 when reused)`,
    ];
    for (const c of concurrencies) {
      const walls = [];
      const cpus = [];
      let rss = 0;
      for (let i = 0; i < runs; i++) {
        emulator.resetStats();
        const run = await measureNode(
          [BIN, 'plan', '--all-envs', '--detailed-exitcode', '--concurrency', String(c)],
          { cwd, env, expectCode: 0 },
        );
        const gets = emulator.stats().byRoute;
        for (const [route, n] of Object.entries(perShop)) {
          if (gets[route] !== n * environments)
            throw new Error(
              `plan --all-envs made ${gets[route] ?? 0} requests "${route}", expected exactly ${n} per shop (${n * environments}); all: ${JSON.stringify(gets)}`,
            );
        }
        walls.push(run.wallMs);
        cpus.push(run.cpuMs);
        rss = Math.max(rss, run.maxRssMb);
      }
      const wall = median(walls);
      const ideal = compileMs + Math.ceil(environments / c) * 2 * LATENCY_MS;
      rows.push([`plan --all-envs, concurrency ${c}`, wall, rss]);
      extra.push(
        `concurrency ${c}: botform's own CPU time ${median(cpus).toFixed(0)} ms of ${wall.toFixed(0)} ms wall (the emulator runs in the benchmark's process)`,
      );
      extra.push(
        `concurrency ${c}: ideal ${ideal.toFixed(0)} ms = compile ${compileMs.toFixed(0)} + ${Math.ceil(environments / c)} rounds x 2 x ${LATENCY_MS} ms; GETs per shop exactly ${JSON.stringify(perShop)}`,
      );
      ratios.push({ label: `wall / ideal at concurrency ${c}`, value: wall / ideal, target: 1.5 });
    }
    return {
      name: 'plan --all-envs',
      shape: `${environments} environments x ${shape.steps} steps, ${shape.buttons} buttons each, ${LATENCY_MS} ms latency`,
      rows,
      extra,
      ratios,
    };
  } finally {
    await emulator.close();
  }
}
