// The human format: tests by file (✔ / ✖ / skipped), each failure at file:line:col with expected
// and actual — a unified diff for texts — then the coverage summary and the unwalked transitions,
// and last why the run fails when it does (the same verdict as the exit code).
import type { Failure, TestResult, TranscriptLine } from '../../conversations/types.js';
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
      if (r.status === 'passed') lines.push(`  ${c.green('✔')} ${r.name}${took(r, c)}`);
      else if (r.status === 'skipped')
        lines.push(
          `  ${c.yellow('-')} ${r.name} ${c.dim(`(skipped${r.reason ? `: ${r.reason}` : ''})`)}`,
        );
      else {
        lines.push(`  ${c.red('✖')} ${r.name}${took(r, c)}`);
        for (const f of r.failures) lines.push(...failureLines(f, c));
        if (r.notRun !== undefined)
          lines.push(
            c.dim(
              `      The test stopped here: ${r.notRun} later turn${r.notRun === 1 ? ' was' : 's were'} not run.`,
            ),
          );
        if (r.transcript && r.transcript.length > 0)
          lines.push(...transcriptLines(r.transcript, c));
      }
    }
    lines.push('');
  }
  const n = countResults(report.results);
  const left = report.unselected ? `; ${report.unselected} not chosen by --grep/--tag` : '';
  const summary = `Tests: ${n.passed} passed, ${n.failed} failed, ${n.skipped} skipped (${report.results.length}${left})`;
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

/** A test's duration, as vitest shows it: whole milliseconds, left out when unknown. */
function took(r: TestResult, c: Palette): string {
  return r.durationMs === undefined ? '' : c.dim(` (${Math.round(r.durationMs)} ms)`);
}

/** Most lines of a conversation shown under its failure; the rest are counted. */
const MAX_TRANSCRIPT_LINES = 200;

/** The whole conversation of a failed test: who said what, at which step, with which buttons. */
function transcriptLines(transcript: readonly TranscriptLine[], c: Palette): string[] {
  const out = [`      ${c.dim('Conversation:')}`];
  const pad = '        ';
  const shown = transcript.slice(0, MAX_TRANSCRIPT_LINES);
  for (const line of shown) {
    if (line.who === 'user') {
      out.push(`${pad}${c.bold('user')}  ${line.text}`);
      continue;
    }
    const [first = '', ...rest] = line.text.trimEnd().split('\n');
    out.push(`${pad}${c.bold('bot')}   ${c.dim(`${line.step}:`)} ${first}`);
    for (const more of rest) out.push(`${pad}      ${more}`);
    if (line.image !== undefined) out.push(`${pad}      ${c.dim(`image: ${line.image}`)}`);
    if (line.buttons.length > 0)
      out.push(`${pad}      ${c.dim(line.buttons.map((b) => `[${b}]`).join(' '))}`);
  }
  if (transcript.length > shown.length)
    out.push(`${pad}${c.dim(`… ${transcript.length - shown.length} more messages`)}`);
  return out;
}

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
