// Benchmark: `botform validate` on 10,000 steps (1,000 of them conditions) / 36,000 buttons /
// 100 files, a template in one text of 5, against a floor
// of plain yaml + ajv in one process. Target: at most 1.5x the floor's wall time.
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { generateScenario } from './generate.mjs';
import { measureNode, repeat } from './measure.mjs';

const ROOT = fileURLToPath(new URL('../', import.meta.url));

export async function benchValidate({ runs = 5 } = {}) {
  const dir = path.join(ROOT, 'bench', 'out', 'validate-10k');
  const shape = generateScenario(dir, { expressions: true });
  // Warm the file cache so neither side pays for the first read.
  await measureNode([path.join(ROOT, 'bench', 'floor-validate.mjs'), dir], { cwd: ROOT });
  const floor = await repeat(runs, () => measureNode([path.join(ROOT, 'bench', 'floor-validate.mjs'), dir], { cwd: ROOT }));
  const botform = await repeat(runs, () => measureNode([path.join(ROOT, 'bin', 'botform.js'), 'validate', dir, '--quiet'], { cwd: ROOT }));
  return {
    name: 'validate',
    shape: `${shape.steps} steps, ${shape.buttons} buttons, ${shape.files} files, 1 condition per 10 steps, a template in 1 text of 5`,
    rows: [
      ['floor (yaml + ajv, one process)', floor.wallMs, floor.maxRssMb],
      ['botform validate (whole CLI)', botform.wallMs, botform.maxRssMb],
    ],
    ratio: botform.wallMs / floor.wallMs,
    memoryRatio: botform.maxRssMb / floor.maxRssMb,
    target: 1.5,
  };
}
