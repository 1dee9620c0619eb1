// render/diagnostics: formatters are plain functions from diagnostics to text, one file each.
import type { Diagnostic } from '../../diagnostics/types.js';
import type { Palette } from '../colors.js';
import { github } from './github.js';
import { json } from './json.js';
import { junit } from './junit.js';
import { sarif } from './sarif.js';
import { stylish } from './stylish.js';

export interface FormatOptions {
  palette: Palette;
  /** botform's version, for reports that name their tool (SARIF). */
  toolVersion?: string;
}

export type DiagnosticFormatter = (
  diagnostics: readonly Diagnostic[],
  options: FormatOptions,
) => string;

export const DIAGNOSTIC_FORMATS = ['stylish', 'json', 'github', 'sarif', 'junit'] as const;
export type DiagnosticFormat = (typeof DIAGNOSTIC_FORMATS)[number];

export const DIAGNOSTIC_FORMATTERS: Record<DiagnosticFormat, DiagnosticFormatter> = {
  stylish,
  json,
  github,
  sarif,
  junit,
};

export function isDiagnosticFormat(value: string): value is DiagnosticFormat {
  return (DIAGNOSTIC_FORMATS as readonly string[]).includes(value);
}
