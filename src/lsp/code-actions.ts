// Quick fixes for diagnostics that carry a "Did you mean" suggestion (a dangling transition, an
// unknown start, step type or field): replace the written word with the suggestion.
import {
  CodeActionKind,
  type CodeAction,
  type Diagnostic as LspDiagnostic,
  type TextEdit,
} from 'vscode-languageserver';

const DID_YOU_MEAN = /Did you mean "([^"]+)"\?/;
const FIXABLE = new Set([
  'dangling-transition',
  'unknown-start',
  'unknown-step-type',
  'unknown-field',
]);

export function quickFixes(
  uri: string,
  diagnostics: readonly LspDiagnostic[],
  lineText: (line: number) => string,
): CodeAction[] {
  const out: CodeAction[] = [];
  for (const d of diagnostics) {
    if (d.source !== 'botform' || typeof d.code !== 'string' || !FIXABLE.has(d.code)) continue;
    const suggestion = DID_YOU_MEAN.exec(
      typeof d.message === 'string' ? d.message : d.message.value,
    )?.[1];
    if (suggestion === undefined) continue;
    let { range } = d;
    // Keep the quotes of a quoted scalar; replace what is inside.
    if (range.start.line === range.end.line) {
      const line = lineText(range.start.line);
      const first = line.charAt(range.start.character);
      if (
        (first === '"' || first === "'") &&
        line.charAt(range.end.character - 1) === first &&
        range.end.character - range.start.character >= 2
      ) {
        range = {
          start: { ...range.start, character: range.start.character + 1 },
          end: { ...range.end, character: range.end.character - 1 },
        };
      }
    }
    out.push({
      title: `Change to "${suggestion}"`,
      kind: CodeActionKind.QuickFix,
      diagnostics: [d],
      isPreferred: true,
      edit: { changes: changesFor(uri, [{ range, newText: suggestion }]) },
    });
  }
  return out;
}

/** A URI-keyed map without a prototype: a URI is text from the editor. */
function changesFor(uri: string, edits: TextEdit[]): Record<string, TextEdit[]> {
  const changes = Object.create(null) as Record<string, TextEdit[]>;
  changes[uri] = edits;
  return changes;
}
