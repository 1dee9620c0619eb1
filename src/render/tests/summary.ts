// Markdown for a GitHub job summary of a test run: the verdict and its reasons, the counts, a
// table of failed tests first and then problems, the coverage line and the transitions no test
// walks. Within the summary's 1 MiB; rows that do not fit are counted.
import { testRunVerdict } from '../../conversations/verdict.js';
import { docsLink } from '../../diagnostics/docs-link.js';
import { fitLines, STEP_SUMMARY_MAX_BYTES } from '../byte-budget.js';
import { cutText, mdCode, mdText } from '../plan/md-escape.js';
import { reviewOrder } from '../review-order.js';
import { countResults } from './count.js';
import type { TestFormatter } from './types.js';

export const summaryTests: TestFormatter = (report, options) => {
  const verdict = report.verdict ?? testRunVerdict(report);
  const n = countResults(report.results);
  const head = [
    `### botform test: ${verdict.ok ? '✅ passed' : '❌ failed'}`,
    '',
    ...(verdict.ok
      ? []
      : [`> [!CAUTION]\n${verdict.reasons.map((r) => `> ${mdText(r)}`).join('\n')}\n`]),
    `**${n.passed} passed, ${n.failed} failed, ${n.skipped} skipped**`,
    '',
  ];
  if (report.coverage) {
    const { totals, minimum } = report.coverage;
    const t = totals.transitions;
    head.push(
      `Transition coverage: **${t.percent.toFixed(1)}%** (${t.covered}/${t.total})${minimum !== undefined ? `, minimum ${minimum}%` : ''}; steps ${totals.steps.covered}/${totals.steps.total}.`,
      '',
    );
  }
  const failures = report.results
    .filter((r) => r.status === 'failed')
    .flatMap((r) =>
      r.failures.map((f) => ({
        rank: 0,
        file: f.file,
        line: f.line,
        column: f.column,
        row: `| ❌ | ${mdCode(`${f.file}:${f.line}:${f.column}`)} | ${mdText(cutText(r.name, 200))} | ${mdText(cutText(f.expected !== undefined ? `${f.message} (expected ${f.expected}, got ${f.actual ?? ''})` : f.message, 1000))} |\n`,
      })),
    );
  const problems = report.diagnostics.map((d) => ({
    rank: d.severity === 'error' ? 0 : 1,
    file: d.file,
    line: d.line,
    column: d.column,
    row: `| ${d.severity === 'error' ? '❌' : '⚠️'} | ${mdCode(`${d.file}:${d.line}:${d.column}`)} | [${mdCode(d.code)}](${docsLink(d.code)}) | ${mdText(cutText(d.message, 1000))} |\n`,
  }));
  const unwalked = (report.coverage?.unwalked ?? []).map((u) => ({
    rank: 2,
    file: u.file,
    line: u.line,
    column: u.column,
    row: `| ○ | ${mdCode(`${u.file}:${u.line}:${u.column}`)} | not walked | ${mdCode(`${u.id} → ${u.to}`)} |\n`,
  }));
  const rows = reviewOrder([...failures, ...problems, ...unwalked], options.inChange).map(
    (r) => r.row,
  );
  if (rows.length === 0) return `${head.join('\n')}\n`;
  return fitLines(
    `${head.join('\n')}| | Where | Test | What |\n| --- | --- | --- | --- |\n`,
    rows,
    (left) =>
      left === 0
        ? ''
        : `\n_… and ${left} more rows: the summary holds 1 MiB. Run \`botform test\` to see them all._\n`,
    options.maxBytes ?? STEP_SUMMARY_MAX_BYTES,
  );
};
