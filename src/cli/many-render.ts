// Rendering a many-environment run for a terminal: the summary table (environment, changes,
// destructive, status). Pure. The markdown document is render/plan/many-markdown.ts.

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
