// Benchmark (issue 21): `botform graph --format svg` and `--format html` at 100, 2,000 and 10,000
// steps of a menu-tree scenario (generateMenuScenario: topics, sub-topics and answers with "Back"
// and "Main menu" buttons, the shape of FAQ bots), as a whole CLI process, next to `botform
// validate` of the same files (the compile every command pays). Also, informational: 2,000 steps
// of tangled buttons (generateScenario, the hardest case for a layout). Targets: 2,000 steps within
// 10 s and 10,000 within 60 s (ratio = wall time ÷ that budget, at most 1.0). Each figure is the
// median of `runs` processes; the picture must hold every step (one node group per step).
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { generateMenuScenario, generateScenario } from './generate.mjs';
import { measureNode, repeat } from './measure.mjs';

const ROOT = fileURLToPath(new URL('../', import.meta.url));
const BIN = path.join(ROOT, 'bin', 'botform.js');
const BUDGET_MS = { 100: 10_000, 2000: 10_000, 10000: 60_000 };

export async function benchGraph({ sizes = [100, 2_000, 10_000], runs = 3 } = {}) {
  const out = path.join(ROOT, 'bench', 'out', 'graph');
  const rows = [];
  const ratios = [];
  const extra = [];
  const shapes = [
    ...sizes.map((steps) => ({
      steps,
      kind: 'menu',
      make: (dir) => generateMenuScenario(dir, { steps }),
    })),
    {
      steps: 2_000,
      kind: 'tangle',
      make: (dir) => generateScenario(dir, { steps: 2_000, buttonsPerStep: 4, files: 20 }),
    },
  ];
  for (const shape of shapes) {
    const dir = path.join(out, `${shape.kind}-${shape.steps}`);
    shape.make(dir);
    const label = `${shape.steps.toLocaleString('en-US')} steps (${shape.kind})`;
    const validate = await repeat(runs, () =>
      measureNode([BIN, 'validate', dir, '--quiet'], { cwd: out, expectCode: undefined }),
    );
    rows.push([`validate, ${label}`, validate.wallMs, validate.maxRssMb]);
    for (const format of ['svg', 'html']) {
      const file = path.join(out, `${shape.kind}-${shape.steps}.${format}`);
      const run = await repeat(runs, () =>
        measureNode([BIN, 'graph', dir, '--format', format, '-o', file], { cwd: out }),
      );
      const drawn = readFileSync(file, 'utf8').match(/<g id="node_s\d+" class="node"/g)?.length;
      if (drawn !== shape.steps)
        throw new Error(`${file} draws ${drawn} steps, not ${shape.steps}`);
      rows.push([`graph --format ${format}, ${label}`, run.wallMs, run.maxRssMb]);
      const budget = BUDGET_MS[shape.steps];
      if (shape.kind === 'menu' && budget !== undefined)
        ratios.push({
          label: `${format} at ${shape.steps.toLocaleString('en-US')} steps ÷ ${budget / 1000} s`,
          value: run.wallMs / budget,
          target: 1,
        });
      else
        ratios.push({
          label: `${format}, ${label} ÷ validate`,
          value: run.wallMs / validate.wallMs,
        });
    }
  }
  extra.push('pictures in bench/out/graph/ (open the .html files to look at them)');
  return {
    name: 'graph',
    shape: `menu trees of ${sizes.join(', ')} steps; 2,000 tangled steps`,
    rows,
    extra,
    ratios,
  };
}
