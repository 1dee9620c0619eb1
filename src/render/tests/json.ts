// Test results as data: the same report the other formats render.
import { countResults, type TestFormatter } from './index.js';

export const jsonTests: TestFormatter = (report) => {
  const results = report.results.map(({ entered: _e, transitions, ...r }) => ({
    ...r,
    transitions: transitions.map((t) => t.id),
  }));
  return `${JSON.stringify({ format: 'botform-test-results', version: 1, summary: countResults(report.results), results, diagnostics: report.diagnostics, ...(report.coverage ? { coverage: report.coverage } : {}) }, null, 2)}\n`;
};
