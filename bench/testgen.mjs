// Benchmark: `botform test generate` on the generated scenario (100 and 1,000 steps first, then
// 10,000) against `botform validate` of the same scenario, both as whole CLI processes, one run
// each. Target (issue 22): generate within 2x validate on 10,000 steps.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { generateScenario } from './generate.mjs';
import { measureNode } from './measure.mjs';

const ROOT = fileURLToPath(new URL('../', import.meta.url));
const BIN = path.join(ROOT, 'bin', 'botform.js');

export async function benchTestgen({ sizes = [100, 1000, 10_000] } = {}) {
  const rows = [];
  const extra = [];
  let last;
  for (const steps of sizes) {
    const base = path.join(ROOT, 'bench', 'out', `testgen-${steps}`);
    const scenario = path.join(base, 'scenario');
    generateScenario(scenario, { steps, files: Math.max(1, Math.min(100, steps / 100)) });
    const out = mkdtempSync(path.join(tmpdir(), 'botform-testgen-'));
    const validate = await measureNode([BIN, 'validate', scenario, '--quiet'], { cwd: base });
    const generate = await measureNode(
      [BIN, 'test', 'generate', '--scenario', scenario, '--out', out],
      { cwd: base, captureStdout: true },
    );
    rmSync(out, { recursive: true, force: true });
    rows.push(
      [`${steps} steps: botform validate`, validate.wallMs, validate.maxRssMb],
      [`${steps} steps: botform test generate`, generate.wallMs, generate.maxRssMb],
    );
    const summary = generate.stdout
      .split('\n')
      .filter((l) => l.startsWith('Generated') || l.startsWith('Transitions'))
      .join(' ');
    extra.push(
      `${steps} steps: ${summary} (cpu: validate ${validate.cpuMs.toFixed(0)} ms, generate ${generate.cpuMs.toFixed(0)} ms)`,
    );
    last = { steps, validate, generate };
  }
  return {
    name: 'test generate',
    shape: `generated scenarios of ${sizes.join(', ')} steps`,
    rows,
    extra,
    ratios: [
      {
        label: `generate / validate on ${last.steps} steps`,
        value: last.generate.wallMs / last.validate.wallMs,
        target: 2,
      },
    ],
  };
}
