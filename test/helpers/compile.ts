// The compile of files with a config in hand (no environments, no variables): load, then the
// pure compile. Commands go through compile/project.ts; these tests check the stages under it.
import { compileSources, type CompileResult } from '../../src/compile/index.js';
import type { BotformConfig } from '../../src/config/load-config.js';
import { loadScenarioSources } from '../../src/load/index.js';

export async function compileFiles(
  inputs: readonly string[],
  options: { cwd: string; config: BotformConfig },
): Promise<CompileResult> {
  const loaded = await loadScenarioSources(inputs, { cwd: options.cwd });
  return compileSources(loaded.sources, loaded.diagnostics, options.config);
}
