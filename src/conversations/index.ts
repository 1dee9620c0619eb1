// conversations/: conversation test files (*.test.yaml), checking them against the scenario,
// running them locally on the runtime, and transition coverage. The CLI (`botform test`) and
// the live runner (the messaging branch) build on these functions; nothing here prints.
import path from 'node:path';
import type { CoverageMap } from 'istanbul-lib-coverage';
import type { CompileResult } from '../compile/index.js';
import type { BotformConfig } from '../config/load-config.js';
import { sortDiagnostics } from '../diagnostics/make.js';
import type { Diagnostic } from '../diagnostics/types.js';
import { checkTestFile } from './check.js';
import {
  computeCoverage,
  coverageTotals,
  istanbulCoverage,
  type CoverageModel,
  type CoverageTotals,
} from './coverage.js';
import { findTestFiles, noTestFilesDiagnostic } from './find.js';
import { startLoadingTestFiles } from './load-parallel.js';
import { runTest } from './run.js';
import { fillTestVariables, type TestVariables } from './variables.js';
import { bailedResult } from './bail.js';
import type { TestFile, TestResult } from './types.js';
import type { ObservedTurn } from './update.js';

export type { TestResult } from './types.js';
export { updateTestFile, updateDiff, type ObservedTurn } from './update.js';
export { checkFilter, selectTests, type TestFilter } from './select.js';
export {
  writeCoverageReports,
  COVERAGE_REPORTS,
  isCoverageReport,
  type CoverageReport,
} from './reports.js';

export interface PreparedSuite {
  scenario: CompileResult;
  files: TestFile[];
  /** Scenario errors and test-file problems: when any is an error, no test runs. */
  diagnostics: Diagnostic[];
}

export interface SuiteFiles {
  files: TestFile[];
  /** Test files that could not be found, read or parsed. */
  diagnostics: Diagnostic[];
}

interface SuiteInputs {
  cwd: string;
  config: BotformConfig;
  testInputs: readonly string[];
}

/** Finds and reads the test files. */
export async function readSuiteFiles(options: SuiteInputs): Promise<SuiteFiles> {
  return (await startReadingSuite(options)).suite;
}

/**
 * Finds the test files and starts reading them; resolves once the reading is under way, with
 * the suite to await. Awaited before the scenario compiles: a large suite is then read in a
 * worker while the main thread compiles, both being YAML parsing.
 */
export async function startReadingSuite(
  options: SuiteInputs,
): Promise<{ suite: Promise<SuiteFiles> }> {
  const found = await findTestFiles(
    options.testInputs,
    options.cwd,
    options.config.dir,
    options.config.tests,
  );
  const { loaded } = await startLoadingTestFiles(found.files, options.cwd);
  const diagnostics: Diagnostic[] = [];
  for (const missing of found.missing) diagnostics.push(noTestFilesDiagnostic(missing));
  if (found.files.length === 0 && found.missing.length === 0)
    diagnostics.push(
      noTestFilesDiagnostic(options.config.tests.join(', ') || 'tests/**/*.test.yaml'),
    );
  const suite = loaded.then((read) => ({
    files: read.files,
    diagnostics: [...diagnostics, ...read.diagnostics],
  }));
  suite.catch(() => undefined);
  return { suite };
}

/** The test files checked against the scenario (compiled by compile/project.ts). */
export function prepareSuite(
  suite: SuiteFiles,
  scenario: CompileResult,
  variables?: TestVariables,
): PreparedSuite {
  const diagnostics = scenario.diagnostics.filter((d) => d.severity === 'error');
  diagnostics.push(...suite.diagnostics);
  // ${var.NAME} in the tests: the values the scenario was compiled with.
  const filled = variables ? fillTestVariables(suite.files, variables) : undefined;
  const files = filled?.files ?? suite.files;
  if (filled) diagnostics.push(...filled.diagnostics);
  if (!scenario.diagnostics.some((d) => d.severity === 'error')) {
    for (const file of files) diagnostics.push(...checkTestFile(file, scenario.scenario));
  }
  return { scenario, files, diagnostics: sortDiagnostics(diagnostics) };
}

/**
 * Runs every test locally, timing each by `now` (ms). Call only when prepareSuite found no
 * errors. With `bail`, the tests after the first failed one are reported skipped, not run.
 */
export function runSuiteLocally(
  suite: PreparedSuite,
  now: () => number = () => performance.now(),
  options: { bail?: boolean } = {},
): TestResult[] {
  let failed = false;
  return suite.files.flatMap((file) =>
    file.tests.map((test): TestResult => {
      if (failed && options.bail) return bailedResult(test);
      const started = now();
      const result = runTest(test, suite.scenario.scenario, file.locator);
      if (result.status === 'failed') failed = true;
      return { ...result, durationMs: now() - started };
    }),
  );
}

/** Runs every test locally, recording what each bot turn saw (for `--update`), per test file. */
export function observeSuite(suite: PreparedSuite): Map<string, ObservedTurn[]> {
  const out = new Map<string, ObservedTurn[]>();
  for (const file of suite.files) {
    const observed: ObservedTurn[] = [];
    for (const test of file.tests)
      runTest(test, suite.scenario.scenario, file.locator, (turn, answer, mismatches) =>
        observed.push({ ...turn, answer, mismatches }),
      );
    out.set(file.file, observed);
  }
  return out;
}

export interface SuiteCoverage {
  model: CoverageModel;
  totals: CoverageTotals;
  map: CoverageMap;
}

export function suiteCoverage(
  suite: PreparedSuite,
  results: readonly TestResult[],
  cwd: string,
  projectRoot: string,
): SuiteCoverage {
  const absolute = (file: string) => path.resolve(cwd, file);
  const projectPath = (file: string) =>
    path.relative(projectRoot, absolute(file)).split(path.sep).join('/');
  const model = computeCoverage({
    scenario: suite.scenario.scenario,
    locators: suite.scenario.locators,
    results,
    projectPath,
  });
  return {
    model,
    totals: coverageTotals(model.data),
    map: istanbulCoverage(model, suite.scenario.scenario, absolute),
  };
}
