// Where an environment's scenario is: the command line's paths, else the environment's own
// `scenario:`, else the config's (entries relative to the config file; globs stay globs).
import path from 'node:path';
import { isDynamicPattern } from 'tinyglobby';
import type { BotformConfig } from '../config/load-config.js';
import type { ResolvedEnvironment } from './resolve.js';

/** Empty when nothing names a scenario: the caller says so in its own words. */
export function scenarioInputs(
  paths: readonly string[],
  config: BotformConfig,
  env: ResolvedEnvironment | undefined,
): string[] {
  if (paths.length > 0) return [...paths];
  const entries = env?.scenario?.value ?? config.scenario;
  return entries.map((entry) =>
    isDynamicPattern(entry)
      ? path.posix.join(config.dir.split(path.sep).join('/'), entry)
      : path.resolve(config.dir, entry),
  );
}
