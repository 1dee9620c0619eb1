// `npm run bench`: runs the benchmarks and prints each figure with its ratio to a baseline
// measured in the same run. `npm run bench -- validate` runs only the named ones.
import { benchValidate } from './validate.mjs';

const BENCHES = { validate: benchValidate };
const wanted = process.argv.slice(2).filter((a) => !a.startsWith('-'));
const names = wanted.length > 0 ? wanted : Object.keys(BENCHES);

for (const name of names) {
  const bench = BENCHES[name];
  if (!bench) {
    console.error(`unknown benchmark "${name}"; known: ${Object.keys(BENCHES).join(', ')}`);
    process.exit(2);
  }
  const result = await bench();
  console.log(`\n## ${result.name} — ${result.shape}`);
  for (const [label, wallMs, rssMb] of result.rows) {
    console.log(`  ${label.padEnd(40)} ${wallMs.toFixed(0).padStart(7)} ms  ${Number.isFinite(rssMb) ? `${rssMb.toFixed(0).padStart(5)} MB peak` : ''}`);
  }
  for (const line of result.extra ?? []) console.log(`  ${line}`);
  const verdict = result.ratio <= result.target ? 'within target' : 'ABOVE TARGET';
  console.log(`  ratio: ${result.ratio.toFixed(2)}x (target <= ${result.target}x, ${verdict})${result.memoryRatio ? `; memory ${result.memoryRatio.toFixed(2)}x` : ''}`);
}
