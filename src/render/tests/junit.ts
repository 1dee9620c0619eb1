// JUnit XML, which every CI shows: one testsuite per test file, a testcase per test; problems
// found in the test files before running become failed testcases of their file.
import { countResults, type TestFormatter } from './index.js';

const xml = (s: string) =>
  s
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f]/g, '');

export const junitTests: TestFormatter = (report) => {
  const files = new Map<string, string[]>();
  const counts = new Map<string, { tests: number; failures: number; skipped: number }>();
  const add = (file: string, body: string, status: 'passed' | 'failed' | 'skipped') => {
    files.set(file, [...(files.get(file) ?? []), body]);
    const c = counts.get(file) ?? { tests: 0, failures: 0, skipped: 0 };
    c.tests++;
    if (status === 'failed') c.failures++;
    if (status === 'skipped') c.skipped++;
    counts.set(file, c);
  };
  for (const d of report.diagnostics.filter((x) => x.severity === 'error')) {
    add(
      d.file,
      `    <testcase classname="${xml(d.file)}" name="${xml(`${d.code} at ${d.line}:${d.column}`)}" file="${xml(d.file)}" line="${d.line}">\n      <failure message="${xml(d.message)}" type="${xml(d.code)}">${xml(`${d.file}:${d.line}:${d.column} ${d.message}`)}</failure>\n    </testcase>`,
      'failed',
    );
  }
  for (const r of report.results) {
    const open = `    <testcase classname="${xml(r.file)}" name="${xml(r.name)}" file="${xml(r.file)}" line="${r.line}"`;
    if (r.status === 'passed') add(r.file, `${open}/>`, 'passed');
    else if (r.status === 'skipped')
      add(
        r.file,
        `${open}>\n      <skipped message="${xml(r.reason ?? 'skipped')}"/>\n    </testcase>`,
        'skipped',
      );
    else {
      const text = r.failures
        .map(
          (f) =>
            `${f.file}:${f.line}:${f.column} ${f.message}${f.expected !== undefined ? `\nexpected: ${f.expected}\nactual: ${f.actual ?? ''}` : ''}`,
        )
        .join('\n\n');
      add(
        r.file,
        `${open}>\n      <failure message="${xml(r.failures[0]?.message ?? 'failed')}">${xml(text)}</failure>\n    </testcase>`,
        'failed',
      );
    }
  }
  const n = countResults(report.results);
  const suites = [...files].map(([file, cases]) => {
    const c = counts.get(file) ?? { tests: 0, failures: 0, skipped: 0 };
    return `  <testsuite name="${xml(file)}" tests="${c.tests}" failures="${c.failures}" errors="0" skipped="${c.skipped}">\n${cases.join('\n')}\n  </testsuite>`;
  });
  const total =
    report.results.length + report.diagnostics.filter((x) => x.severity === 'error').length;
  const failures = n.failed + report.diagnostics.filter((x) => x.severity === 'error').length;
  return `<?xml version="1.0" encoding="UTF-8"?>\n<testsuites name="botform test" tests="${total}" failures="${failures}" errors="0" skipped="${n.skipped}">\n${suites.join('\n')}\n</testsuites>\n`;
};
