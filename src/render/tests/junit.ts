// JUnit XML, which every CI shows: one testsuite per test file, a testcase per test with its time;
// problems found in the test files before running become failed testcases of their file; and one
// case for the run itself ("botform test passes"), which fails exactly when the run exits 1 —
// also for what is no single test's failure, such as coverage under --min-coverage.
import { testRunVerdict } from '../../conversations/verdict.js';
import { xmlAttr, xmlText } from '../escape-xml.js';
import { countResults } from './count.js';
import type { TestFormatter } from './types.js';

interface Suite {
  cases: string[];
  tests: number;
  failures: number;
  skipped: number;
  ms: number;
}

export const junitTests: TestFormatter = (report) => {
  const verdict = report.verdict ?? testRunVerdict(report);
  const suites = new Map<string, Suite>();
  const add = (file: string, body: string, status: 'passed' | 'failed' | 'skipped', ms = 0) => {
    const s = suites.get(file) ?? { cases: [], tests: 0, failures: 0, skipped: 0, ms: 0 };
    s.cases.push(body);
    s.tests++;
    s.ms += ms;
    if (status === 'failed') s.failures++;
    if (status === 'skipped') s.skipped++;
    suites.set(file, s);
  };
  const errors = report.diagnostics.filter((x) => x.severity === 'error');
  for (const d of errors) {
    add(
      d.file,
      `    <testcase classname="${xmlAttr(d.file)}" name="${xmlAttr(`${d.code} at ${d.line}:${d.column}`)}" file="${xmlAttr(d.file)}" line="${d.line}" time="0">\n      <failure message="${xmlAttr(d.message)}" type="${xmlAttr(d.code)}">${xmlText(`${d.file}:${d.line}:${d.column} ${d.message}`)}</failure>\n    </testcase>`,
      'failed',
    );
  }
  let totalMs = 0;
  for (const r of report.results) {
    const ms = r.durationMs ?? 0;
    totalMs += ms;
    const open = `    <testcase classname="${xmlAttr(r.file)}" name="${xmlAttr(r.name)}" file="${xmlAttr(r.file)}" line="${r.line}" time="${seconds(ms)}"`;
    if (r.status === 'passed') add(r.file, `${open}/>`, 'passed', ms);
    else if (r.status === 'skipped')
      add(
        r.file,
        `${open}>\n      <skipped message="${xmlAttr(r.reason ?? 'skipped')}"/>\n    </testcase>`,
        'skipped',
        ms,
      );
    else {
      const text = r.failures
        .map(
          (f) =>
            `${f.file}:${f.line}:${f.column} ${f.message}${f.expected !== undefined ? `\nexpected: ${f.expected}\nactual: ${f.actual ?? ''}` : ''}`,
        )
        .join('\n\n');
      const conversation = r.transcript?.length
        ? `\n\nConversation:\n${r.transcript
            .map((l) =>
              l.who === 'user'
                ? `user: ${l.text}`
                : `bot (${l.step}): ${l.text.trimEnd()}${l.buttons.length > 0 ? ` ${l.buttons.map((b) => `[${b}]`).join(' ')}` : ''}`,
            )
            .join('\n')}`
        : '';
      add(
        r.file,
        `${open}>\n      <failure message="${xmlAttr(r.failures[0]?.message ?? 'failed')}">${xmlText(text + conversation)}</failure>\n    </testcase>`,
        'failed',
        ms,
      );
    }
  }
  const runCase = verdict.ok
    ? `    <testcase classname="botform" name="botform test passes" time="${seconds(totalMs)}"/>`
    : `    <testcase classname="botform" name="botform test passes" time="${seconds(totalMs)}">\n      <failure message="${xmlAttr(verdict.reasons.join(' '))}" type="verdict">${xmlText(verdict.reasons.join('\n'))}</failure>\n    </testcase>`;
  const body = [
    `  <testsuite name="botform test" tests="1" failures="${verdict.ok ? 0 : 1}" errors="0" skipped="0" time="${seconds(totalMs)}">\n${runCase}\n  </testsuite>`,
    ...[...suites].map(
      ([file, s]) =>
        `  <testsuite name="${xmlAttr(file)}" tests="${s.tests}" failures="${s.failures}" errors="0" skipped="${s.skipped}" time="${seconds(s.ms)}">\n${s.cases.join('\n')}\n  </testsuite>`,
    ),
  ];
  const n = countResults(report.results);
  const total = report.results.length + errors.length + 1;
  const failures = n.failed + errors.length + (verdict.ok ? 0 : 1);
  return `<?xml version="1.0" encoding="UTF-8"?>\n<testsuites name="botform test" tests="${total}" failures="${failures}" errors="0" skipped="${n.skipped}" time="${seconds(totalMs)}">\n${body.join('\n')}\n</testsuites>\n`;
};

function seconds(ms: number): string {
  return (ms / 1000).toFixed(3);
}
