// Unified diffs of multi-line values (message texts, YAML of changed params), made with the
// `diff` package and returned as lines without the file headers, for each renderer to colour.
import { structuredPatch } from 'diff';

export interface DiffLine {
  /** `@` a hunk header or a note, ` ` context, `-` removed, `+` added. */
  sign: '@' | ' ' | '-' | '+';
  text: string;
}

export const DIFF_CONTEXT = 3;
/** Beyond this many changed lines a diff stops being worth its cost: show old and new whole. */
const MAX_EDIT_LENGTH = 2000;

export function textDiff(before: string, after: string): DiffLine[] {
  const a = withFinalNewline(before);
  const b = withFinalNewline(after);
  if (a === b) return [{ sign: '@', text: '(only the final line break differs)' }];
  const patch = structuredPatch('', '', a, b, undefined, undefined, { context: DIFF_CONTEXT, maxEditLength: MAX_EDIT_LENGTH });
  if (!patch) return replaceAll(a, b);
  const lines: DiffLine[] = [];
  for (const hunk of patch.hunks) {
    lines.push({ sign: '@', text: `@@ -${range(hunk.oldStart, hunk.oldLines)} +${range(hunk.newStart, hunk.newLines)} @@` });
    for (const line of hunk.lines) {
      const sign = line[0];
      if (sign === '-' || sign === '+' || sign === ' ') lines.push({ sign, text: line.slice(1) });
    }
  }
  return lines;
}

function withFinalNewline(s: string): string {
  return s === '' || s.endsWith('\n') ? s : `${s}\n`;
}

function range(start: number, count: number): string {
  return count === 1 ? `${start}` : `${start},${count}`;
}

function replaceAll(a: string, b: string): DiffLine[] {
  const oldLines = a === '' ? [] : a.slice(0, -1).split('\n');
  const newLines = b === '' ? [] : b.slice(0, -1).split('\n');
  return [
    { sign: '@', text: `@@ -${range(oldLines.length > 0 ? 1 : 0, oldLines.length)} +${range(newLines.length > 0 ? 1 : 0, newLines.length)} @@` },
    ...oldLines.map((text): DiffLine => ({ sign: '-', text })),
    ...newLines.map((text): DiffLine => ({ sign: '+', text })),
  ];
}
