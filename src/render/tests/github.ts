// GitHub Actions annotations: each failed expectation and each test-file problem at its line.
import { github } from '../diagnostics/github.js';
import { countResults, type TestFormatter } from './index.js';

const escapeData = (s: string) =>
  s.replace(/%/g, '%25').replace(/\r/g, '%0D').replace(/\n/g, '%0A');
const escapeProperty = (s: string) => escapeData(s).replace(/:/g, '%3A').replace(/,/g, '%2C');

export const githubTests: TestFormatter = (report, options) => {
  const lines: string[] = [];
  for (const r of report.results) {
    for (const f of r.failures) {
      const detail =
        f.expected !== undefined ? `\nexpected: ${f.expected}\nactual: ${f.actual ?? ''}` : '';
      lines.push(
        `::error file=${escapeProperty(f.file)},line=${f.line},col=${f.column},title=${escapeProperty(`botform test: ${r.name}`)}::${escapeData(f.message + detail)}\n`,
      );
    }
  }
  const n = countResults(report.results);
  const coverage = report.coverage
    ? `, ${report.coverage.totals.transitions.percent.toFixed(1)}% of transitions walked`
    : '';
  return `${github(report.diagnostics, options)}${lines.join('')}Tests: ${n.passed} passed, ${n.failed} failed, ${n.skipped} skipped${coverage}\n`;
};
