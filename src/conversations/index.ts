// conversations/: conversation test files (*.test.yaml), checking them against the scenario,
// running them locally on the runtime, and transition coverage. The CLI (`botform test`) and
// the live runner (the messaging branch) build on these functions; nothing here prints.
import path from 'node:path';
import type { CoverageMap } from 'istanbul-lib-coverage';
import { compileScenario, type CompileResult } from '../compile/index.js';
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
import { findTestFiles, noTestFilesDiagnostic } from './load.js';
import { loadTestFilesAlongside } from './load-parallel.js';
import { runTest } from './run.js';
import type { TestFile, TestResult } from './types.js';

export type {
  TestCase,
  TestFile,
  TestResult,
  Failure,
  TurnSpec,
  BotTurn,
  UserTurn,
  TextCheck,
  StubSpec,
} from './types.js';
export { findTestFiles, loadTestFiles, DEFAULT_TEST_GLOB } from './load.js';
export { checkTestFile } from './check.js';
export { runTest, portsFor, toInput } from './run.js';
export { checkBotTurn, isSubset, type Answer, type Mismatch } from './expect.js';
export {
  computeCoverage,
  coverageTotals,
  istanbulCoverage,
  type BotformCoverage,
  type CoverageTotals,
  type TransitionCoverage,
} from './coverage.js';
export {
  writeCoverageReports,
  COVERAGE_REPORTS,
  isCoverageReport,
  type CoverageReport,
} from './reports.js';

export interface PreparedSuite {
  scenario: Awaited<ReturnType<typeof compileScenario>>;
  files: TestFile[];
  /** Scenario errors and test-file problems: when any is an error, no test runs. */
  diagnostics: Diagnostic[];
}

/** Compiles the scenario, reads the test files and checks them against it. */
export async function prepareSuite(options: {
  cwd: string;
  config: BotformConfig;
  scenarioInputs: readonly string[];
  testInputs: readonly string[];
  /** The scenario already compiled (for an environment); else it is compiled from scenarioInputs. */
  compiled?: CompileResult;
}): Promise<PreparedSuite> {
  const found = await findTestFiles(
    options.testInputs,
    options.cwd,
    options.config.dir,
    options.config.tests,
  );
  // Test files are read (in a worker, when large) while the scenario compiles.
  const reading = loadTestFilesAlongside(found.files, options.cwd);
  const scenario =
    options.compiled ??
    (await compileScenario(options.scenarioInputs, { cwd: options.cwd, config: options.config }));
  const loaded = await reading;
  const diagnostics = scenario.diagnostics.filter((d) => d.severity === 'error');
  for (const missing of found.missing) diagnostics.push(noTestFilesDiagnostic(missing));
  if (found.files.length === 0 && found.missing.length === 0)
    diagnostics.push(
      noTestFilesDiagnostic(options.config.tests.join(', ') || 'tests/**/*.test.yaml'),
    );
  diagnostics.push(...loaded.diagnostics);
  if (!scenario.diagnostics.some((d) => d.severity === 'error')) {
    for (const file of loaded.files) diagnostics.push(...checkTestFile(file, scenario.scenario));
  }
  return { scenario, files: loaded.files, diagnostics: sortDiagnostics(diagnostics) };
}

/** Runs every test locally, timing each by `now` (ms). Call only when prepareSuite found no errors. */
export function runSuiteLocally(
  suite: PreparedSuite,
  now: () => number = () => performance.now(),
): TestResult[] {
  return suite.files.flatMap((file) =>
    file.tests.map((test) => {
      const started = now();
      const result = runTest(test, suite.scenario.scenario, file.locator);
      return { ...result, durationMs: now() - started };
    }),
  );
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
