// JUnit XML, which most CI systems show as a test report: one test suite per file, one test case
// per diagnostic (errors fail, warnings and infos pass with their text), and one passing case
// when there is nothing to say, so the report is never empty.
import { docsLink } from '../../diagnostics/docs-link.js';
import type { Diagnostic } from '../../diagnostics/types.js';
import type { DiagnosticFormatter } from './index.js';

export const junit: DiagnosticFormatter = (diagnostics) => {
  const byFile = new Map<string, Diagnostic[]>();
  for (const d of diagnostics) {
    const list = byFile.get(d.file);
    if (list) list.push(d);
    else byFile.set(d.file, [d]);
  }
  const failures = diagnostics.filter((d) => d.severity === 'error').length;
  const suites = [...byFile].map(([file, list]) => {
    const fails = list.filter((d) => d.severity === 'error').length;
    const cases = list.map((d) => {
      const name = attr(`${d.code} at ${d.file}:${d.line}:${d.column}`);
      const body = text(
        `${d.file}:${d.line}:${d.column} ${d.severity} ${d.message}${d.hint ? `\nhint: ${d.hint}` : ''}\n${docsLink(d.code)}`,
      );
      return d.severity === 'error'
        ? `    <testcase name="${name}" classname="${attr(file)}">\n      <failure message="${attr(d.message)}" type="${attr(d.code)}">${body}</failure>\n    </testcase>`
        : `    <testcase name="${name}" classname="${attr(file)}">\n      <system-out>${body}</system-out>\n    </testcase>`;
    });
    return `  <testsuite name="${attr(file)}" tests="${list.length}" failures="${fails}" errors="0">\n${cases.join('\n')}\n  </testsuite>`;
  });
  if (suites.length === 0) {
    suites.push(
      '  <testsuite name="botform validate" tests="1" failures="0" errors="0">\n    <testcase name="the scenario is valid" classname="botform"/>\n  </testsuite>',
    );
  }
  const tests = Math.max(1, diagnostics.length);
  return `<?xml version="1.0" encoding="UTF-8"?>\n<testsuites name="botform validate" tests="${tests}" failures="${failures}" errors="0">\n${suites.join('\n')}\n</testsuites>\n`;
};

/** XML 1.0 cannot hold most control characters even escaped: they are dropped. */
function clean(s: string): string {
  // eslint-disable-next-line no-control-regex
  return s.replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f\ufffe\uffff]/g, '');
}
function text(s: string): string {
  return clean(s).replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}
function attr(s: string): string {
  return text(s)
    .replace(/"/g, '&quot;')
    .replace(/\n/g, '&#10;')
    .replace(/\r/g, '&#13;')
    .replace(/\t/g, '&#9;');
}
