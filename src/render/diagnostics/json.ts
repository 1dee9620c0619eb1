// Machine-readable diagnostics: the data itself, versioned, with the run's verdict (`ok` and the
// reasons it fails) as the exit code has it.
import { docsLink } from '../../diagnostics/docs-link.js';
import { diagnosticsVerdict } from '../../diagnostics/verdict.js';
import type { DiagnosticFormatter } from './types.js';

/** Each diagnostic as data, with `docs`: the link to its code's section in docs/diagnostics.md. */
export const json: DiagnosticFormatter = (diagnostics, options) => {
  const verdict = options.verdict ?? diagnosticsVerdict(diagnostics, options.failOn);
  return `${JSON.stringify(
    {
      format_version: 1,
      ok: verdict.ok,
      fail_on: options.failOn ?? 'error',
      failures: verdict.reasons,
      diagnostics: diagnostics.map((d) => ({ ...d, docs: docsLink(d.code) })),
    },
    null,
    2,
  )}\n`;
};
