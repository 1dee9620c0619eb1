// Benchmark: `botform test` running 1,000 conversations of 20 turns (a press, then a check of
// the step the bot is at) on the generated 10,000-step scenario, against `botform validate` of
// the same scenario. Target: the whole test process within the validate time + 1 s.
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { generateScenario } from './generate.mjs';
import { measureNode, repeat } from './measure.mjs';

const ROOT = fileURLToPath(new URL('../', import.meta.url));
const key = (i) => `s${String(i).padStart(5, '0')}`;

/** Test files walking the generateScenario graph: each press picks a button of the step the bot is at. */
function writeTests(dir, { steps, conversations = 1000, turns = 20, files = 10 }) {
  mkdirSync(dir, { recursive: true });
  const targets = (i) => [(i + 1) % steps, (i + 7) % steps, (i * 13 + 5) % steps, 0];
  const perFile = conversations / files;
  let rng = 12345;
  const next = () => (rng = (Math.imul(rng, 1103515245) + 12345) >>> 0);
  for (let f = 0; f < files; f++) {
    const lines = ['tests:'];
    for (let c = 0; c < perFile; c++) {
      let at = 0;
      lines.push(
        `  - name: conversation ${f * perFile + c}`,
        '    turns:',
        `      - bot: {step: ${key(at)}}`,
      );
      for (let t = 0; t < turns; t++) {
        const b = next() % 3;
        const to = targets(at)[b];
        lines.push(
          `      - user: {press: "Option ${b + 1} to ${to}"}`,
          `      - bot: {step: ${key(to)}}`,
        );
        at = to;
      }
    }
    writeFileSync(path.join(dir, `part-${f}.test.yaml`), `${lines.join('\n')}\n`);
  }
  return { conversations, turns };
}

export async function benchConversations({ runs = 3 } = {}) {
  const base = path.join(ROOT, 'bench', 'out', 'test-10k');
  const scenario = path.join(base, 'scenario');
  const shape = generateScenario(scenario);
  const tests = writeTests(path.join(base, 'tests'), { steps: shape.steps });
  // A config of its own: without it, the repository's config (and its team rules) would apply.
  writeFileSync(path.join(base, 'botform.config.yaml'), 'scenario: scenario\n');
  const validateArgs = [path.join(ROOT, 'bin', 'botform.js'), 'validate', scenario, '--quiet'];
  const testArgs = [
    path.join(ROOT, 'bin', 'botform.js'),
    'test',
    path.join(base, 'tests'),
    '--scenario',
    scenario,
    '--format',
    'json',
  ];
  await measureNode(validateArgs, { cwd: base });
  const validate = await repeat(runs, () => measureNode(validateArgs, { cwd: base }));
  const test = await repeat(runs, () => measureNode(testArgs, { cwd: base }));
  const budget = validate.wallMs + 1000;
  return {
    name: 'conversation tests (local)',
    shape: `${tests.conversations} conversations x ${tests.turns} turns on ${shape.steps} steps`,
    rows: [
      ['botform validate (whole CLI)', validate.wallMs, validate.maxRssMb],
      ['botform test (whole CLI)', test.wallMs, test.maxRssMb],
    ],
    // CPU time (user + system) is shown too: on a shared machine wall times mostly measure the neighbours.
    extra: [
      `test - validate: ${(test.wallMs - validate.wallMs).toFixed(0)} ms (budget 1000 ms)`,
      `cpu: validate ${validate.cpuMs.toFixed(0)} ms, test ${test.cpuMs.toFixed(0)} ms (the test process reads test files on a second thread)`,
    ],
    ratios: [{ label: 'test / (validate + 1 s)', value: test.wallMs / budget, target: 1 }],
  };
}
