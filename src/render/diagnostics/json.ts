// Machine-readable diagnostics: the data itself, versioned.
import type { DiagnosticFormatter } from './index.js';

export const json: DiagnosticFormatter = (diagnostics) => `${JSON.stringify({ format_version: 1, diagnostics }, null, 2)}\n`;
