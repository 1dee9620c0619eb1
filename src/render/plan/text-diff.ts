// Unified diffs of multi-line values (message texts, YAML of changed params), made with the
// `diff` package and returned as lines without the file headers, for each renderer to colour.
import { structuredPatch } from 'diff';

export interface DiffLine {
  /** `@` a hunk header or a note, ` ` context, `-` removed, `+` added. */
  sign: '@' | ' ' | '-' | '+';
  text: string;
}

const DIFF_CONTEXT = 3;
/**
 * Beyond this many changed lines a diff is not worth its cost (about lines × edits): old and new
 * are shown whole instead. Short texts get up to 1,000 edits, long ones proportionally fewer.
 */
const MAX_EDIT_LENGTH = 1000;
const MAX_EDIT_WORK = 2_000_000;

export function textDiff(before: string, after: string): DiffLine[] {
  const a = withFinalNewline(before);
  const b = withFinalNewline(after);
  if (a === b) return [{ sign: '@', text: '(only the final line break differs)' }];
  const lineCount = countLines(a) + countLines(b);
  const maxEditLength = Math.max(
    1,
    Math.min(MAX_EDIT_LENGTH, Math.floor(MAX_EDIT_WORK / lineCount)),
  );
  const patch = structuredPatch('', '', a, b, undefined, undefined, {
    context: DIFF_CONTEXT,
    maxEditLength,
  });
  if (!patch) return replaceAll(a, b);
  const lines: DiffLine[] = [];
  for (const hunk of patch.hunks) {
    // As in `diff -u` (and the package's formatPatch): an empty side is numbered from the line before.
    const oldStart = hunk.oldLines === 0 ? hunk.oldStart - 1 : hunk.oldStart;
    const newStart = hunk.newLines === 0 ? hunk.newStart - 1 : hunk.newStart;
    lines.push({
      sign: '@',
      text: `@@ -${range(oldStart, hunk.oldLines)} +${range(newStart, hunk.newLines)} @@`,
    });
    for (const line of hunk.lines) {
      const sign = line[0];
      if (sign === '-' || sign === '+' || sign === ' ') lines.push({ sign, text: line.slice(1) });
    }
  }
  return lines;
}

function countLines(s: string): number {
  let n = 1;
  for (let i = s.indexOf('\n'); i !== -1; i = s.indexOf('\n', i + 1)) n += 1;
  return n;
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
    {
      sign: '@',
      text: `@@ -${range(oldLines.length > 0 ? 1 : 0, oldLines.length)} +${range(newLines.length > 0 ? 1 : 0, newLines.length)} @@`,
    },
    ...oldLines.map((text): DiffLine => ({ sign: '-', text })),
    ...newLines.map((text): DiffLine => ({ sign: '+', text })),
  ];
}
