// GitHub Actions workflow commands: each problem becomes an annotation on the pull request's
// diff, ending with the address of its code's explanation; a failing run also gets one `::error`
// that says why it fails (also when only warnings fail it, under --fail-on warning). GitHub shows
// 10 annotations of each level per step: github-annotations.ts chooses and counts the rest.
import { docsLink } from '../../diagnostics/docs-link.js';
import type { Diagnostic } from '../../diagnostics/types.js';
import { diagnosticsVerdict, type Verdict } from '../../diagnostics/verdict.js';
import { type Annotation, renderAnnotations } from '../github-annotations.js';
import type { DiagnosticFormatter } from './types.js';

export const github: DiagnosticFormatter = (diagnostics, options) => {
  const command = options.command ?? 'botform validate';
  const verdict = options.verdict ?? diagnosticsVerdict(diagnostics, options.failOn);
  return renderAnnotations(
    diagnostics.map(diagnosticAnnotation),
    { ...(options.inChange ? { inChange: options.inChange } : {}), seeAll: seeAll(command) },
    verdictAnnotations(command, verdict),
  );
};

export function diagnosticAnnotation(d: Diagnostic): Annotation {
  return {
    level: d.severity === 'error' ? 'error' : d.severity === 'warning' ? 'warning' : 'notice',
    file: d.file,
    line: d.line,
    column: d.column,
    endLine: d.endLine,
    endColumn: d.endColumn,
    title: `botform ${d.code}`,
    message: `${d.hint ? `${d.message}\n${d.hint}` : d.message}\nHow to fix: ${docsLink(d.code)}`,
  };
}

/** The run's failure as one error annotation, shown before all others. */
export function verdictAnnotations(command: string, verdict: Verdict): Annotation[] {
  if (verdict.ok) return [];
  return [{ level: 'error', title: `${command} failed`, message: verdict.reasons.join('\n') }];
}

export function seeAll(command: string): string {
  return `the job summary (\`${command} --format summary >> "$GITHUB_STEP_SUMMARY"\`), a SARIF upload (\`--format sarif\`) or the output of \`${command}\``;
}
