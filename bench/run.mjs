// `npm run bench`: runs the benchmarks and prints each figure with its ratio to a baseline
// measured in the same run. `npm run bench -- validate` runs only the named ones.
// A benchmark returns {name, shape, rows: [[label, wallMs, rssMb]], extra?: [lines], ratio,
// target, memoryRatio?} and, when it has several figures, ratios: [{label, value, target?, exact?,
// min?}]: a ratio is at most its target, exactly it (`exact`) or at least it (`min`); one without a
// target is informational.
import { benchApply } from './apply.mjs';
import { benchPlan } from './plan.mjs';
import { benchValidate } from './validate.mjs';
import { benchKeys } from './keys.mjs';
import { benchLsp } from './lsp.mjs';
import { benchConversations } from './conversations.mjs';
import { benchLive } from './live.mjs';
import { benchEnvs } from './envs.mjs';
import { benchGraph } from './graph.mjs';
import { benchHostile } from './hostile.mjs';
import { benchRules } from './rules.mjs';
import { benchTestgen } from './testgen.mjs';

const BENCHES = {
  validate: benchValidate,
  plan: benchPlan,
  apply: benchApply,
  keys: benchKeys,
  lsp: benchLsp,
  test: benchConversations,
  live: benchLive,
  envs: benchEnvs,
  graph: benchGraph,
  hostile: benchHostile,
  rules: benchRules,
  testgen: benchTestgen,
};
const wanted = process.argv.slice(2).filter((a) => !a.startsWith('-'));
const names = wanted.length > 0 ? wanted : Object.keys(BENCHES);

const verdict = (value, target, exact, min) =>
  exact
    ? value === target
      ? 'met'
      : 'MISSED'
    : min
      ? value >= target
        ? 'within target'
        : 'BELOW TARGET'
      : value <= target
        ? 'within target'
        : 'ABOVE TARGET';

for (const name of names) {
  const bench = BENCHES[name];
  if (!bench) {
    console.error(`unknown benchmark "${name}"; known: ${Object.keys(BENCHES).join(', ')}`);
    process.exit(2);
  }
  const started = performance.now();
  const result = await bench();
  console.log(`\n## ${result.name} — ${result.shape}`);
  const width = Math.max(40, ...result.rows.map(([label]) => label.length));
  for (const [label, wallMs, rssMb] of result.rows) {
    console.log(
      `  ${label.padEnd(width)} ${wallMs.toFixed(0).padStart(7)} ms  ${Number.isFinite(rssMb) ? `${rssMb.toFixed(0).padStart(5)} MB peak` : ''}`,
    );
  }
  for (const line of result.extra ?? []) console.log(`  ${line}`);
  if (result.ratios) {
    for (const r of result.ratios) {
      if (r.target === undefined) {
        console.log(`  ${r.label}: ${r.value.toFixed(2)}x (informational)`);
        continue;
      }
      console.log(
        `  ${r.label}: ${r.value.toFixed(2)}x (target ${r.exact ? 'exactly' : r.min ? '>=' : '<='} ${r.target.toFixed(r.exact ? 2 : 1)}x, ${verdict(r.value, r.target, r.exact, r.min)})`,
      );
    }
  } else {
    console.log(
      `  ratio: ${result.ratio.toFixed(2)}x (target <= ${result.target}x, ${verdict(result.ratio, result.target)})${result.memoryRatio ? `; memory ${result.memoryRatio.toFixed(2)}x` : ''}`,
    );
  }
  console.log(`  (benchmark took ${((performance.now() - started) / 1000).toFixed(0)} s)`);
}
