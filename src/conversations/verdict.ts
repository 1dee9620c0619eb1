// The verdict of a `botform test` run as data: failed tests, problems in the test files or the
// scenario, and coverage under the --min-coverage gate each make it fail, with a reason that
// every report format prints (the exit code is the same verdict).
import type { Diagnostic } from '../diagnostics/types.js';
import type { Verdict } from '../diagnostics/verdict.js';
import type { CoverageTotals } from './coverage.js';
import type { TestResult } from './types.js';
import { plural } from '../plural.js';

export interface RunFacts {
  results: readonly TestResult[];
  diagnostics: readonly Diagnostic[];
  coverage?: { totals: CoverageTotals; minimum?: number };
  /** Tests left out by --grep/--tag. */
  unselected?: number;
}

export function testRunVerdict(run: RunFacts): Verdict {
  const reasons: string[] = [];
  const errors = run.diagnostics.filter((d) => d.severity === 'error').length;
  if (errors > 0)
    reasons.push(`${plural(errors, 'error')} in the test files or the scenario; no test ran.`);
  if (run.results.length === 0 && (run.unselected ?? 0) > 0 && errors === 0)
    reasons.push('No test matches --grep/--tag; nothing ran.');
  const failed = run.results.filter((r) => r.status === 'failed').length;
  if (failed > 0) reasons.push(`${plural(failed, 'test')} failed.`);
  const minimum = run.coverage?.minimum;
  const percent = run.coverage?.totals.transitions.percent;
  if (minimum !== undefined && percent !== undefined && percent < minimum)
    reasons.push(
      `Transition coverage ${percent.toFixed(1)}% is below the minimum of ${minimum}% (--min-coverage).`,
    );
  return { ok: reasons.length === 0, reasons };
}
