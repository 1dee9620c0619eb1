// Compiles an in-memory YAML scenario (or a plain object) for runtime tests, failing loudly on errors.
import { stringify } from 'yaml';
import { compileSources } from '../../src/compile/index.js';
import { defaultConfig } from '../../src/config/load-config.js';
import { DEFAULT_LIMITS } from '../../src/load/limits.js';
import { parseYamlSource } from '../../src/load/yaml-source.js';
import type { Scenario } from '../../src/model/scenario.js';

export function scenarioOf(
  source: string | object,
  options: { allowErrors?: boolean } = {},
): Scenario {
  const text = typeof source === 'string' ? source : stringify(source);
  const parsed = parseYamlSource('test.yaml', text, DEFAULT_LIMITS);
  const result = compileSources([parsed], parsed.diagnostics, defaultConfig('.'));
  const errors = result.diagnostics.filter((d) => d.severity === 'error');
  if (errors.length > 0 && !options.allowErrors)
    throw new Error(
      `scenario has errors:\n${errors.map((d) => `${d.line}:${d.column} ${d.message}`).join('\n')}`,
    );
  return result.scenario;
}
