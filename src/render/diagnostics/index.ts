// render/diagnostics: formatters are plain functions from diagnostics to text, one file each.
import { github } from './github.js';
import { json } from './json.js';
import { junit } from './junit.js';
import { sarif } from './sarif.js';
import { stylish } from './stylish.js';
import { summary } from './summary.js';
import type { DiagnosticFormatter } from './types.js';

export type { DiagnosticFormatter } from './types.js';

export const DIAGNOSTIC_FORMATS = [
  'stylish',
  'json',
  'github',
  'sarif',
  'junit',
  'summary',
] as const;
export type DiagnosticFormat = (typeof DIAGNOSTIC_FORMATS)[number];

export const DIAGNOSTIC_FORMATTERS: Record<DiagnosticFormat, DiagnosticFormatter> = {
  stylish,
  json,
  github,
  sarif,
  junit,
  summary,
};

export function isDiagnosticFormat(value: string): value is DiagnosticFormat {
  return (DIAGNOSTIC_FORMATS as readonly string[]).includes(value);
}
