// The human format: tests by file (✔ / ✖ / skipped), each failure at file:line:col with expected
// and actual — a unified diff for texts — then the coverage summary and the unwalked transitions,
// and last why the run fails when it does (the same verdict as the exit code).
import type { Failure } from '../../conversations/types.js';
import { testRunVerdict } from '../../conversations/verdict.js';
import type { Palette } from '../colors.js';
import { stylish } from '../diagnostics/stylish.js';
import { textDiff } from '../plan/text-diff.js';
import { countResults } from './count.js';
import type { TestFormatter } from './types.js';

export const stylishTests: TestFormatter = (report, { palette: c }) => {
  const lines: string[] = [];
  const problems = stylish(report.diagnostics, { palette: c, verdict: { ok: true, reasons: [] } });
  if (problems) lines.push(problems);
  const byFile = new Map<string, typeof report.results>();
  for (const r of report.results) byFile.set(r.file, [...(byFile.get(r.file) ?? []), r]);
  for (const [file, results] of byFile) {
    lines.push(c.bold(file));
    for (const r of results) {
      if (r.status === 'passed') lines.push(`  ${c.green('✔')} ${r.name}`);
      else if (r.status === 'skipped')
        lines.push(
          `  ${c.yellow('-')} ${r.name} ${c.dim(`(skipped${r.reason ? `: ${r.reason}` : ''})`)}`,
        );
      else {
        lines.push(`  ${c.red('✖')} ${r.name}`);
        for (const f of r.failures) lines.push(...failureLines(f, c));
      }
    }
    lines.push('');
  }
  const n = countResults(report.results);
  const summary = `Tests: ${n.passed} passed, ${n.failed} failed, ${n.skipped} skipped (${report.results.length})`;
  lines.push(
    n.failed > 0 || report.diagnostics.some((d) => d.severity === 'error')
      ? c.red(c.bold(summary))
      : c.green(c.bold(summary)),
  );
  if (report.coverage) {
    const { totals, unwalked, minimum, infeasible = [] } = report.coverage;
    const t = totals.transitions;
    const below = minimum !== undefined && t.percent < minimum;
    const feasible = t.total - infeasible.length;
    const ofFeasible =
      infeasible.length > 0
        ? `, ${t.covered}/${feasible} feasible (${(feasible === 0 ? 100 : (100 * t.covered) / feasible).toFixed(1)}%)`
        : '';
    const line = `Coverage: ${t.covered}/${t.total} transitions (${t.percent.toFixed(1)}%)${ofFeasible}, ${totals.steps.covered}/${totals.steps.total} steps${minimum !== undefined ? `; minimum ${minimum}%` : ''}`;
    lines.push(below ? c.red(line) : line);
    const proved = new Set(infeasible.map((u) => u.id));
    const open = unwalked.filter((u) => !proved.has(u.id));
    if (open.length > 0) {
      lines.push('Not walked:');
      for (const u of open)
        lines.push(`  ${c.dim(`${u.file}:${u.line}:${u.column}`)}  ${u.id} → ${u.to}`);
    }
    if (infeasible.length > 0) {
      lines.push('Infeasible (no conversation can walk them):');
      for (const u of infeasible)
        lines.push(`  ${c.dim(`${u.file}:${u.line}:${u.column}`)}  ${u.id} → ${u.to}: ${u.reason}`);
    }
  }
  const verdict = report.verdict ?? testRunVerdict(report);
  if (!verdict.ok) lines.push(c.red(c.bold(`✖ botform test fails: ${verdict.reasons.join(' ')}`)));
  return `${lines.join('\n')}\n`;
};

function failureLines(f: Failure, c: Palette): string[] {
  const out = [`      ${c.dim(`${f.file}:${f.line}:${f.column}`)}  ${f.message}`];
  if (f.expected === undefined || f.actual === undefined) return out;
  const pad = '        ';
  if (!f.expected.includes('\n') && !f.actual.includes('\n')) {
    out.push(
      `${pad}${c.green(`expected: ${f.expected}`)}`,
      `${pad}${c.red(`actual:   ${f.actual}`)}`,
    );
    return out;
  }
  out.push(`${pad}${c.green('+ expected')} ${c.red('- actual')}`);
  for (const d of textDiff(f.actual, f.expected)) {
    if (d.sign === '@') out.push(`${pad}${c.dim(d.text)}`);
    else if (d.sign === '+') out.push(`${pad}${c.green(`+${d.text}`)}`);
    else if (d.sign === '-') out.push(`${pad}${c.red(`-${d.text}`)}`);
    else out.push(`${pad} ${d.text}`);
  }
  return out;
}
