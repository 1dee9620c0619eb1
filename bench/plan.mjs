// Benchmark (issues 4 and 11): `botform plan` of 10,000 steps / 40,000 buttons and of 50,000
// steps / 200,000 buttons against a shop that already equals the scenario, through an emulator
// with 20 ms added latency, as a whole CLI process. The shop is written into the emulator's
// database directly (bench/seed.mjs), not through apply. The plan must be empty
// (--detailed-exitcode 0), and the shop must be read with exactly ceil(N / 100) GETs per
// collection (else this fails).
// Ideal: the compile time (`botform validate` on the same files, whole process, same run) plus
// three round trips — the login, then the first page of each collection, then all remaining
// pages at once (the collections are read concurrently). Target: at most 1.5x. Peak memory of
// the plan process is compared with that of validate on the same files: target at most 2x.
// Also measured, to tell botform's cost from the emulator's: the same plan against a replay
// server (the same pages from memory, same latency), the emulator's busy time per page served
// while it serves a plan, and (at 10,000 steps) the live-state read alone at several page
// concurrencies.
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { startEmulator } from '../dist/emulator/index.js';
import { generateScenario } from './generate.mjs';
import { measureNode, median, neutralCwd } from './measure.mjs';
import { startReplayServer } from './replay-server.mjs';
import { removeDb, seedShop } from './seed.mjs';

const ROOT = fileURLToPath(new URL('../', import.meta.url));
const BIN = path.join(ROOT, 'bin', 'botform.js');
const LATENCY_MS = 20;
const PAGE = 100;
const CREDENTIALS = { HIGHTOUCH_USERNAME: 'demo', HIGHTOUCH_PASSWORD: 'demo' };
const CONCURRENCIES = [8, 16, 32, 64, 128, 400];
// The client's default (src/remote/client.ts); the plan runs use it.
const DEFAULT_CONCURRENCY = 16;
const TIME_TARGET = 1.5;
const MEMORY_TARGET = 2;

export async function benchPlan({ runs = 3, sizes = [10_000, 50_000] } = {}) {
  const rows = [];
  const extra = [];
  const ratios = [];
  const shapes = [];
  for (const steps of sizes) {
    const result = await planAtSize(steps, { runs, sweep: steps === sizes[0] });
    rows.push(...result.rows);
    extra.push(...result.extra);
    ratios.push(...result.ratios);
    shapes.push(result.shape);
  }
  const headline = ratios
    .filter((r) => r.label.includes('emulator ÷ ideal'))
    .reduce((a, b) => (b.value > a.value ? b : a));
  return {
    name: 'plan',
    shape: `${shapes.join('; ')}; ${LATENCY_MS} ms latency, no changes`,
    rows,
    extra,
    ratios,
    ratio: headline.value,
    target: TIME_TARGET,
  };
}

async function planAtSize(steps, { runs, sweep }) {
  const size = `${steps / 1000}k`;
  const out = path.join(ROOT, 'bench', 'out', 'plan');
  const dir = path.join(out, `scenario-${size}`);
  const shape = generateScenario(dir, { steps });
  const db = path.join(out, `shop-${size}.sqlite`);
  removeDb(db);
  const seeded = await seedShop(db, dir);
  const cwd = path.join(out, 'cwd');
  mkdirSync(cwd, { recursive: true });
  const pages = {
    steps: Math.ceil(shape.steps / PAGE),
    menuItems: Math.ceil(shape.buttons / PAGE),
  };
  const expected = {
    'GET /api/steps/': pages.steps,
    'GET /api/menu_items/': pages.menuItems,
    'GET /api/shops/{id}/': 1,
  };

  const emulator = await startEmulator({ db, faults: { latencyMs: LATENCY_MS } });
  const replay = await startReplayServer(db, { latencyMs: LATENCY_MS });
  try {
    // The files were just read by the seeding, so the file cache is warm.
    const validate = () => measureNode([BIN, 'validate', dir, '--quiet'], { cwd: neutralCwd() });
    const plan = async (server, check) => {
      server.resetStats();
      const busyBefore = performance.eventLoopUtilization();
      const cpuBefore = process.cpuUsage();
      const run = await measureNode(
        [BIN, 'plan', dir, '--api', server.url, '--shop', '1', '--detailed-exitcode'],
        { cwd, env: CREDENTIALS, expectCode: 0 },
      ).catch((error) => {
        throw new Error(
          `botform plan is not empty (or failed) on a shop equal to the scenario (${size}): ${error.message}`,
        );
      });
      const busyMs = performance.eventLoopUtilization(busyBefore).active;
      const cpu = process.cpuUsage(cpuBefore);
      const gets = server.stats().byRoute;
      if (check) {
        for (const [route, n] of Object.entries(expected)) {
          if (gets[route] !== n)
            throw new Error(
              `botform plan (${size}) made ${gets[route] ?? 0} requests "${route}", expected exactly ${n}; all: ${JSON.stringify(gets)}`,
            );
        }
      }
      return { ...run, busyMs, serverCpuMs: (cpu.user + cpu.system) / 1000, gets };
    };
    // Interleaved, so that load from elsewhere on the machine falls on all three alike.
    const compile = [];
    const onEmulator = [];
    const onReplay = [];
    for (let i = 0; i < runs; i++) {
      compile.push(await validate());
      onEmulator.push(await plan(emulator, true));
      onReplay.push(await plan(replay, false));
    }

    const compileMs = median(compile.map((r) => r.wallMs));
    const idealMs = compileMs + 3 * LATENCY_MS;
    const planMs = median(onEmulator.map((r) => r.wallMs));
    const replayMs = median(onReplay.map((r) => r.wallMs));
    const busyMs = median(onEmulator.map((r) => r.busyMs));
    const serverCpuMs = median(onEmulator.map((r) => r.serverCpuMs));
    const served = pages.steps + pages.menuItems;
    const compileRss = median(compile.map((r) => r.maxRssMb));
    const planRss = median(onEmulator.map((r) => r.maxRssMb));
    const gets = onEmulator[0].gets;
    const extra = [
      `${size}: seeded the shop directly into the emulator's database (compile, plan against an empty shop, each call written by the store; no HTTP) in ${(seeded.ms / 1000).toFixed(1)} s; every plan run: exit 0 (no changes)`,
      `${size}: GETs per plan: steps ${gets['GET /api/steps/']} (expected ${expected['GET /api/steps/']}), menu items ${gets['GET /api/menu_items/']} (expected ${expected['GET /api/menu_items/']}), shop ${gets['GET /api/shops/{id}/']}, login ${gets['POST /api/auth/login/'] ?? 0}: exact in each of ${runs} runs`,
      `${size}: ideal = compile ${compileMs.toFixed(0)} ms + 3 round trips × ${LATENCY_MS} ms (login, first pages, remaining pages at once) = ${idealMs.toFixed(0)} ms`,
      `${size}: plan vs emulator: ${planMs.toFixed(0)} ms = ${(planMs / idealMs).toFixed(2)}x ideal (runs ${onEmulator.map((r) => r.wallMs.toFixed(0)).join(', ')} ms; validate runs ${compile.map((r) => r.wallMs.toFixed(0)).join(', ')} ms)`,
      `${size}: the emulator served ${served} pages: event loop busy ${busyMs.toFixed(0)} ms (${(busyMs / served).toFixed(2)} ms a page), CPU ${serverCpuMs.toFixed(0)} ms (${(serverCpuMs / served).toFixed(2)} ms a page, the replay server's share included)`,
      `${size}: CPU time (user + sys) of the CLI: validate ${median(compile.map((r) => r.cpuMs)).toFixed(0)} ms, plan vs emulator ${median(onEmulator.map((r) => r.cpuMs)).toFixed(0)} ms, plan vs replay ${median(onReplay.map((r) => r.cpuMs)).toFixed(0)} ms`,
      `${size}: plan vs replay server (same pages from memory, same latency): ${replayMs.toFixed(0)} ms = ${(replayMs / idealMs).toFixed(2)}x ideal (runs ${onReplay.map((r) => r.wallMs.toFixed(0)).join(', ')} ms)`,
      `${size}: peak memory: plan ${planRss.toFixed(0)} MB, validate ${compileRss.toFixed(0)} MB → ${(planRss / compileRss).toFixed(2)}x`,
    ];
    const ratios = [
      { label: `${size} plan vs emulator ÷ ideal`, value: planMs / idealMs, target: TIME_TARGET },
      {
        label: `${size} plan vs replay server ÷ ideal`,
        value: replayMs / idealMs,
        target: TIME_TARGET,
      },
      {
        label: `${size} plan peak memory ÷ validate's`,
        value: planRss / compileRss,
        target: MEMORY_TARGET,
      },
    ];
    if (sweep)
      extra.push(
        ...(await concurrencySweep(replay, { runs, cwd, size, pages, replayMs, idealMs })),
      );
    return {
      shape: `${shape.steps} steps, ${shape.buttons} buttons, ${shape.files} files`,
      rows: [
        [`${size} compile (botform validate, whole CLI)`, compileMs, compileRss],
        [`${size} botform plan vs emulator (whole CLI)`, planMs, planRss],
        [
          `${size} botform plan vs replay server`,
          replayMs,
          median(onReplay.map((r) => r.maxRssMb)),
        ],
      ],
      extra,
      ratios,
    };
  } finally {
    await Promise.all([emulator.close(), replay.close()]);
  }
}

/** The live-state read alone, against the replay server, by page concurrency. */
async function concurrencySweep(replay, { runs, cwd, size, pages, replayMs, idealMs }) {
  const reads = JSON.parse(
    (
      await measureNode(
        [
          path.join(ROOT, 'bench', 'read-live.mjs'),
          replay.url,
          String(runs),
          ...CONCURRENCIES.map(String),
        ],
        { cwd, captureStdout: true },
      )
    ).stdout,
  );
  const rounds = (c) => 1 + Math.ceil((pages.menuItems - 1) / c);
  const lines = [
    `${size}: live-state read alone (login + shop + ${pages.steps + pages.menuItems} pages), replay server, by pageConcurrency: ${CONCURRENCIES.map((c) => `${c}: ${reads[c].toFixed(0)} ms (${rounds(c)} rounds)`).join(', ')}`,
  ];
  const fastest = CONCURRENCIES.reduce((a, b) => (reads[b] < reads[a] ? b : a));
  lines.push(
    `${size}: fastest read: pageConcurrency ${fastest} (${reads[fastest].toFixed(0)} ms vs ${reads[DEFAULT_CONCURRENCY].toFixed(0)} ms at the default ${DEFAULT_CONCURRENCY}); the latency floor is ${rounds(DEFAULT_CONCURRENCY)} rounds × ${LATENCY_MS} ms at ${DEFAULT_CONCURRENCY}`,
  );
  const needed = CONCURRENCIES.find(
    (c) => replayMs - reads[DEFAULT_CONCURRENCY] + reads[c] <= TIME_TARGET * idealMs,
  );
  lines.push(
    needed !== undefined && needed <= DEFAULT_CONCURRENCY
      ? `${size}: against the replay server the default pageConcurrency ${DEFAULT_CONCURRENCY} is within ${TIME_TARGET}x ideal`
      : needed === undefined
        ? `${size}: against the replay server no pageConcurrency tried brings the plan within ${TIME_TARGET}x ideal`
        : `${size}: against the replay server, pageConcurrency ${needed} would bring the plan within ${TIME_TARGET}x ideal (estimated ${(replayMs - reads[DEFAULT_CONCURRENCY] + reads[needed]).toFixed(0)} ms)`,
  );
  return lines;
}
