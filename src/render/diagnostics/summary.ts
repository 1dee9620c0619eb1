// Markdown for a GitHub job summary (`>> "$GITHUB_STEP_SUMMARY"`): the verdict, the counts, and a
// table of every problem in review order (errors first, then those on changed lines), each code
// linked to how to fix it. A step summary holds at most 1 MiB: rows that do not fit are counted.
import { docsLink } from '../../diagnostics/docs-link.js';
import { countBySeverity } from '../../diagnostics/make.js';
import { diagnosticsVerdict, SEVERITIES } from '../../diagnostics/verdict.js';
import { fitLines, STEP_SUMMARY_MAX_BYTES } from '../byte-budget.js';
import { cutText, mdCode, mdText } from '../plan/md-escape.js';
import { reviewOrder } from '../review-order.js';
import type { DiagnosticFormatter } from './types.js';
import { plural } from '../../plural.js';

const MARK = { error: '❌', warning: '⚠️', info: 'ℹ️' } as const;

export const summary: DiagnosticFormatter = (diagnostics, options) => {
  const command = options.command ?? 'botform validate';
  const verdict = options.verdict ?? diagnosticsVerdict(diagnostics, options.failOn);
  const counts = countBySeverity(diagnostics);
  const head = [
    `### ${command}: ${verdict.ok ? '✅ passed' : '❌ failed'}`,
    '',
    ...(verdict.ok ? [] : verdict.reasons.map((r) => `> [!CAUTION]\n> ${mdText(r)}\n`)),
    `**${plural(counts.error, 'error')}, ${plural(counts.warning, 'warning')}, ${counts.info} info**`,
    '',
  ];
  if (diagnostics.length === 0) return `${head.join('\n')}\n`;
  const rows = reviewOrder(
    diagnostics.map((d) => ({ ...d, rank: SEVERITIES.indexOf(d.severity) })),
    options.inChange,
  ).map(
    (d) =>
      `| ${MARK[d.severity]} | ${mdCode(`${d.file}:${d.line}:${d.column}`)} | [${mdCode(d.code)}](${docsLink(d.code)}) | ${mdText(cutText(d.hint ? `${d.message} ${d.hint}` : d.message, 1000))} |\n`,
  );
  const table = `${head.join('\n')}| | Where | Code | Problem |\n| --- | --- | --- | --- |\n`;
  return fitLines(
    table,
    rows,
    (left) =>
      left === 0
        ? ''
        : `\n_… and ${left} more: the summary holds 1 MiB. Run \`${command}\` to see them all._\n`,
    options.maxBytes ?? STEP_SUMMARY_MAX_BYTES,
  );
};
