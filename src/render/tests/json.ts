// Test results as data: the same report the other formats render, with the run's verdict.
import { testRunVerdict } from '../../conversations/verdict.js';
import { countResults } from './count.js';
import type { TestFormatter } from './types.js';

export const jsonTests: TestFormatter = (report) => {
  const verdict = report.verdict ?? testRunVerdict(report);
  const results = report.results.map(({ entered: _e, transitions, ...r }) => ({
    ...r,
    transitions: transitions.map((t) => t.id),
  }));
  return `${JSON.stringify(
    {
      format: 'botform-test-results',
      version: 1,
      ok: verdict.ok,
      failures: verdict.reasons,
      summary: countResults(report.results),
      ...(report.unselected ? { unselected: report.unselected } : {}),
      results,
      diagnostics: report.diagnostics,
      ...(report.coverage ? { coverage: report.coverage } : {}),
    },
    null,
    2,
  )}\n`;
};
