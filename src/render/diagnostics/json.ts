// Machine-readable diagnostics: the data itself, versioned.
import { docsLink } from '../../diagnostics/docs-link.js';
import type { DiagnosticFormatter } from './index.js';

/** Each diagnostic as data, with `docs`: the link to its code's section in docs/diagnostics.md. */
export const json: DiagnosticFormatter = (diagnostics) =>
  `${JSON.stringify({ format_version: 1, diagnostics: diagnostics.map((d) => ({ ...d, docs: docsLink(d.code) })) }, null, 2)}\n`;
