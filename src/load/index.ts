// load/: finds scenario files and turns each into a plain value with a locator (YAML here, the
// TypeScript DSL in ts/). Nothing past this stage sees text or positions.
import { stat } from 'node:fs/promises';
import { fileDiagnostic, parseYamlSource, type ParsedSource } from './yaml-source.js';
import { findScenarioFiles, isTypeScriptFile } from './find-files.js';
import { DEFAULT_LIMITS, type LoadLimits } from './limits.js';
import { readScenarioText, scenarioTextInMemory } from './read-text.js';
import { loneSurrogates } from './well-formed.js';
import { diagnosticAt } from '../diagnostics/make.js';
import type { Diagnostic } from '../diagnostics/types.js';

export type { ParsedSource } from './yaml-source.js';

export interface LoadOptions {
  cwd: string;
  limits?: Partial<LoadLimits>;
  /** Texts held by an editor, by absolute path: read instead of the file on disk. */
  overlay?: ReadonlyMap<string, string>;
  /** Parsed files kept between loads (the language server's): a file whose text is unchanged is not parsed again. */
  cache?: SourceCache;
}

export interface SourceCache {
  yaml: Map<string, { text: string; source: ParsedSource }>;
  /** The TypeScript files' sources, valid while the files' sizes and modification times stay the same. */
  typescript?: { stamp: string; sources: ParsedSource[]; diagnostics: Diagnostic[] };
}

export interface LoadResult {
  sources: ParsedSource[];
  diagnostics: Diagnostic[];
}

/** Loads every scenario file under the given inputs. Problems are returned, never thrown. */
export async function loadScenarioSources(
  inputs: readonly string[],
  options: LoadOptions,
): Promise<LoadResult> {
  const limits: LoadLimits = { ...DEFAULT_LIMITS, ...options.limits };
  const { files, missing } = await findScenarioFiles(inputs, options.cwd);
  const diagnostics: Diagnostic[] = [];
  for (const input of missing) {
    diagnostics.push(
      diagnosticAt(
        'no-scenario-files',
        `No scenario files (.yaml, .yml, .ts) found at "${input}".`,
        input,
        { line: 1, column: 1, endLine: 1, endColumn: 1 },
      ),
    );
  }
  if (files.length === 0 && missing.length === 0) {
    diagnostics.push(
      diagnosticAt('no-scenario-files', 'No scenario files were given.', '.', {
        line: 1,
        column: 1,
        endLine: 1,
        endColumn: 1,
      }),
    );
  }

  const sources: ParsedSource[] = [];
  const tsFiles = files.filter((f) => isTypeScriptFile(f.absolute));
  const yamlFiles = files.filter((f) => !isTypeScriptFile(f.absolute));

  // Reading is I/O-bound; parse as each file arrives.
  const parsed = await Promise.all(
    yamlFiles.map(async (file): Promise<ParsedSource | Diagnostic> => {
      const inMemory = options.overlay?.get(file.absolute);
      const read =
        inMemory !== undefined
          ? scenarioTextInMemory(inMemory, limits.maxFileBytes)
          : await readScenarioText(file.absolute, limits.maxFileBytes);
      if (!read.ok) return fileDiagnostic(file.display, read.code, read.message);
      const cached = options.cache?.yaml.get(file.absolute);
      if (cached && cached.text === read.text && cached.source.file === file.display)
        return cached.source;
      const source = parseYamlSource(file.display, read.text, limits);
      options.cache?.yaml.set(file.absolute, { text: read.text, source });
      return source;
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
    const stamp = options.cache ? await typeScriptStamp(tsFiles.map((f) => f.absolute)) : '';
    const kept = options.cache?.typescript;
    let ts: { sources: ParsedSource[]; diagnostics: Diagnostic[] };
    if (kept && kept.stamp === stamp) {
      ts = kept;
    } else {
      const { loadTypeScriptSources } = await import('./ts/index.js');
      ts = await loadTypeScriptSources(tsFiles, { cwd: options.cwd, limits });
      // Any string a program builds may be ill-formed (String.fromCharCode(0xd800)).
      for (const source of ts.sources)
        if (source.value !== undefined)
          ts.diagnostics.push(...loneSurrogates(source.value, source.locator));
      if (options.cache) options.cache.typescript = { stamp, ...ts };
    }
    sources.push(...ts.sources);
    diagnostics.push(...ts.diagnostics);
  }
  sources.sort((a, b) => (a.file < b.file ? -1 : a.file > b.file ? 1 : 0));
  return { sources, diagnostics };
}

async function typeScriptStamp(files: readonly string[]): Promise<string> {
  const parts = await Promise.all(
    files.map(async (file) => {
      try {
        const info = await stat(file);
        return `${file}:${info.size}:${info.mtimeMs}`;
      } catch {
        return `${file}:missing`;
      }
    }),
  );
  return parts.join('\n');
}
