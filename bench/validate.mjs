// Benchmark (issue 11): `botform validate` at 1,000, 10,000 and 50,000 steps (the generated
// scenario with expressions: 100 files, 4 buttons a step, one step in 10 a condition, a template
// in one text of 5), side by side with, on the same files and the same schemas:
// - the floor: js-yaml 4 + ajv in one process (bench/floor-validate.mjs js-yaml);
// - the previous floor: yaml + ajv in one process (bench/floor-validate.mjs yaml);
// - Stoplight Spectral, the linter a user would otherwise pick, with one rule applying
//   scenario.schema.json to every file (bench/spectral.mjs; installed for the benchmark only,
//   skipped with a line saying why when it cannot be installed).
// Each figure is the median of 3 runs, each a separate node process measured with measureNode
// (wall time and peak RSS from the preloaded hook); the tools take turns within each round so
// that load on a shared machine falls on all of them alike. Before the rounds at each size, one
// warm-up run of each tool (Spectral's only at the first size: the others have warmed the files).
// A Spectral run at 50,000 steps over 2 minutes is not repeated: its one run is the figure.
// Sanity check at the first size: a copy with one broken step must be reported by Spectral and
// both floors, and every measured Spectral run on the valid files must report nothing.
// Targets: botform ÷ js-yaml floor at most 1.5 (wall and peak memory) at 10,000 and 50,000
// steps; Spectral ÷ botform at least 5 at 10,000 steps. The rest is informational.
import { cpSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { generateScenario } from './generate.mjs';
import { measureNode, median, neutralCwd } from './measure.mjs';
import { ensureSpectral, measureSpectral, SPECTRAL_VERSION, writeRuleset } from './spectral.mjs';

const ROOT = fileURLToPath(new URL('../', import.meta.url));
const OUT = path.join(ROOT, 'bench', 'out');
const FLOOR = path.join(ROOT, 'bench', 'floor-validate.mjs');
const BOTFORM = path.join(ROOT, 'bin', 'botform.js');
const SIZES = [1_000, 10_000, 50_000];
const SLOW_SPECTRAL_MS = 120_000;
const fmt = (n) => n.toLocaleString('en-US');

export async function benchValidate({ runs = 3, sizes = SIZES } = {}) {
  const extra = [];
  const spectral = ensureSpectral();
  let ruleset;
  if (spectral.skipped) {
    const line = `Spectral skipped: ${spectral.skipped}`;
    console.log(`  ${line}`);
    extra.push(line);
  } else {
    ruleset = writeRuleset(OUT);
    extra.push(
      `Spectral: @stoplight/spectral-cli ${SPECTRAL_VERSION} (bench/.tools/spectral), ruleset ${path.relative(ROOT, ruleset)}: one rule, core function \`schema\` on \`$\` of every file, scenario.schema.json with the schemas it references bundled into one object (draft7, allErrors)`,
    );
  }
  const tools = [
    {
      key: 'jsyaml',
      label: 'js-yaml 4 + ajv (floor)',
      run: (dir) => measureNode([FLOOR, 'js-yaml', dir], { cwd: ROOT }),
    },
    {
      key: 'yaml',
      label: 'yaml + ajv (previous floor)',
      run: (dir) => measureNode([FLOOR, 'yaml', dir], { cwd: ROOT }),
    },
    {
      key: 'botform',
      label: 'botform validate --quiet (whole CLI)',
      run: (dir) => measureNode([BOTFORM, 'validate', dir, '--quiet'], { cwd: neutralCwd() }),
    },
    ...(ruleset
      ? [
          {
            key: 'spectral',
            label: `Spectral ${SPECTRAL_VERSION} (schema rule)`,
            run: (dir) => measureSpectral(spectral.bin, ruleset, dir),
          },
        ]
      : []),
  ];

  const rows = [];
  const figures = new Map(); // steps -> key -> {wallMs, maxRssMb}
  for (const steps of sizes) {
    const dir = path.join(OUT, `validate-${steps / 1000}k`);
    generateScenario(dir, { steps, expressions: true });
    if (steps === sizes[0]) extra.push(await sanityCheck(dir, ruleset && spectral.bin, ruleset));
    for (const tool of tools)
      if (tool.key !== 'spectral' || steps === sizes[0]) await tool.run(dir);
    const samples = new Map(tools.map((t) => [t.key, []]));
    for (let round = 0; round < runs; round++) {
      for (const tool of tools) {
        const taken = samples.get(tool.key);
        if (tool.key === 'spectral' && taken.length === 1 && taken[0].wallMs > SLOW_SPECTRAL_MS)
          continue;
        taken.push(await tool.run(dir));
      }
    }
    const at = new Map();
    for (const tool of tools) {
      const taken = samples.get(tool.key);
      const figure = {
        wallMs: median(taken.map((r) => r.wallMs)),
        maxRssMb: median(taken.map((r) => r.maxRssMb)),
      };
      at.set(tool.key, figure);
      rows.push([
        `${fmt(steps)} steps: ${tool.label}${taken.length < runs ? ` (${taken.length} run)` : ''}`,
        figure.wallMs,
        figure.maxRssMb,
      ]);
      if (taken.length < runs)
        extra.push(
          `Spectral at ${fmt(steps)} steps: one run took ${(taken[0].wallMs / 1000).toFixed(0)} s (> ${SLOW_SPECTRAL_MS / 1000} s), so it ran once, not ${runs} times`,
        );
    }
    figures.set(steps, at);
  }

  const ratios = [];
  for (const steps of sizes) {
    const at = figures.get(steps);
    const [bot, floor, prev, spec] = ['botform', 'jsyaml', 'yaml', 'spectral'].map((k) =>
      at.get(k),
    );
    const target = steps >= 10_000 ? 1.5 : undefined;
    ratios.push({
      label: `${fmt(steps)} steps: botform ÷ js-yaml floor, wall`,
      value: bot.wallMs / floor.wallMs,
      target,
    });
    ratios.push({
      label: `${fmt(steps)} steps: botform ÷ js-yaml floor, peak memory`,
      value: bot.maxRssMb / floor.maxRssMb,
      target,
    });
    ratios.push({
      label: `${fmt(steps)} steps: botform ÷ yaml floor, wall`,
      value: bot.wallMs / prev.wallMs,
    });
    ratios.push({
      label: `${fmt(steps)} steps: botform ÷ yaml floor, peak memory`,
      value: bot.maxRssMb / prev.maxRssMb,
    });
    if (spec)
      ratios.push({
        label: `${fmt(steps)} steps: Spectral ÷ botform, wall`,
        value: spec.wallMs / bot.wallMs,
        target: steps === 10_000 ? 5 : undefined,
        min: true,
      });
  }
  return {
    name: 'validate',
    shape: `${sizes.map(fmt).join(' / ')} steps, 100 files, 4 buttons a step, 1 condition per 10 steps, a template in 1 text of 5; median of ${runs} processes`,
    rows,
    extra,
    ratios,
  };
}

// One broken step (an unknown step type) in a copy of `dir`: each checker must report it, or the
// comparison would be with something that checks nothing.
async function sanityCheck(dir, spectralBin, ruleset) {
  const broken = `${dir}-broken`;
  rmSync(broken, { recursive: true, force: true });
  cpSync(dir, broken, { recursive: true });
  const file = path.join(broken, 'part-003.yaml');
  const text = readFileSync(file, 'utf8');
  if (!text.includes('    type: message\n'))
    throw new Error(`sanity check: no message step in ${file}`);
  writeFileSync(file, text.replace('    type: message\n', '    type: messagee\n'));
  await measureNode([FLOOR, 'js-yaml', broken], { cwd: ROOT, expectCode: 1 });
  await measureNode([FLOOR, 'yaml', broken], { cwd: ROOT, expectCode: 1 });
  let line = 'sanity check: a copy with one broken step is reported by both floors';
  if (spectralBin) {
    const { results } = await measureSpectral(spectralBin, ruleset, broken, { expectErrors: true });
    line += ` and by Spectral (${results.length} errors, the first: ${results[0].message}); every Spectral run on the valid files reported nothing`;
  }
  rmSync(broken, { recursive: true, force: true });
  return line;
}
