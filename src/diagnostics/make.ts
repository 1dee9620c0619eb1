// Building and ordering diagnostics. Severity starts at the code's default; the config may
// change it later (applySeverityOverrides), so checks never read the config themselves.
import { CODES, type Code } from './codes.js';
import type {
  Diagnostic,
  DocPath,
  PathTarget,
  Range,
  Severity,
  SeveritySetting,
  SourceLocator,
} from './types.js';

export interface Extras {
  hint?: string;
  related?: Diagnostic['related'];
  severity?: Severity;
}

export function diagnosticAt(
  code: Code,
  message: string,
  file: string,
  range: Range,
  path: DocPath = [],
  extras: Extras = {},
): Diagnostic {
  const diagnostic: Diagnostic = {
    code,
    severity: extras.severity ?? CODES[code].severity,
    message,
    file,
    path: [...path],
    ...range,
  };
  if (extras.hint !== undefined) diagnostic.hint = extras.hint;
  if (extras.related !== undefined && extras.related.length > 0)
    diagnostic.related = extras.related;
  return diagnostic;
}

export function diagnosticFor(
  code: Code,
  message: string,
  locator: SourceLocator,
  path: DocPath,
  target: PathTarget = 'value',
  extras: Extras = {},
): Diagnostic {
  return diagnosticAt(code, message, locator.file, locator.locate(path, target), path, extras);
}

/** Applies `rules:` from the config: a new severity, or `off` to drop the diagnostic. */
export function applySeverityOverrides(
  diagnostics: readonly Diagnostic[],
  overrides: ReadonlyMap<string, SeveritySetting>,
): Diagnostic[] {
  const out: Diagnostic[] = [];
  for (const d of diagnostics) {
    const setting = CODES[d.code as Code]?.configurable ? overrides.get(d.code) : undefined;
    if (setting === 'off') continue;
    out.push(setting ? { ...d, severity: setting } : d);
  }
  return out;
}

const SEVERITY_RANK: Record<Severity, number> = { error: 0, warning: 1, info: 2 };

export function sortDiagnostics(diagnostics: readonly Diagnostic[]): Diagnostic[] {
  return [...diagnostics].sort(
    (a, b) =>
      (a.file < b.file ? -1 : a.file > b.file ? 1 : 0) ||
      a.line - b.line ||
      a.column - b.column ||
      SEVERITY_RANK[a.severity] - SEVERITY_RANK[b.severity] ||
      (a.code < b.code ? -1 : a.code > b.code ? 1 : 0),
  );
}

export function countBySeverity(diagnostics: readonly Diagnostic[]): Record<Severity, number> {
  const counts: Record<Severity, number> = { error: 0, warning: 0, info: 0 };
  for (const d of diagnostics) counts[d.severity]++;
  return counts;
}

/** The same problem found more than once (per environment, per import) is reported once. */
export function uniqueDiagnostics(diagnostics: readonly Diagnostic[]): Diagnostic[] {
  const seen = new Set<string>();
  return diagnostics.filter((d) => {
    const key = `${d.code}|${d.file}|${d.line}|${d.column}|${d.message}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}
