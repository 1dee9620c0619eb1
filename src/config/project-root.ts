// The project root: the folder of botform.config.yaml (looked for from `start` upwards), else
// `start` itself. Apply keeps its lock and journal there (.botform/locks, .botform/journal), so
// that applies started from different subfolders of one checkout still take turns and resume
// each other's journals.
import { existsSync } from 'node:fs';
import path from 'node:path';
import { CONFIG_NAMES } from './load-config.js';

export function projectRoot(start: string): string {
  for (let dir = path.resolve(start); ; ) {
    if (CONFIG_NAMES.some((name) => existsSync(path.join(dir, name)))) return dir;
    const parent = path.dirname(dir);
    if (parent === dir) return path.resolve(start);
    dir = parent;
  }
}
