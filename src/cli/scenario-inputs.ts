// Which scenario files a command works on: the paths on the command line, else the config's
// `scenario:` entries (relative to the config file).
import path from 'node:path';
import { isDynamicPattern } from 'tinyglobby';
import type { BotformConfig } from '../config/load-config.js';
import { UsageError } from './io.js';

export function scenarioInputs(positionals: readonly string[], config: BotformConfig): string[] {
  if (positionals.length > 0) return [...positionals];
  if (config.scenario.length > 0) {
    return config.scenario.map((entry) =>
      isDynamicPattern(entry)
        ? path.posix.join(config.dir.split(path.sep).join('/'), entry)
        : path.resolve(config.dir, entry),
    );
  }
  throw new UsageError(
    'no scenario given. Name files or directories (e.g. "botform validate scenarios/pizza-shop"), or set `scenario:` in botform.config.yaml.',
  );
}
