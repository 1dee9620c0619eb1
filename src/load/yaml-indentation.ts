// Indentation mistakes, said once and where they are. The YAML parser reports a tab or a line
// indented too far as two or three errors at the line before (a "compact mapping", an "implicit
// key"); a person needs one: this line, and how far to indent it.

export interface IndentationProblem {
  /** Offsets of the wrong indentation in the text. */
  start: number;
  end: number;
  message: string;
  hint: string;
}

/** The parser error codes an indentation mistake shows up as. */
const INDENT_CODES = new Set([
  'TAB_AS_INDENT',
  'BAD_INDENT',
  'MULTILINE_IMPLICIT_KEY',
  'BLOCK_AS_IMPLICIT_KEY',
  'UNEXPECTED_TOKEN',
]);

/**
 * When the first parser error is an indentation mistake, the one problem to report instead of
 * all of them; undefined when it is something else (then the parser's own messages stand).
 */
export function indentationProblem(
  text: string,
  errors: readonly { code: string; pos: [number, number] }[],
): IndentationProblem | undefined {
  const first = errors[0];
  if (!first || !INDENT_CODES.has(first.code)) return undefined;
  const lines = lineStarts(text);
  const from = lineIndexAt(lines, first.pos[0]);
  // The wrong line is the one with the error or, for a continuation, one of the next few.
  for (let i = from; i < Math.min(lines.length, from + 3); i++) {
    const line = lineText(text, lines, i);
    const lead = /^[ \t]*/.exec(line)?.[0] ?? '';
    if (lead.includes('\t')) {
      const start = (lines[i] ?? 0) + lead.indexOf('\t');
      return {
        start,
        end: start + 1,
        message: 'This line is indented with a tab; YAML indentation must be spaces.',
        hint: 'Replace the tab with spaces (2 per level, like the lines around it); set your editor to insert spaces for Tab in .yaml files.',
      };
    }
    if (i === from) continue;
    const above = previousKeyLine(text, lines, i);
    if (above === undefined || line.trim() === '' || line.trimStart().startsWith('#')) continue;
    const aboveText = lineText(text, lines, above);
    // In a list item (`- text: A`) the keys align after the dash.
    const want = indentOf(aboveText) + (aboveText.trimStart().startsWith('- ') ? 2 : 0);
    if (lead.length > want && /^[^\s#][^:]*:(\s|$)/.test(line.trimStart())) {
      const key = line.trimStart().split(':')[0] ?? '';
      const start = lines[i] ?? 0;
      return {
        start,
        end: start + lead.length + key.length,
        message: `This line is indented ${lead.length} spaces, more than the key above it (${want}), so \`${key}\` cannot be read as a key.`,
        hint: `Indent \`${key}:\` with ${want} spaces, like line ${above + 1}${want === lead.length - 1 || want === lead.length + 1 ? ' (one space off)' : ''}.`,
      };
    }
  }
  return undefined;
}

function lineStarts(text: string): number[] {
  const starts = [0];
  for (let i = 0; i < text.length; i++) if (text.charCodeAt(i) === 10) starts.push(i + 1);
  return starts;
}

function lineIndexAt(starts: readonly number[], offset: number): number {
  let lo = 0;
  let hi = starts.length - 1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if ((starts[mid] ?? 0) <= offset) lo = mid;
    else hi = mid - 1;
  }
  return lo;
}

function lineText(text: string, starts: readonly number[], i: number): string {
  const end = starts[i + 1] ?? text.length + 1;
  return text.slice(starts[i] ?? 0, end - 1).replace(/\r$/, '');
}

function indentOf(line: string): number {
  return (/^ */.exec(line)?.[0] ?? '').length;
}

/** The nearest line above `i` that holds a `key:` (the sibling the line should align with). */
function previousKeyLine(text: string, starts: readonly number[], i: number): number | undefined {
  for (let j = i - 1; j >= 0; j--) {
    const t = lineText(text, starts, j).trimStart();
    if (t === '' || t.startsWith('#')) continue;
    return /^(- )?[^\s#][^:]*:(\s|$)/.test(t) ? j : undefined;
  }
  return undefined;
}
