// Rendering a many-environment run: the summary table (environment, changes, destructive,
// status) and the markdown document with one collapsed section per environment. Pure.
import { fenceFor, htmlText, mdText } from '../render/plan/md-escape.js';

export interface EnvironmentRow {
  environment: string;
  /** undefined when the environment failed before it had a plan. */
  changes: number | undefined;
  destructive: number | undefined;
  status: string;
  ok: boolean;
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
