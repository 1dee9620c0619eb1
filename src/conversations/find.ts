// Finding conversation test files: the config's `tests:` globs (default tests/**/*.test.yaml)
// or the paths given (files, folders, globs). Apart from reading (load.ts), so that the reading
// worker does not load the glob library.
import { stat } from 'node:fs/promises';
import path from 'node:path';
import { glob } from 'tinyglobby';
import { diagnosticAt } from '../diagnostics/make.js';
import type { Diagnostic } from '../diagnostics/types.js';

const DEFAULT_TEST_GLOB = 'tests/**/*.test.yaml';
const TEST_FILE = /\.test\.ya?ml$/;

/** Absolute test file paths for the given inputs (files, folders, globs), or the config's patterns. */
export async function findTestFiles(
  inputs: readonly string[],
  cwd: string,
  configDir: string,
  patterns: readonly string[],
): Promise<{ files: string[]; missing: string[] }> {
  const found = new Set<string>();
  const missing: string[] = [];
  const fromConfig = inputs.length === 0;
  const list = fromConfig ? (patterns.length > 0 ? patterns : [DEFAULT_TEST_GLOB]) : inputs;
  const base = fromConfig ? configDir : cwd;
  for (const input of list) {
    const absolute = path.resolve(base, input);
    const info = await stat(absolute).catch(() => undefined);
    let matches: string[];
    if (info?.isFile()) matches = [absolute];
    else if (info?.isDirectory())
      matches = await glob(['**/*.test.yaml', '**/*.test.yml'], {
        cwd: absolute,
        absolute: true,
        ignore: ['**/node_modules/**'],
      });
    else
      matches = (
        await glob([input], { cwd: base, absolute: true, ignore: ['**/node_modules/**'] })
      ).filter((f) => TEST_FILE.test(f));
    if (matches.length === 0 && !(fromConfig && patterns.length === 0)) missing.push(input);
    for (const m of matches) found.add(path.normalize(m));
  }
  return { files: [...found].sort(), missing };
}

export function noTestFilesDiagnostic(input: string): Diagnostic {
  return diagnosticAt(
    'no-test-files',
    `No conversation test files (*.test.yaml) found at "${input}".`,
    input,
    { line: 1, column: 1, endLine: 1, endColumn: 1 },
  );
}
