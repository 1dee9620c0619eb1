// Benchmark (issue 9, item 5): hostile input is bounded in CPU. Loading a YAML mapping used to be
// quadratic in its keys (yaml's uniqueKeys check); now it is linear. Rows, each as time per key
// against the 10,000-step `botform validate` benchmark (100 files, 4 buttons a step) in the same
// run — target: at most 2x its time per step:
// - one file of 60,000 steps (`botform validate`, whole CLI; 1 button a step, so the file stays
//   under the 8 MB file limit);
// - one mapping of 200,000 keys (the `steps:` mapping of one in-memory file — on disk it would be
//   over the file limit — loaded and checked in a child process, bench/load-mapping.mjs), with
//   the same child at 10,000 keys as a second, like-for-like baseline.
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { generateScenario } from './generate.mjs';
import { measureNode, neutralCwd, repeat } from './measure.mjs';

const ROOT = fileURLToPath(new URL('../', import.meta.url));
const BIN = path.join(ROOT, 'bin', 'botform.js');
const MAPPING = path.join(ROOT, 'bench', 'load-mapping.mjs');

function oneFile(dir, steps) {
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  const lines = ['start: s0', 'steps:'];
  for (let i = 0; i < steps; i++)
    lines.push(
      `  s${i}:`,
      '    type: message',
      `    text: Step ${i}.`,
      '    menu:',
      '      - text: Next',
      `        goto: s${(i + 1) % steps}`,
    );
  writeFileSync(path.join(dir, 'all.yaml'), `${lines.join('\n')}\n`);
}

export async function benchKeys({ runs = 3, bigRuns = 1 } = {}) {
  const baseDir = path.join(ROOT, 'bench', 'out', 'validate-10k');
  const shape = generateScenario(baseDir);
  const bigDir = path.join(ROOT, 'bench', 'out', 'one-file-60k');
  const bigSteps = 60_000;
  oneFile(bigDir, bigSteps);
  const validate = (dir) => measureNode([BIN, 'validate', dir, '--quiet'], { cwd: neutralCwd() });
  await validate(baseDir); // warm the file cache
  const base = await repeat(runs, () => validate(baseDir));
  const big = await repeat(bigRuns, () => validate(bigDir));
  const mapping10k = await repeat(runs, () => measureNode([MAPPING, '10000'], { cwd: ROOT }));
  const mapping200k = await repeat(bigRuns, () => measureNode([MAPPING, '200000'], { cwd: ROOT }));
  const perKey = (r, n) => r.wallMs / n;
  const perKeyCpu = (r, n) => r.cpuMs / n;
  return {
    name: 'keys',
    shape: `baseline ${shape.steps} steps in ${shape.files} files; ${bigSteps} steps in one file; one mapping of 200,000 keys`,
    rows: [
      [`validate ${shape.steps} steps (baseline)`, base.wallMs, base.maxRssMb],
      [`validate ${bigSteps} steps, one file`, big.wallMs, big.maxRssMb],
      ['load+check mapping of 10,000 keys', mapping10k.wallMs, mapping10k.maxRssMb],
      ['load+check mapping of 200,000 keys', mapping200k.wallMs, mapping200k.maxRssMb],
    ],
    extra: [
      `per key, wall (CPU): baseline ${perKey(base, shape.steps).toFixed(3)} ms (${perKeyCpu(base, shape.steps).toFixed(3)}); 60k file ${perKey(big, bigSteps).toFixed(3)} ms (${perKeyCpu(big, bigSteps).toFixed(3)}); 10k mapping ${perKey(mapping10k, 10_000).toFixed(3)} ms (${perKeyCpu(mapping10k, 10_000).toFixed(3)}); 200k mapping ${perKey(mapping200k, 200_000).toFixed(3)} ms (${perKeyCpu(mapping200k, 200_000).toFixed(3)})`,
    ],
    ratios: [
      {
        label: '60k steps in one file, time per step vs the 10k benchmark',
        value: perKey(big, bigSteps) / perKey(base, shape.steps),
        target: 2,
      },
      {
        label: '200,000-key mapping, time per key vs the 10k benchmark',
        value: perKey(mapping200k, 200_000) / perKey(base, shape.steps),
        target: 2,
      },
      {
        label: '200,000-key mapping, time per key vs the same child at 10,000 keys',
        value: perKey(mapping200k, 200_000) / perKey(mapping10k, 10_000),
        target: 2,
      },
    ],
  };
}
