// Rendering a many-environment run: each environment's section (its plan, then its problems and
// what its apply did), the summary table (environment, changes, destructive, status), the markdown
// document with one collapsed section per environment, and JSON; and the one exit code.
import type { EnvironmentRow, EnvironmentRun } from '../deploy/many.js';
import { paletteFor } from '../render/colors.js';
import { stylish } from '../render/diagnostics/stylish.js';
import { PLAN_RENDERERS, type PlanFormat } from '../render/plan/index.js';
import { fenceFor, htmlText, mdText } from '../render/plan/md-escape.js';
import { EXIT, type CliIo } from './io.js';

/** A run with its text: diagnostics, the error that stopped it, and `extra` (what its apply printed). */
export function withOutput(run: EnvironmentRun, extra = ''): EnvironmentRun & { output: string } {
  const palette = paletteFor(false);
  let output = run.diagnostics.length > 0 ? stylish(run.diagnostics, { palette }) : '';
  if (run.status === 'error: unsafe plan') output += unsafePlanLine(run.diagnostics.length);
  const error = run.error;
  if (error?.kind === 'api')
    output += `botform: ${error.message}\n${error.hint ? `  hint: ${error.hint}\n` : ''}`;
  else if (error) output += `${error.message}\n`;
  return { ...run, output: output + extra };
}

/** The line after an unsafe plan's problems. */
export function unsafePlanLine(problems: number): string {
  return `The plan cannot be applied safely (${problems} problem${problems === 1 ? '' : 's'}).\n`;
}

export function writeReport(
  runs: readonly (EnvironmentRun & { output: string })[],
  format: PlanFormat,
  io: CliIo,
): void {
  const palette = paletteFor(false);
  if (format === 'json') {
    io.stdout.write(
      `${JSON.stringify(
        runs.map((r) => ({
          environment: r.environment,
          status: r.status,
          ok: r.ok,
          changes: r.changes ?? null,
          destructive: r.destructive ?? null,
          plan: r.plan ?? null,
          output: r.output,
        })),
        null,
        2,
      )}\n`,
    );
    return;
  }
  if (format === 'markdown') {
    io.stdout.write(
      renderManyMarkdown(
        runs.map((r) => ({
          ...r,
          body: r.plan ? PLAN_RENDERERS.markdown(r.plan, { palette, maxLength: 60_000 }) : '',
        })),
      ),
    );
    return;
  }
  for (const r of runs) {
    io.stdout.write(`\n=== ${r.environment} ===\n`);
    if (r.plan) io.stdout.write(PLAN_RENDERERS.human(r.plan, { palette }));
    if (r.output) io.stdout.write(r.output);
  }
  io.stdout.write(`\n${renderSummaryTable(runs)}`);
}

/** One exit code: 1 if any environment failed, else 2 if any has changes (with --detailed-exitcode), else 0. */
export function exitCode(runs: readonly EnvironmentRow[], detailed: boolean): number {
  if (runs.some((r) => !r.ok)) return EXIT.problems;
  if (detailed && runs.some((r) => (r.changes ?? 0) > 0)) return EXIT.changes;
  return EXIT.ok;
}

export function renderSummaryTable(rows: readonly EnvironmentRow[]): string {
  const header = ['ENVIRONMENT', 'CHANGES', 'DESTRUCTIVE', 'STATUS'];
  const cells = rows.map((r) => [
    r.environment,
    r.changes === undefined ? '-' : String(r.changes),
    r.destructive === undefined ? '-' : String(r.destructive),
    r.status,
  ]);
  const widths = header.map((h, i) =>
    Math.max(h.length, ...cells.map((c) => (c[i] as string).length)),
  );
  const line = (c: string[]) =>
    c.map((v, i) => (i === c.length - 1 ? v : v.padEnd(widths[i] as number))).join('  ');
  const failed = rows.filter((r) => !r.ok).length;
  const changed = rows.filter((r) => (r.changes ?? 0) > 0).length;
  const total = `${rows.length} environment${rows.length === 1 ? '' : 's'}: ${changed} with changes, ${failed} failed.`;
  return `${[line(header), ...cells.map(line)].join('\n')}\n${total}\n`;
}

export function renderManyMarkdown(
  rows: readonly (EnvironmentRow & { body: string; output: string })[],
): string {
  const out: string[] = [
    `## botform plan: ${rows.length} environment${rows.length === 1 ? '' : 's'}`,
    '',
    '| Environment | Changes | Destructive | Status |',
    '| --- | ---: | ---: | --- |',
  ];
  for (const r of rows)
    out.push(
      `| ${mdText(r.environment)} | ${r.changes ?? '-'} | ${r.destructive ?? '-'} | ${r.ok ? '' : '❌ '}${mdText(r.status)} |`,
    );
  out.push('');
  for (const r of rows) {
    out.push(
      `<details${r.ok ? '' : ' open'}><summary><b>${htmlText(r.environment)}</b>: ${htmlText(r.status)}</summary>`,
      '',
    );
    if (r.body) out.push(r.body.trimEnd(), '');
    if (r.output.trim()) {
      const lines = r.output.trimEnd().split('\n');
      const fence = fenceFor(lines);
      out.push(`${fence}text`, ...lines, fence, '');
    }
    out.push('</details>', '');
  }
  return `${out.join('\n')}\n`;
}
