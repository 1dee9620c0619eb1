// render/tests: formatters of a `botform test` run, plain functions from the run's data to text.
import type { Diagnostic } from '../../diagnostics/types.js';
import type { CoverageTotals, TransitionCoverage } from '../../conversations/coverage.js';
import type { TestResult } from '../../conversations/types.js';
import type { Palette } from '../colors.js';
import { githubTests } from './github.js';
import { jsonTests } from './json.js';
import { junitTests } from './junit.js';
import { stylishTests } from './stylish.js';

export interface TestRunReport {
  results: TestResult[];
  /** Problems with the test files or the scenario found before running. */
  diagnostics: Diagnostic[];
  coverage?: { totals: CoverageTotals; unwalked: TransitionCoverage[]; minimum?: number };
}

export type TestFormatter = (report: TestRunReport, options: { palette: Palette }) => string;

export const TEST_FORMATS = ['stylish', 'json', 'junit', 'github'] as const;
export type TestFormat = (typeof TEST_FORMATS)[number];

export const TEST_FORMATTERS: Record<TestFormat, TestFormatter> = {
  stylish: stylishTests,
  json: jsonTests,
  junit: junitTests,
  github: githubTests,
};

export function isTestFormat(value: string): value is TestFormat {
  return (TEST_FORMATS as readonly string[]).includes(value);
}

export function countResults(results: readonly TestResult[]): {
  passed: number;
  failed: number;
  skipped: number;
} {
  const counts = { passed: 0, failed: 0, skipped: 0 };
  for (const r of results) counts[r.status]++;
  return counts;
}
