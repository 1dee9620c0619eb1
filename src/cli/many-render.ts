// Rendering a many-environment run: each environment's section (its plan, then its problems and
// what its apply did), the summary table (environment, changes, destructive, status), JSON, GitHub
// annotations, and the one exit code. The markdown document is render/plan/many-markdown.ts.
import type { EnvironmentRow, EnvironmentRun } from '../deploy/many.js';
import { paletteFor } from '../render/colors.js';
import { stylish } from '../render/diagnostics/stylish.js';
import { PLAN_RENDERERS, type PlanFormat } from '../render/plan/index.js';
import { fitBytes, STEP_SUMMARY_MAX_BYTES } from '../render/byte-budget.js';
import { FORGE_COMMENT_LIMITS } from '../render/forge-limits.js';
import { manyAnnotations } from '../render/plan/many-github.js';
import { renderManyMarkdown } from '../render/plan/many-markdown.js';
import { EXIT, type CliIo } from './io.js';
import { plural } from '../plural.js';

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
  return `The plan cannot be applied safely (${plural(problems, 'problem')}).\n`;
}

export function writeReport(
  runs: readonly (EnvironmentRun & { output: string })[],
  format: PlanFormat,
  io: CliIo,
  maxLength: number = FORGE_COMMENT_LIMITS.github,
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
  if (format === 'markdown' || format === 'summary') {
    io.stdout.write(
      format === 'markdown'
        ? renderManyMarkdown(runs, maxLength)
        : fitBytes((max) => renderManyMarkdown(runs, max), STEP_SUMMARY_MAX_BYTES),
    );
    return;
  }
  if (format === 'github') {
    io.stdout.write(manyAnnotations(runs));
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

function renderSummaryTable(rows: readonly EnvironmentRow[]): string {
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
  const total = `${plural(rows.length, 'environment')}: ${changed} with changes, ${failed} failed.`;
  return `${[line(header), ...cells.map(line)].join('\n')}\n${total}\n`;
}
