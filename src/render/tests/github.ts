// GitHub Actions annotations: each failed expectation and each test-file problem at its line, the
// run's failure (a failed test, problems, coverage under --min-coverage) as one `::error` first,
// at most GitHub's 10 per level with a closing count, then the summary line.
import { testRunVerdict } from '../../conversations/verdict.js';
import { diagnosticAnnotation, seeAll, verdictAnnotations } from '../diagnostics/github.js';
import { type Annotation, renderAnnotations } from '../github-annotations.js';
import { countResults } from './count.js';
import type { TestFormatter } from './types.js';

export const githubTests: TestFormatter = (report, options) => {
  const annotations: Annotation[] = report.diagnostics.map(diagnosticAnnotation);
  for (const r of report.results) {
    for (const f of r.failures) {
      const detail =
        f.expected !== undefined ? `\nexpected: ${f.expected}\nactual: ${f.actual ?? ''}` : '';
      annotations.push({
        level: 'error',
        file: f.file,
        line: f.line,
        column: f.column,
        title: `botform test: ${r.name}`,
        message: f.message + detail,
      });
    }
  }
  const verdict = report.verdict ?? testRunVerdict(report);
  const n = countResults(report.results);
  const coverage = report.coverage
    ? `, ${report.coverage.totals.transitions.percent.toFixed(1)}% of transitions walked`
    : '';
  return `${renderAnnotations(
    annotations,
    {
      ...(options.inChange ? { inChange: options.inChange } : {}),
      seeAll: seeAll('botform test'),
    },
    verdictAnnotations('botform test', verdict),
  )}Tests: ${n.passed} passed, ${n.failed} failed, ${n.skipped} skipped${coverage}\n`;
};
