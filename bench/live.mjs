// Benchmark (issue 13): `botform test --live` machinery — 200 conversations × 10 turns against
// the emulator with 20 ms added latency per request, 8 conversations at once (the CLI default), in one process
// (the live runner, the webhook receiver and the emulator; no CLI start-up in the figure).
// Each conversation is one registration, the start message and 10 button presses, each
// followed by a check of the bot's turn; every request waits out the 20 ms latency.
// - ideal: ceil(200 / 8) rounds × 12 requests in sequence × 20 ms (the bound: a conversation's
//   requests cannot overlap, and 8 run at once). Target: wall ≤ 1.5 × ideal.
// - also shown against the 10 turns alone (10 × 20 ms per round), the narrower ideal.
import { startEmulator } from '../dist/emulator/index.js';
import { createPlatform } from '../dist/conversations/live/platform.js';
import { startReceiver } from '../dist/conversations/live/receiver.js';
import { runTestsLive } from '../dist/conversations/live/run-live.js';
import { toScenario } from '../dist/emulator/bot/live-scenario.js';

// LAT=0 measures the machinery alone (profiling); the figure is at 20 ms.
const LATENCY_MS = Number(process.env.LAT ?? 20);
const CONVERSATIONS = 200;
const TURNS = 10;
const CONCURRENCY = 8;
const TOKEN = 'bench-live-token-0001';

async function call(url, method, path, body) {
  const res = await fetch(`${url}${path}`, {
    method,
    headers: { authorization: `Bearer ${TOKEN}`, 'content-type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  if (res.status >= 300) throw new Error(`${method} ${path}: ${res.status} ${await res.text()}`);
  return res.json();
}

/** A chain s0 → s1 → … → s10 of message steps, each with a "Next" button; s10 ends. */
async function seedChain(url) {
  const ids = [];
  for (let i = TURNS; i >= 0; i--) {
    const step = await call(url, 'POST', '/api/steps/?shop_id=1', {
      name: `s${i}`,
      type: 'message',
      text: `Step ${i}`,
      params: i === TURNS ? { end: true } : {},
    });
    ids[i] = step.id;
    if (i < TURNS)
      await call(url, 'POST', '/api/menu_items/?shop_id=1', {
        step: step.id,
        text: 'Next',
        next_step: ids[i + 1],
      });
  }
  await call(url, 'PATCH', '/api/shops/1/', { start_step: ids[0] });
}

function testsFor(count) {
  const locator = {
    file: 'bench.test.yaml',
    locate: () => ({ line: 1, column: 1, endLine: 1, endColumn: 1 }),
  };
  return Array.from({ length: count }, (_, n) => {
    const turns = [
      { bot: { step: 's0', says: 'Step 0', buttons: ['Next'] }, path: ['tests', n, 'turns', 0] },
    ];
    for (let i = 1; i <= TURNS; i++) {
      turns.push({ user: { press: 'Next' }, path: ['tests', n, 'turns', turns.length] });
      turns.push({
        bot: { step: `s${i}`, says: `Step ${i}` },
        path: ['tests', n, 'turns', turns.length],
      });
    }
    return {
      test: { file: 'bench.test.yaml', name: `conversation ${n + 1}`, path: ['tests', n], turns },
      locator,
    };
  });
}

export async function benchLive() {
  const emulator = await startEmulator({
    db: ':memory:',
    seed: {
      shops: [{ id: 1, name: 'Bench' }],
      users: [{ username: 'bench', password: 'bench-pw', tokens: [TOKEN] }],
    },
  });
  const receiver = await startReceiver();
  try {
    await seedChain(emulator.url);
    const live = {
      shop: await call(emulator.url, 'GET', '/api/shops/1/'),
      steps: (await call(emulator.url, 'GET', '/api/steps/?shop_id=1')).results,
      menuItems: (await call(emulator.url, 'GET', '/api/menu_items/?shop_id=1')).results,
    };
    const scenario = toScenario(live);
    const platform = createPlatform({
      api: emulator.url,
      shopId: 1,
      credentials: { token: TOKEN },
    });
    await platform.connect(receiver.url);
    emulator.setFaults({ latencyMs: LATENCY_MS });
    const tests = testsFor(CONVERSATIONS);
    // A short warm-up round (JIT, SQLite statements), not counted.
    await runTestsLive(testsFor(CONCURRENCY), scenario, {
      platform,
      receiver,
      concurrency: CONCURRENCY,
      runId: 'warm',
      targetName: 'the emulator',
    });
    const cpu = process.cpuUsage();
    const started = performance.now();
    const results = await runTestsLive(tests, scenario, {
      platform,
      receiver,
      concurrency: CONCURRENCY,
      runId: 'bench',
      targetName: 'the emulator',
    });
    const wallMs = performance.now() - started;
    const { user, system } = process.cpuUsage(cpu);
    const cpuMs = (user + system) / 1000;
    const failed = results.filter((r) => r.status !== 'passed');
    if (failed.length > 0)
      throw new Error(
        `${failed.length} conversations did not pass: ${JSON.stringify(failed[0].failures)}`,
      );
    const rounds = Math.ceil(CONVERSATIONS / CONCURRENCY);
    const ideal = rounds * (TURNS + 2) * LATENCY_MS;
    const idealTurns = rounds * TURNS * LATENCY_MS;
    return {
      name: 'test --live',
      shape: `${CONVERSATIONS} conversations × ${TURNS} turns, ${LATENCY_MS} ms latency, ${CONCURRENCY} at once`,
      rows: [
        ['live run (in process)', wallMs, NaN],
        [`ideal: ${rounds} rounds × ${TURNS + 2} requests × ${LATENCY_MS} ms`, ideal, NaN],
      ],
      extra: [
        `CPU: ${cpuMs.toFixed(0)} ms in ${wallMs.toFixed(0)} ms wall (${((cpuMs / wallMs) * 100).toFixed(0)}% of one core); ${(cpuMs / (CONVERSATIONS * (TURNS + 2))).toFixed(2)} ms per request with its webhook replies`,
        `per turn: ${(wallMs / rounds / (TURNS + 2)).toFixed(1)} ms (latency ${LATENCY_MS} ms); against the 10 turns alone: ${(wallMs / idealTurns).toFixed(2)}x`,
      ],
      ratios: [{ label: 'wall ÷ ideal', value: wallMs / ideal, target: 1.5 }],
    };
  } finally {
    await receiver.close();
    await emulator.close();
  }
}
