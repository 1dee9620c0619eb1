// fmt/: the canonical layout of YAML scenario files (`botform fmt`). One pure function from text
// to text: key order (key-order.ts, reorder.ts), block literals and spacing (layout.ts), and a
// check that the formatted text means exactly what the original meant (same-value.ts). Comments,
// blank lines between entries and the `# yaml-language-server:` modeline are kept. Reading and
// writing files is the command's business (cli/commands/fmt.ts, src/write-file-atomic.ts).
import { isAlias, parseDocument, visit, type Document } from 'yaml';
import type { Diagnostic } from '../diagnostics/types.js';
import { DEFAULT_LIMITS, type LoadLimits } from '../load/limits.js';
import { parseYamlSource } from '../load/yaml-source.js';
import { repairEmptyValues } from './empty-values.js';
import {
  hoistTrailingComments,
  preferBlockLiterals,
  tidyComments,
  tightenFirstEntries,
  TO_STRING,
} from './layout.js';
import { reorderKeys } from './reorder.js';
import { valueFingerprint } from './same-value.js';

export type FormatResult =
  | { ok: true; text: string; changed: boolean }
  /** The file does not parse cleanly: the diagnostics validate would report. */
  | { ok: false; reason: 'unparseable'; diagnostics: Diagnostic[] }
  /** Formatting would have changed the value (a bug in fmt): nothing should be written. */
  | { ok: false; reason: 'value-changed'; message: string };

export interface FormatOptions {
  /** The name used in diagnostics. */
  file?: string;
  limits?: LoadLimits;
}

// Duplicate keys are refused by parseYamlSource first (linearly); yaml's own check is quadratic.
const PARSE_OPTIONS = { uniqueKeys: false, strict: true, prettyErrors: false } as const;

export function formatScenarioYaml(text: string, options: FormatOptions = {}): FormatResult {
  const file = options.file ?? '<input>';
  const limits = options.limits ?? DEFAULT_LIMITS;
  const parsed = parseYamlSource(file, text, limits);
  if (parsed.diagnostics.length > 0)
    return { ok: false, reason: 'unparseable', diagnostics: parsed.diagnostics };

  const doc = parseDocument(text, PARSE_OPTIONS);
  const before = valueFingerprint(doc, limits.maxAliases);
  repairEmptyValues(doc, text);
  // Moving a key could put an alias before its anchor: with aliases, keys keep their order.
  if (!hasAliases(doc)) reorderKeys(doc.contents, text);
  preferBlockLiterals(doc);
  tightenFirstEntries(doc);
  hoistTrailingComments(doc);
  tidyComments(doc);

  let written: string;
  try {
    written = doc.toString(TO_STRING);
  } catch (error) {
    return refuse(
      `the YAML library could not write it (${error instanceof Error ? error.message : String(error)})`,
    );
  }
  // One newline at the end, unless the last value is a block that keeps its trailing newlines.
  const trimmed = written.replace(/\n+$/, '\n');
  const done = (out: string): FormatResult => ({ ok: true, text: out, changed: out !== text });
  if (trimmed !== written && sameValueProblem(trimmed, before, file, limits) === undefined)
    return done(trimmed);
  const problem = sameValueProblem(written, before, file, limits);
  return problem === undefined ? done(written) : refuse(problem);
}

function refuse(problem: string): FormatResult {
  return {
    ok: false,
    reason: 'value-changed',
    message: `formatting would change the file's value: ${problem}`,
  };
}

/** Why the formatted text does not hold the original value, or undefined when it does. */
function sameValueProblem(
  formatted: string,
  before: string,
  file: string,
  limits: LoadLimits,
): string | undefined {
  const reparsed = parseYamlSource(file, formatted, limits);
  const first = reparsed.diagnostics[0];
  if (first)
    return `the result does not parse (${first.code} at ${first.line}:${first.column}: ${first.message})`;
  let after: string;
  try {
    after = valueFingerprint(parseDocument(formatted, PARSE_OPTIONS), limits.maxAliases);
  } catch (error) {
    return `the result could not be read back (${error instanceof Error ? error.message : String(error)})`;
  }
  return after === before ? undefined : 'the result parses to a different value';
}

function hasAliases(doc: Document): boolean {
  let found = false;
  visit(doc, {
    Alias() {
      found = true;
      return visit.BREAK;
    },
  });
  return found || isAlias(doc.contents);
}
