// SARIF 2.1.0, what GitHub code scanning (and other CI systems) read: one run of botform, its
// rules from the code table (summary and doc link), and a result per diagnostic with its region.
import { CODES, type CodeInfo } from '../../diagnostics/codes.js';
import { docsLink } from '../../diagnostics/docs-link.js';
import type { Diagnostic, Severity } from '../../diagnostics/types.js';
import type { DiagnosticFormatter } from './types.js';

const LEVEL: Record<Severity, 'error' | 'warning' | 'note'> = {
  error: 'error',
  warning: 'warning',
  info: 'note',
};
const RULES = Object.entries(CODES) as [string, CodeInfo][];
const RULE_INDEX = new Map(RULES.map(([code], i) => [code, i]));

export const sarif: DiagnosticFormatter = (diagnostics, options) => {
  const log = {
    $schema: 'https://json.schemastore.org/sarif-2.1.0.json',
    version: '2.1.0',
    runs: [
      {
        tool: {
          driver: {
            name: 'botform',
            ...(options.toolVersion !== undefined ? { version: options.toolVersion } : {}),
            rules: RULES.map(([code, info]) => ({
              id: code,
              shortDescription: { text: info.summary },
              fullDescription: { text: info.summary },
              helpUri: docsLink(code),
              help: {
                text: `${info.summary} See ${docsLink(code)}`,
                markdown: `${info.summary} [How to fix it](${docsLink(code)}).`,
              },
              defaultConfiguration: { level: LEVEL[info.severity] },
            })),
          },
        },
        results: diagnostics.map(result),
      },
    ],
  };
  return `${JSON.stringify(log, null, 2)}\n`;
};

function result(d: Diagnostic) {
  const index = RULE_INDEX.get(d.code);
  return {
    ruleId: d.code,
    ...(index !== undefined ? { ruleIndex: index } : {}),
    level: LEVEL[d.severity],
    message: { text: d.hint ? `${d.message} ${d.hint}` : d.message },
    locations: [
      {
        physicalLocation: {
          artifactLocation: { uri: fileUri(d.file) },
          region: {
            startLine: d.line,
            startColumn: d.column,
            endLine: d.endLine,
            endColumn: Math.max(d.endColumn, 1),
          },
        },
      },
    ],
  };
}

/** A relative file as a URI reference: forward slashes, each segment percent-encoded. */
function fileUri(file: string): string {
  return file.split(/[\\/]/).map(encodeURIComponent).join('/');
}
