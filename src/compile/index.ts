// compile/: the front half of the pipeline. `compileSources` is the pure part — schema-validate
// parsed sources, build the IR, check the graph, the API declarations and the expressions, apply
// the config's severities. Commands and the editor reach it through one entry,
// `compileProject` (project.ts), which loads the files and fills in an environment's variables.
// Returns data; prints nothing.
import type { BotformConfig } from '../config/load-config.js';
import { applySeverityOverrides, sortDiagnostics } from '../diagnostics/make.js';
import type { Diagnostic, SourceLocator } from '../diagnostics/types.js';
import { checkScenarioGraph } from '../graph/index.js';
import type { ParsedSource } from '../load/index.js';
import type { Scenario } from '../model/scenario.js';
import { checkApiDeclarations } from '../validate/api-declaration.js';
import { buildScenario } from '../validate/build-scenario.js';
import { schemaErrors } from '../validate/schema-verdict.js';
import { translateSchemaErrors } from '../validate/translate-errors.js';
import { diagnosticAt } from '../diagnostics/make.js';
import { isRecord } from '../model/json.js';
import { checkExpressions } from '../expr/check-scenario.js';

export interface CompileResult {
  scenario: Scenario;
  diagnostics: Diagnostic[];
  files: string[];
  locators: Map<string, SourceLocator>;
}

/** From parsed sources on: what compileProject runs, and what tests feed directly. */
export function compileSources(
  sources: readonly ParsedSource[],
  loadDiagnostics: readonly Diagnostic[],
  config: BotformConfig,
): CompileResult {
  const diagnostics: Diagnostic[] = [...loadDiagnostics];
  const unchecked = new Set<string>();
  const locators = new Map<string, SourceLocator>();
  const usable = [];
  for (const source of sources) {
    locators.set(source.file, source.locator);
    if (source.value === undefined) continue;
    const errors = schemaErrors('scenario', source.value);
    if (errors) {
      const schemaDiagnostics = translateSchemaErrors(errors, source.locator);
      for (const d of schemaDiagnostics)
        if (d.path[0] === 'steps' && typeof d.path[1] === 'string') unchecked.add(d.path[1]);
      diagnostics.push(...schemaDiagnostics);
    }
    usable.push({ file: source.file, value: source.value, locator: source.locator });
  }
  const built = buildScenario(usable);
  diagnostics.push(...built.diagnostics);
  const knownKeys = new Set([...built.scenario.steps.keys(), ...built.brokenKeys]);
  const unreadable =
    sources.length === 0 || sources.some((s) => s.value === undefined || !isRecord(s.value));
  // When a file could not be read at all, its steps are unknown: graph findings would be noise.
  if (!unreadable) {
    diagnostics.push(
      ...checkScenarioGraph(built.scenario, locators, {
        knownKeys,
        unchecked,
        channels: config.channels,
      }),
    );
  }
  const report = (
    code: Parameters<typeof diagnosticAt>[0],
    message: string,
    file: string,
    path: readonly (string | number)[],
    target?: 'key' | 'value',
    extras = {},
  ) => {
    const range = locators.get(file)?.locate(path, target) ?? {
      line: 1,
      column: 1,
      endLine: 1,
      endColumn: 1,
    };
    return diagnosticAt(code, message, file, range, path, extras);
  };
  diagnostics.push(...checkApiDeclarations(built.scenario, report));
  if (!unreadable)
    diagnostics.push(
      ...checkExpressions(built.scenario, locators, { variables: config.variables, unchecked }),
    );
  return {
    scenario: built.scenario,
    diagnostics: sortDiagnostics(applySeverityOverrides(diagnostics, config.rules)),
    files: sources.map((s) => s.file),
    locators,
  };
}
