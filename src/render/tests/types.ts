// The contract of the test-run formatters, apart from their index so that no formatter imports
// the table that lists it.
import type { CoverageTotals, TransitionCoverage } from '../../conversations/coverage.js';
import type { TestResult } from '../../conversations/types.js';
import type { Diagnostic } from '../../diagnostics/types.js';
import type { Verdict } from '../../diagnostics/verdict.js';
import type { Palette } from '../colors.js';
import type { InChange } from '../review-order.js';

export interface TestRunReport {
  results: TestResult[];
  /** Problems with the test files or the scenario found before running. */
  diagnostics: Diagnostic[];
  coverage?: {
    totals: CoverageTotals;
    unwalked: TransitionCoverage[];
    minimum?: number;
    /** Unwalked transitions no conversation can walk (solve/feasibility.ts), with the reason. */
    infeasible?: (TransitionCoverage & { reason: string })[];
  };
  /** Tests left out by --grep/--tag. */
  unselected?: number;
  /** Whether the run fails and why (the exit code); default: conversations/verdict.ts of the rest. */
  verdict?: Verdict;
}

interface TestFormatOptions {
  palette: Palette;
  /** github: lines of the change under review, whose annotations come first. */
  inChange?: InChange;
  /** summary: the longest output in UTF-8 bytes (default 1 MiB). */
  maxBytes?: number;
}

export type TestFormatter = (report: TestRunReport, options: TestFormatOptions) => string;
