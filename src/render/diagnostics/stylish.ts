// The human format: problems grouped by file, "line:col  severity  message  code", then one
// line per distinct code with the address of its explanation (kept out of the problem lines so
// they stay short), then a summary, and why the run fails when that is more than its errors
// (--fail-on warning, or a cause that is not a problem in a file).
import { docsLink } from '../../diagnostics/docs-link.js';
import { countBySeverity } from '../../diagnostics/make.js';
import type { Diagnostic } from '../../diagnostics/types.js';
import { diagnosticsVerdict } from '../../diagnostics/verdict.js';
import type { DiagnosticFormatter } from './types.js';
import { plural } from '../../plural.js';

export const stylish: DiagnosticFormatter = (diagnostics, options) => {
  const c = options.palette;
  const verdict = options.verdict ?? diagnosticsVerdict(diagnostics, options.failOn);
  const plain = diagnosticsVerdict(diagnostics).reasons.join('\n');
  const why =
    !verdict.ok && verdict.reasons.join('\n') !== plain
      ? `${c.red(c.bold(`✖ ${options.command ?? 'botform validate'} fails: ${verdict.reasons.join(' ')}`))}\n`
      : '';
  if (diagnostics.length === 0) return why;
  const byFile = new Map<string, Diagnostic[]>();
  for (const d of diagnostics) {
    const list = byFile.get(d.file);
    if (list) list.push(d);
    else byFile.set(d.file, [d]);
  }
  const lines: string[] = [];
  for (const [file, list] of byFile) {
    lines.push(c.bold(file));
    // A loop, not Math.max(...list): spreading 200,000 arguments overflows the stack.
    let width = 0;
    for (const d of list) width = Math.max(width, `${d.line}:${d.column}`.length);
    for (const d of list) {
      const severity =
        d.severity === 'error'
          ? c.red('error  ')
          : d.severity === 'warning'
            ? c.yellow('warning')
            : c.blue('info   ');
      lines.push(
        `  ${c.dim(`${d.line}:${d.column}`.padEnd(width))}  ${severity}  ${d.message}  ${c.dim(d.code)}`,
      );
      if (d.hint) lines.push(`  ${' '.repeat(width)}           ${c.cyan('hint:')} ${d.hint}`);
      for (const r of d.related ?? [])
        lines.push(
          `  ${' '.repeat(width)}           ${c.dim(`${r.message}: ${r.file}:${r.line}:${r.column}`)}`,
        );
    }
    lines.push('');
  }
  const codes = [...new Set(diagnostics.map((d) => d.code))];
  const codeWidth = Math.max(...codes.map((code) => code.length));
  lines.push(c.dim('How to fix:'));
  for (const code of codes) lines.push(`  ${code.padEnd(codeWidth)}  ${c.dim(docsLink(code))}`);
  lines.push('');
  const counts = countBySeverity(diagnostics);
  const parts = [plural(counts.error, 'error'), plural(counts.warning, 'warning')];
  if (counts.info > 0) parts.push(plural(counts.info, 'info', 'info'));
  const summary = `✖ ${plural(diagnostics.length, 'problem')} (${parts.join(', ')})`;
  lines.push(counts.error > 0 ? c.red(c.bold(summary)) : c.yellow(c.bold(summary)));
  return `${lines.join('\n')}\n${why}`;
};
