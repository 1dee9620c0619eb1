// load/: finds scenario files and turns each into a plain value with a locator (YAML here, the
// TypeScript DSL in ts/). Nothing past this stage sees text or positions.
import { fileDiagnostic, parseYamlSource, type ParsedSource } from './yaml-source.js';
import { findScenarioFiles, isTypeScriptFile } from './find-files.js';
import { DEFAULT_LIMITS, type LoadLimits } from './limits.js';
import { readScenarioText } from './read-text.js';
import { diagnosticAt } from '../diagnostics/make.js';
import type { Diagnostic } from '../diagnostics/types.js';

export type { ParsedSource } from './yaml-source.js';

export interface LoadOptions {
  cwd: string;
  limits?: Partial<LoadLimits>;
}

export interface LoadResult {
  sources: ParsedSource[];
  diagnostics: Diagnostic[];
}

/** Loads every scenario file under the given inputs. Problems are returned, never thrown. */
export async function loadScenarioSources(inputs: readonly string[], options: LoadOptions): Promise<LoadResult> {
  const limits: LoadLimits = { ...DEFAULT_LIMITS, ...options.limits };
  const { files, missing } = await findScenarioFiles(inputs, options.cwd);
  const diagnostics: Diagnostic[] = [];
  for (const input of missing) {
    diagnostics.push(
      diagnosticAt('no-scenario-files', `No scenario files (.yaml, .yml, .ts) found at "${input}".`, input, { line: 1, column: 1, endLine: 1, endColumn: 1 }),
    );
  }
  if (files.length === 0 && missing.length === 0) {
    diagnostics.push(diagnosticAt('no-scenario-files', 'No scenario files were given.', '.', { line: 1, column: 1, endLine: 1, endColumn: 1 }));
  }

  const sources: ParsedSource[] = [];
  const tsFiles = files.filter((f) => isTypeScriptFile(f.absolute));
  const yamlFiles = files.filter((f) => !isTypeScriptFile(f.absolute));

  // Reading is I/O-bound; parse as each file arrives.
  const parsed = await Promise.all(
    yamlFiles.map(async (file): Promise<ParsedSource | Diagnostic> => {
      const read = await readScenarioText(file.absolute, limits.maxFileBytes);
      if (!read.ok) return fileDiagnostic(file.display, read.code, read.message);
      return parseYamlSource(file.display, read.text, limits);
    }),
  );
  for (const result of parsed) {
    if ('locator' in result) {
      sources.push(result);
      diagnostics.push(...result.diagnostics);
    } else {
      diagnostics.push(result);
    }
  }

  if (tsFiles.length > 0) {
    // The TypeScript compiler is large: it is loaded only when a scenario has .ts files.
    const { loadTypeScriptSources } = await import('./ts/index.js');
    const ts = await loadTypeScriptSources(tsFiles, { cwd: options.cwd, limits });
    sources.push(...ts.sources);
    diagnostics.push(...ts.diagnostics);
  }
  sources.sort((a, b) => (a.file < b.file ? -1 : a.file > b.file ? 1 : 0));
  return { sources, diagnostics };
}
