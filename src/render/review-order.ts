// The order in which a reviewer should meet problems, shared by the GitHub annotations and the job
// summary: most severe first, then those on lines of the change under review, then by place.

/** Whether a line of a file (as the report names it) is part of the change under review. */
export type InChange = (file: string, line: number) => boolean;

export interface Placed {
  /** 0 is the most severe. */
  rank: number;
  file?: string | undefined;
  line?: number | undefined;
  column?: number | undefined;
}

export function reviewOrder<T extends Placed>(items: readonly T[], inChange?: InChange): T[] {
  const changed = (a: T) =>
    inChange && a.file !== undefined && a.line !== undefined && inChange(a.file, a.line) ? 0 : 1;
  return [...items].sort(
    (a, b) =>
      a.rank - b.rank ||
      changed(a) - changed(b) ||
      compareText(a.file ?? '', b.file ?? '') ||
      (a.line ?? 0) - (b.line ?? 0) ||
      (a.column ?? 0) - (b.column ?? 0),
  );
}

function compareText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
