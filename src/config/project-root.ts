// Where a project is: the folder of botform.config.yaml, found from the current folder upwards
// (as git finds .git), else the current folder itself. Everything of one project is there: the
// config every command reads (so `ignore:` holds wherever in the checkout a command runs), apply's
// lock and journal (.botform/locks, .botform/journal), and the embedded emulator's data
// (.botform/emulator.sqlite) — whichever subfolder a command starts in, and wherever the scenario
// it names lies.
import { existsSync } from 'node:fs';
import path from 'node:path';

const CONFIG_NAMES = ['botform.config.yaml', 'botform.config.yml'];

/** The config file: `explicit` (relative to cwd) when given, else the first found upwards. */
export function findConfigFile(cwd: string, explicit?: string): string | undefined {
  if (explicit !== undefined) return path.resolve(cwd, explicit);
  for (let dir = path.resolve(cwd); ; ) {
    for (const name of CONFIG_NAMES) {
      const file = path.join(dir, name);
      if (existsSync(file)) return file;
    }
    const parent = path.dirname(dir);
    if (parent === dir) return undefined;
    dir = parent;
  }
}

/** The project root: the config's folder (an explicit `-c` file's too), else cwd. */
export function projectRoot(cwd: string, explicitConfig?: string): string {
  const config = findConfigFile(cwd, explicitConfig);
  return config === undefined ? path.resolve(cwd) : path.dirname(config);
}
