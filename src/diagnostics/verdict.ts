// Whether a run fails, and why, as data: the command decides it (it is the exit code), and every
// report format states it, so a JUnit file, a GitHub annotation, a JSON field and a stylish line
// never say "passed" when the run exits 1.
import type { Diagnostic, Severity } from './types.js';
import { plural } from '../plural.js';

export interface Verdict {
  ok: boolean;
  /** One short sentence per cause ("2 tests failed", "3 warnings at or above --fail-on warning"). */
  reasons: string[];
}

export const SEVERITIES: readonly Severity[] = ['error', 'warning', 'info'];

/** Whether a diagnostic of `severity` fails a run that fails on `failOn` and above. */
export function failsAt(severity: Severity, failOn: Severity): boolean {
  return SEVERITIES.indexOf(severity) <= SEVERITIES.indexOf(failOn);
}

/** The verdict of a list of diagnostics alone: it fails on any at or above `failOn`. */
export function diagnosticsVerdict(
  diagnostics: readonly Diagnostic[],
  failOn: Severity = 'error',
): Verdict {
  const counts: Record<Severity, number> = { error: 0, warning: 0, info: 0 };
  for (const d of diagnostics) if (failsAt(d.severity, failOn)) counts[d.severity]++;
  const parts = SEVERITIES.filter((s) => counts[s] > 0).map((s) =>
    s === 'info' ? `${counts[s]} info` : plural(counts[s], s),
  );
  if (parts.length === 0) return { ok: true, reasons: [] };
  const listed =
    parts.length === 1 ? parts[0] : `${parts.slice(0, -1).join(', ')} and ${parts.at(-1)}`;
  return {
    ok: false,
    reasons: [failOn === 'error' ? `${listed}.` : `${listed} (--fail-on ${failOn}).`],
  };
}
