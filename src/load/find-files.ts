// Expands the paths a user gives (files, directories, globs) into scenario files, in a stable
// order. File names in diagnostics are shown relative to the working directory.
import type { Stats } from 'node:fs';
import { readdir, readFile, stat } from 'node:fs/promises';
import path from 'node:path';
import { glob, isDynamicPattern } from 'tinyglobby';
import { displayPath } from './display-path.js';

export { displayPath };

export interface FoundFile {
  absolute: string;
  /** Relative to cwd with forward slashes, as shown in diagnostics. */
  display: string;
}

export interface FindResult {
  files: FoundFile[];
  /** Inputs that matched nothing, for a clear message. */
  missing: string[];
}

const SCENARIO_EXTENSIONS = ['.yaml', '.yml', '.ts', '.mts'] as const;
const SKIPPED_DIRS = new Set(['node_modules', 'dist', '.git', '.botform']);

export function isScenarioFile(name: string): boolean {
  if (name.endsWith('.d.ts') || name.startsWith('botform.config.')) return false;
  return SCENARIO_EXTENSIONS.some((ext) => name.endsWith(ext));
}

export function isTypeScriptFile(file: string): boolean {
  return /\.m?ts$/.test(file) && !file.endsWith('.d.ts');
}

/**
 * In a folder, a .ts file is part of the scenario only when it imports botform: other TypeScript
 * in the repository (tools, tests) is neither type-checked nor run. Named explicitly, any .ts is.
 */
async function importsBotform(file: string): Promise<boolean> {
  try {
    return /\bfrom\s*['"]botform['"]/.test(await readFile(file, 'utf8'));
  } catch {
    return false;
  }
}

export async function findScenarioFiles(
  inputs: readonly string[],
  cwd: string,
): Promise<FindResult> {
  const seen = new Set<string>();
  const files: FoundFile[] = [];
  const missing: string[] = [];
  const add = (absolute: string) => {
    if (seen.has(absolute)) return;
    seen.add(absolute);
    files.push({ absolute, display: displayPath(cwd, absolute) });
  };

  for (const input of inputs) {
    if (isDynamicPattern(input)) {
      const matches = await glob(input, {
        cwd,
        absolute: true,
        onlyFiles: true,
        ignore: ['**/node_modules/**'],
      });
      const scenarioMatches = matches.filter((m) => isScenarioFile(path.basename(m))).sort();
      if (scenarioMatches.length === 0) missing.push(input);
      for (const m of scenarioMatches) add(path.normalize(m));
      continue;
    }
    const absolute = path.resolve(cwd, input);
    let info: Stats;
    try {
      info = await stat(absolute);
    } catch {
      missing.push(input);
      continue;
    }
    if (info.isDirectory()) {
      const before = files.length;
      for (const file of await walk(absolute)) add(file);
      if (files.length === before) missing.push(input);
    } else {
      // A file named explicitly is taken whatever its extension; the loader will say if it is not YAML.
      add(absolute);
    }
  }
  return { files, missing };
}

async function walk(directory: string): Promise<string[]> {
  const out: string[] = [];
  const entries = await readdir(directory, { withFileTypes: true });
  entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  for (const entry of entries) {
    const full = path.join(directory, entry.name);
    if (entry.isDirectory()) {
      if (!SKIPPED_DIRS.has(entry.name) && !entry.name.startsWith('.'))
        out.push(...(await walk(full)));
    } else if (
      entry.isFile() &&
      isScenarioFile(entry.name) &&
      (!isTypeScriptFile(entry.name) || (await importsBotform(full)))
    ) {
      out.push(full);
    }
  }
  return out;
}
