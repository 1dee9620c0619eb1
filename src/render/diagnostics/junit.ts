// JUnit XML, which most CI systems show as a test report: one test suite per file, one test case
// per diagnostic (those at or above --fail-on fail, the others pass with their text), and one
// case for the run itself, which fails exactly when the run does (its exit code), with the reasons.
import { docsLink } from '../../diagnostics/docs-link.js';
import type { Diagnostic } from '../../diagnostics/types.js';
import { diagnosticsVerdict, failsAt } from '../../diagnostics/verdict.js';
import { xmlAttr, xmlText } from '../escape-xml.js';
import type { DiagnosticFormatter } from './types.js';

export const junit: DiagnosticFormatter = (diagnostics, options) => {
  const failOn = options.failOn ?? 'error';
  const command = options.command ?? 'botform validate';
  const verdict = options.verdict ?? diagnosticsVerdict(diagnostics, failOn);
  const seconds = ((options.durationMs ?? 0) / 1000).toFixed(3);
  const byFile = new Map<string, Diagnostic[]>();
  for (const d of diagnostics) {
    const list = byFile.get(d.file);
    if (list) list.push(d);
    else byFile.set(d.file, [d]);
  }
  const run = verdict.ok
    ? `    <testcase name="${xmlAttr(`${command} passes`)}" classname="botform" time="${seconds}"/>`
    : `    <testcase name="${xmlAttr(`${command} passes`)}" classname="botform" time="${seconds}">\n      <failure message="${xmlAttr(verdict.reasons.join(' '))}" type="verdict">${xmlText(verdict.reasons.join('\n'))}</failure>\n    </testcase>`;
  const suites = [
    `  <testsuite name="${xmlAttr(command)}" tests="1" failures="${verdict.ok ? 0 : 1}" errors="0" time="${seconds}">\n${run}\n  </testsuite>`,
  ];
  let failures = verdict.ok ? 0 : 1;
  for (const [file, list] of byFile) {
    const fails = list.filter((d) => failsAt(d.severity, failOn)).length;
    failures += fails;
    const cases = list.map((d) => {
      const name = xmlAttr(`${d.code} at ${d.file}:${d.line}:${d.column}`);
      const body = xmlText(
        `${d.file}:${d.line}:${d.column} ${d.severity} ${d.message}${d.hint ? `\nhint: ${d.hint}` : ''}\n${docsLink(d.code)}`,
      );
      const open = `    <testcase name="${name}" classname="${xmlAttr(file)}" file="${xmlAttr(d.file)}" line="${d.line}" time="0">`;
      return failsAt(d.severity, failOn)
        ? `${open}\n      <failure message="${xmlAttr(d.message)}" type="${xmlAttr(d.code)}">${body}</failure>\n    </testcase>`
        : `${open}\n      <system-out>${body}</system-out>\n    </testcase>`;
    });
    suites.push(
      `  <testsuite name="${xmlAttr(file)}" tests="${list.length}" failures="${fails}" errors="0" time="0">\n${cases.join('\n')}\n  </testsuite>`,
    );
  }
  const tests = diagnostics.length + 1;
  return `<?xml version="1.0" encoding="UTF-8"?>\n<testsuites name="${xmlAttr(command)}" tests="${tests}" failures="${failures}" errors="0" time="${seconds}">\n${suites.join('\n')}\n</testsuites>\n`;
};
