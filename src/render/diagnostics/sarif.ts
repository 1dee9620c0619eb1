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

/** A team rule's results are the rule's own: `rule-violation/<id>`, described by its message. */
const teamRuleId = (d: Diagnostic) => (d.rule ? `rule-violation/${d.rule.id}` : undefined);

export const sarif: DiagnosticFormatter = (diagnostics, options) => {
  const teamRules = new Map<string, string>();
  for (const d of diagnostics)
    if (d.rule) teamRules.set(`rule-violation/${d.rule.id}`, d.rule.message);
  const teamIndex = new Map([...teamRules.keys()].map((id, i) => [id, RULES.length + i]));
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
            })).concat(
              [...teamRules].map(([id, message]) => ({
                id,
                shortDescription: { text: message },
                fullDescription: { text: message },
                helpUri: docsLink('rule-violation'),
                help: {
                  text: `${message} A team rule (${id.slice('rule-violation/'.length)}); see ${docsLink('rule-violation')}`,
                  markdown: `${message} A team rule; [how rules work](${docsLink('rule-violation')}).`,
                },
                defaultConfiguration: { level: LEVEL.error },
              })),
            ),
          },
        },
        results: diagnostics.map((d) => result(d, teamIndex)),
      },
    ],
  };
  return `${JSON.stringify(log, null, 2)}\n`;
};

function result(d: Diagnostic, teamIndex: ReadonlyMap<string, number>) {
  const team = teamRuleId(d);
  const index = team !== undefined ? teamIndex.get(team) : RULE_INDEX.get(d.code);
  return {
    ruleId: team ?? d.code,
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
