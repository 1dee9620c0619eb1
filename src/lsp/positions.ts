// Between botform's ranges (1-based lines and columns, end exclusive) and LSP's (0-based).
// Both count columns in UTF-16 code units: the yaml parser and ts-morph index JS strings.
import type { Position, Range as LspRange } from 'vscode-languageserver';
import type { Range } from '../diagnostics/types.js';

export function toLspRange(r: Range): LspRange {
  return {
    start: { line: r.line - 1, character: r.column - 1 },
    end: { line: r.endLine - 1, character: r.endColumn - 1 },
  };
}

export function rangeContains(r: Range, p: Position): boolean {
  const line = p.line + 1;
  const column = p.character + 1;
  if (line < r.line || line > r.endLine) return false;
  if (line === r.line && column < r.column) return false;
  if (line === r.endLine && column > r.endColumn) return false;
  return true;
}

/** A quoted scalar's range without its quotes: what an editor should select or replace. */
export function innerRange(text: string | undefined, r: Range): Range {
  if (text === undefined || r.line !== r.endLine) return r;
  const line = lineAt(text, r.line - 1);
  const first = line.charAt(r.column - 1);
  const last = line.charAt(r.endColumn - 2);
  if ((first === '"' || first === "'") && last === first && r.endColumn - r.column >= 2)
    return { ...r, column: r.column + 1, endColumn: r.endColumn - 1 };
  return r;
}

export function lineAt(text: string, index: number): string {
  let start = 0;
  for (let i = 0; i < index; i++) {
    const next = text.indexOf('\n', start);
    if (next < 0) return '';
    start = next + 1;
  }
  const end = text.indexOf('\n', start);
  return text.slice(start, end < 0 ? text.length : end).replace(/\r$/, '');
}
