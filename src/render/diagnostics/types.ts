// The contract of the diagnostic formatters, apart from their index so that no formatter imports
// the table that lists it (as Spectral's formatters keep theirs).
import type { Diagnostic, Severity } from '../../diagnostics/types.js';
import type { Verdict } from '../../diagnostics/verdict.js';
import type { InChange } from '../review-order.js';
import type { Palette } from '../colors.js';

interface FormatOptions {
  palette: Palette;
  /** botform's version, for reports that name their tool (SARIF). */
  toolVersion?: string;
  /** The lowest severity that fails the run (default error): those are failures in JUnit. */
  failOn?: Severity;
  /** Whether the run fails and why, as its exit code says; default: it fails on an error. */
  verdict?: Verdict;
  /** The command that produced the report, as the reports name it (default "botform validate"). */
  command?: string;
  /** github: lines of the change under review, whose annotations come first. */
  inChange?: InChange;
  /** junit: how long the run took. */
  durationMs?: number;
  /** summary: the longest output, in UTF-8 bytes (default: $GITHUB_STEP_SUMMARY's 1 MiB). */
  maxBytes?: number;
}

export type DiagnosticFormatter = (
  diagnostics: readonly Diagnostic[],
  options: FormatOptions,
) => string;
