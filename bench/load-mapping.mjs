// Child process of the keys benchmark: loads and checks one in-memory scenario file whose
// `steps:` mapping has N keys (a chain of minimal steps), the way `botform validate` does after
// reading the file. In memory because such a file is over the 8 MB file limit on disk.
// Usage: node bench/load-mapping.mjs N
import { compileSources } from '../dist/compile/index.js';
import { defaultConfig } from '../dist/config/load-config.js';
import { DEFAULT_LIMITS } from '../dist/load/limits.js';
import { parseYamlSource } from '../dist/load/yaml-source.js';

const n = Number(process.argv[2] ?? 200_000);
const key = (i) => `k${i.toString(36)}`;
const lines = [`start: ${key(0)}`, 'steps:'];
for (let i = 0; i < n; i++)
  lines.push(
    `  ${key(i)}: {type: message, text: x, ${i + 1 < n ? `next: ${key(i + 1)}` : 'end: true'}}`,
  );
const text = `${lines.join('\n')}\n`;
const source = parseYamlSource('mapping.yaml', text, DEFAULT_LIMITS);
const result = compileSources([source], source.diagnostics, defaultConfig(process.cwd()));
const errors = result.diagnostics.filter((d) => d.severity === 'error');
if (errors.length > 0 || result.scenario.steps.size !== n) {
  console.error(
    `unexpected: ${errors.length} errors (${errors[0]?.code} ${errors[0]?.message}), ${result.scenario.steps.size} steps`,
  );
  process.exit(1);
}
