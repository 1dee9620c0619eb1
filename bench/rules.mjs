// Benchmark (issue 24): the team rules of the kinds the example has — a step rule, an every-path
// rule, a never rule and a bounded reaches rule over 5,000 starts — on the 50,000-step generated
// scenario, as `botform validate` runs them. The baseline is validate of the same files without
// the rule file, measured in the same rounds (median of 3, taking turns). Target: the rules add
// at most the validate time (ratio of the added time to validate ≤ 1).
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { generateScenario } from './generate.mjs';
import { measureNode, median } from './measure.mjs';

const ROOT = fileURLToPath(new URL('../', import.meta.url));
const BOTFORM = path.join(ROOT, 'bin', 'botform.js');
const STEPS = 50_000;

const RULES = `rules:
  - id: catalogs-offer-something
    message: A catalog offers at least one button.
    steps: {type: catalog}
    require: size(step.menu) > 0
  - id: last-step-after-first
    message: The last step is reached only past the second.
    every_path: {to: s49999}
    passes: s00001
  - id: no-way-back-from-the-end
    message: The last step never leads back to the fourth.
    never: {from: s49999, to: s00003}
  - id: catalogs-reach-a-message
    message: From a catalog a message is at most two steps away.
    from: {type: catalog}
    reaches: {type: message}
    within: 2
`;

export async function benchRules({ runs = 3 } = {}) {
  const base = path.join(ROOT, 'bench', 'out', 'rules');
  rmSync(base, { recursive: true, force: true });
  const plain = path.join(base, 'plain');
  const ruled = path.join(base, 'ruled');
  for (const dir of [plain, ruled]) {
    generateScenario(path.join(dir, 'scenario'), { steps: STEPS, files: 100 });
    writeFileSync(path.join(dir, 'botform.config.yaml'), 'scenario: scenario\n');
  }
  mkdirSync(path.join(ruled, 'rules'));
  writeFileSync(path.join(ruled, 'rules', 'bench.rules.yaml'), RULES);
  // Warm the files and the code once each.
  await measureNode([BOTFORM, 'validate', '--quiet'], { cwd: plain });
  await measureNode([BOTFORM, 'validate', '--quiet'], { cwd: ruled, expectCode: 1 });
  const without = [];
  const withRules = [];
  for (let i = 0; i < runs; i++) {
    without.push(await measureNode([BOTFORM, 'validate', '--quiet'], { cwd: plain }));
    // The every-path and never rules are broken once each: exit 1 with two findings.
    withRules.push(
      await measureNode([BOTFORM, 'validate', '--quiet'], { cwd: ruled, expectCode: 1 }),
    );
  }
  const a = median(without.map((r) => r.wallMs));
  const b = median(withRules.map((r) => r.wallMs));
  return {
    name: 'rules',
    shape: `validate of ${STEPS.toLocaleString('en-US')} steps (200,000 buttons) without and with 4 path and step rules; median of ${runs}`,
    rows: [
      ['validate, no rules', a, median(without.map((r) => r.maxRssKb / 1024))],
      ['validate with the rules', b, median(withRules.map((r) => r.maxRssKb / 1024))],
    ],
    extra: [`the rules added ${(b - a).toFixed(0)} ms`],
    ratio: (b - a) / a,
    target: 1,
  };
}
