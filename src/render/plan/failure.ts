// What `plan --format json|markdown|github` writes when there is no plan: a well-formed document
// that carries the errors (scenario or plan problems), or what stopped the run when it was not
// the scenario (the API unreachable, credentials missing or refused, a bad flag), so a job that
// posts the output as a pull-request comment posts the failure instead of nothing.
import { docsLink } from '../../diagnostics/docs-link.js';
import { escapeData } from '../github-annotations.js';
import type { Diagnostic } from '../../diagnostics/types.js';
import { DEFAULT_MAX_LENGTH } from './markdown.js';
import { cutText, mdCode, mdText, safeCut } from './md-escape.js';
import { plural } from '../../plural.js';

/** Machine-readable: like a plan document, with `plan: null` and the diagnostics. */
export function planFailureJson(diagnostics: readonly Diagnostic[]): string {
  const withDocs = diagnostics.map((d) => ({ ...d, docs: docsLink(d.code) }));
  return `${JSON.stringify({ format_version: 1, ok: false, plan: null, diagnostics: withDocs }, null, 2)}\n`;
}

/** A pull-request comment: what is wrong and where, errors first. */
export function planFailureMarkdown(
  diagnostics: readonly Diagnostic[],
  maxLength = DEFAULT_MAX_LENGTH,
): string {
  const errors = diagnostics.filter((d) => d.severity === 'error');
  const lines = [
    '### botform plan failed',
    '',
    `> [!CAUTION]\n> No plan: ${plural(errors.length, 'error')} to fix first.`,
    '',
    ...[...errors, ...diagnostics.filter((d) => d.severity !== 'error')].map(
      (d) =>
        `- ${d.severity === 'error' ? '❌' : '⚠️'} ${mdCode(`${d.file}:${d.line}:${d.column}`)} ${mdText(cutText(d.message, 500))} (${mdCode(d.code)})`,
    ),
  ];
  return safeCut(`${lines.join('\n')}\n`, maxLength);
}

/** What stopped a plan that was not the scenario: a message and, when there is one, a hint. */
export interface PlanRunError {
  message: string;
  hint?: string | undefined;
}

export function planErrorJson(error: PlanRunError): string {
  return `${JSON.stringify({ format_version: 1, ok: false, plan: null, diagnostics: [], error }, null, 2)}\n`;
}

export function planErrorMarkdown(error: PlanRunError, maxLength = DEFAULT_MAX_LENGTH): string {
  const lines = [
    '### botform plan failed',
    '',
    `> [!CAUTION]\n> No plan: ${mdText(cutText(error.message, 2000))}`,
    ...(error.hint ? ['', mdText(cutText(error.hint, 1000))] : []),
  ];
  return safeCut(`${lines.join('\n')}\n`, maxLength);
}

export function planErrorGithub(error: PlanRunError): string {
  const text = error.hint ? `${error.message} (${error.hint})` : error.message;
  return `::error title=botform plan::${escapeData(text)}\n`;
}
