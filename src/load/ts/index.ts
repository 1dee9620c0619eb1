// The TypeScript DSL loader (ts-morph): type-checks scenario files, reports TypeScript errors
// as botform diagnostics, then runs them — emitted to a temporary folder, with `botform`
// imports pointed at the DSL — and reads each file's default export as a scenario document.
// Loading a .ts scenario runs its code, like any build script in the repository.
import { mkdtemp, mkdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { Node, Project, ts, type Diagnostic as TsDiagnostic } from 'ts-morph';
import { diagnosticAt } from '../../diagnostics/make.js';
import type { Diagnostic } from '../../diagnostics/types.js';
import type { FoundFile } from '../find-files.js';
import { displayPath } from '../find-files.js';
import type { LoadLimits } from '../limits.js';
import { readScenarioText } from '../read-text.js';
import type { ParsedSource } from '../yaml-source.js';
import { transitionTypos } from './transition-typo.js';
import { tsLocator } from './ts-locator.js';

// Scenario files import the built DSL (types and code) from the package's dist/, wherever this
// module itself runs from (dist/ normally; src/ under the test runner).
const PACKAGE_ROOT = fileURLToPath(new URL('../../../', import.meta.url));
const DSL_DIR = path.join(PACKAGE_ROOT, 'dist', 'dsl');
const DSL_TYPES = path.join(DSL_DIR, 'index.d.ts');
const DSL_MODULE = pathToFileURL(path.join(DSL_DIR, 'index.js')).href;

export interface TsLoadResult {
  sources: ParsedSource[];
  diagnostics: Diagnostic[];
}

export async function loadTypeScriptSources(
  files: readonly FoundFile[],
  options: { cwd: string; limits: LoadLimits },
): Promise<TsLoadResult> {
  const diagnostics: Diagnostic[] = [];
  const project = new Project({
    skipAddingFilesFromTsConfig: true,
    compilerOptions: {
      strict: true,
      target: ts.ScriptTarget.ES2022,
      module: ts.ModuleKind.ESNext,
      moduleResolution: ts.ModuleResolutionKind.Bundler,
      moduleDetection: ts.ModuleDetectionKind.Force,
      allowImportingTsExtensions: true,
      rewriteRelativeImportExtensions: true,
      skipLibCheck: true,
      types: [],
      lib: ['lib.es2023.d.ts'],
      paths: { botform: [DSL_TYPES] },
      sourceMap: false,
      declaration: false,
    },
  });
  const readable: FoundFile[] = [];
  for (const file of files) {
    const read = await readScenarioText(file.absolute, options.limits.maxFileBytes);
    if (!read.ok) {
      diagnostics.push(
        diagnosticAt(read.code, read.message, file.display, {
          line: 1,
          column: 1,
          endLine: 1,
          endColumn: 1,
        }),
      );
      continue;
    }
    project.createSourceFile(file.absolute, read.text, { overwrite: true });
    readable.push(file);
  }
  if (readable.length === 0) return { sources: [], diagnostics };
  project.resolveSourceFileDependencies();

  const typeErrors = project
    .getPreEmitDiagnostics()
    .filter((d) => d.getCategory() === ts.DiagnosticCategory.Error)
    .flatMap((d) => toDiagnostics(d, options.cwd));
  diagnostics.push(...typeErrors);

  // A .ts file without a default export is a helper module that scenarios import, not a scenario.
  const scenarioFiles = readable.filter((f) =>
    project
      .getSourceFileOrThrow(f.absolute)
      .getStatements()
      .some((s) => Node.isExportAssignment(s) && !s.isExportEquals()),
  );
  const sources: ParsedSource[] = [];
  const evaluated =
    typeErrors.length === 0
      ? await evaluate(project, scenarioFiles)
      : new Map<string, EvalResult>();
  for (const file of scenarioFiles) {
    const sourceFile = project.getSourceFileOrThrow(file.absolute);
    const locator = tsLocator(file.display, sourceFile);
    const result = evaluated.get(file.absolute);
    if (!result) {
      sources.push({ file: file.display, value: undefined, locator, diagnostics: [] });
      continue;
    }
    if (!result.ok) {
      const d = diagnosticAt('ts-evaluation', result.message, file.display, locator.locate([]));
      diagnostics.push(d);
      sources.push({ file: file.display, value: undefined, locator, diagnostics: [d] });
      continue;
    }
    sources.push({ file: file.display, value: result.value, locator, diagnostics: [] });
  }
  return { sources, diagnostics };
}

function toDiagnostics(d: TsDiagnostic, cwd: string): Diagnostic[] {
  const sourceFile = d.getSourceFile();
  const typos = sourceFile ? transitionTypos(d, sourceFile) : undefined;
  if (!sourceFile || !typos) return [toDiagnostic(d, cwd)];
  return typos.map((typo) => {
    const from = sourceFile.getLineAndColumnAtPos(typo.start);
    const to = sourceFile.getLineAndColumnAtPos(typo.end);
    return diagnosticAt('ts-error', typo.message, displayPath(cwd, sourceFile.getFilePath()), {
      line: from.line,
      column: from.column,
      endLine: to.line,
      endColumn: to.column,
    });
  });
}

function toDiagnostic(d: TsDiagnostic, cwd: string): Diagnostic {
  const sourceFile = d.getSourceFile();
  const message = `TS${d.getCode()}: ${ts.flattenDiagnosticMessageText(d.compilerObject.messageText, '\n')}`;
  if (!sourceFile)
    return diagnosticAt('ts-error', message, '.', { line: 1, column: 1, endLine: 1, endColumn: 1 });
  const start = d.getStart() ?? 0;
  const from = sourceFile.getLineAndColumnAtPos(start);
  const to = sourceFile.getLineAndColumnAtPos(start + (d.getLength() ?? 0));
  return diagnosticAt('ts-error', message, displayPath(cwd, sourceFile.getFilePath()), {
    line: from.line,
    column: from.column,
    endLine: to.line,
    endColumn: to.column,
  });
}

type EvalResult = { ok: true; value: unknown } | { ok: false; message: string };

async function evaluate(
  project: Project,
  entries: readonly FoundFile[],
): Promise<Map<string, EvalResult>> {
  const results = new Map<string, EvalResult>();
  const emitted = project.emitToMemory().getFiles();
  const sourcePaths = project
    .getSourceFiles()
    .filter((f) => !f.isDeclarationFile())
    .map((f) => f.getFilePath());
  const root = commonDir(sourcePaths);
  const outDir = await mkdtemp(path.join(tmpdir(), 'botform-ts-'));
  try {
    for (const file of emitted) {
      if (!file.filePath.endsWith('.js')) continue;
      // Emitted next to its source; move it under outDir, keeping the relative layout.
      const target = path.join(outDir, path.relative(root, file.filePath));
      await mkdir(path.dirname(target), { recursive: true });
      await writeFile(target, pointImports(file.text));
    }
    for (const entry of entries) {
      const js = path.join(outDir, path.relative(root, entry.absolute)).replace(/\.m?ts$/, '.js');
      try {
        const module = (await import(pathToFileURL(js).href)) as { default?: unknown };
        results.set(entry.absolute, plainDocument(module.default));
      } catch (error) {
        results.set(entry.absolute, {
          ok: false,
          message: `Running the file failed: ${error instanceof Error ? error.message : String(error)}`,
        });
      }
    }
  } finally {
    await rm(outDir, { recursive: true, force: true });
  }
  return results;
}

/** `botform` resolves to the DSL wherever the scenario lives; relative imports get their .js. */
function pointImports(js: string): string {
  return js
    .replace(
      /(\bfrom\s*|\bimport\s*\(\s*|\bimport\s+)(['"])botform\2/g,
      (_, lead: string, q: string) => `${lead}${q}${DSL_MODULE}${q}`,
    )
    .replace(
      /(\bfrom\s*|\bimport\s*\(\s*|\bimport\s+)(['"])(\.{1,2}\/[^'"]*?)\2/g,
      (_, lead: string, q: string, spec: string) => {
        const fixed = /\.(m?js|json)$/.test(spec) ? spec : `${spec.replace(/\.m?ts$/, '')}.js`;
        return `${lead}${q}${fixed}${q}`;
      },
    );
}

function plainDocument(value: unknown): EvalResult {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) {
    return {
      ok: false,
      message:
        'The file must `export default scenario({ ... })` (its default export is not a scenario).',
    };
  }
  try {
    // Only data crosses over: functions, undefined and class instances' prototypes are dropped.
    return { ok: true, value: JSON.parse(JSON.stringify(value)) as unknown };
  } catch (error) {
    return {
      ok: false,
      message: `The exported scenario is not plain data: ${error instanceof Error ? error.message : String(error)}`,
    };
  }
}

function commonDir(paths: readonly string[]): string {
  const split = paths.map((p) => path.dirname(p).split(path.sep));
  const first = split[0] ?? [];
  let n = first.length;
  for (const parts of split) {
    let i = 0;
    while (i < n && parts[i] === first[i]) i++;
    n = i;
  }
  return first.slice(0, n).join(path.sep) || path.sep;
}
