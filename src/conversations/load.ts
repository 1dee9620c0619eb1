// Reading conversation test files (find.ts finds them): each file parsed with load/'s YAML
// reader (positions kept) and checked against schemas/test.schema.json. Problems are
// diagnostics, never thrown. The reading worker (load-worker.ts) loads this module.
import type { Diagnostic, DocPath } from '../diagnostics/types.js';
import { displayPath } from '../load/display-path.js';
import { DEFAULT_LIMITS } from '../load/limits.js';
import { lazyYamlLocator } from '../load/yaml-locator.js';
import { readScenarioText } from '../load/read-text.js';
import { fileDiagnostic, parseYamlSource } from '../load/yaml-source.js';
import { isRecord } from '../model/json.js';
import { schemaErrors } from '../validate/schema-verdict.js';
import { translateSchemaErrors } from '../validate/translate-errors.js';
import type { TestCase, TestFile, TurnSpec } from './types.js';

/** A test file read and checked, as plain data that can cross a worker boundary. */
export interface TestFileData {
  file: string;
  text: string;
  tests: TestCase[];
}

export async function readTestFiles(
  files: readonly string[],
  cwd: string,
): Promise<{ files: TestFileData[]; diagnostics: Diagnostic[] }> {
  const out: TestFileData[] = [];
  const diagnostics: Diagnostic[] = [];
  for (const absolute of files) {
    const file = displayPath(cwd, absolute);
    const read = await readScenarioText(absolute, DEFAULT_LIMITS.maxFileBytes);
    if (!read.ok) {
      diagnostics.push(fileDiagnostic(file, read.code, read.message));
      continue;
    }
    const parsed = parseTestText(file, read.text);
    diagnostics.push(...parsed.diagnostics);
    if (parsed.file) out.push(parsed.file);
  }
  return { files: out, diagnostics };
}

/** One test file's text parsed and schema-checked (also what the editor checks as you type). */
export function parseTestText(
  file: string,
  text: string,
): { file?: TestFileData; diagnostics: Diagnostic[] } {
  // The fast parser (no syntax tree): positions come from a second parse only when needed —
  // a schema error, a failure — and the test heads from the text (testHeads).
  const parsed = parseYamlSource(file, text, DEFAULT_LIMITS);
  if (parsed.value === undefined || parsed.diagnostics.some((d) => d.severity === 'error'))
    return { diagnostics: parsed.diagnostics };
  // The validator generated at build time (schema-verdict.ts): compiling the schema with ajv
  // would cost a large suite's reader ~0.25 s.
  const errors = schemaErrors('test', parsed.value);
  if (errors)
    return {
      diagnostics: [...parsed.diagnostics, ...translateSchemaErrors(errors, parsed.locator)],
    };
  // Each test's own line is needed for every report; other positions only for failures. So
  // the tree is used for the test heads now, then let go (a failure parses the file again).
  const cases = testCases(file, parsed.value);
  const heads = testHeads(text, cases.length);
  const tests = cases.map((t, i) => {
    const at = heads?.[i] ?? parsed.locator.locate(t.path, 'value');
    return { ...t, line: at.line, column: at.column };
  });
  return { file: { file, text, tests }, diagnostics: parsed.diagnostics };
}

export function withLocators(files: readonly TestFileData[]): TestFile[] {
  return files.map((f) => ({
    file: f.file,
    locator: lazyYamlLocator(f.file, f.text),
    tests: f.tests,
    mayHoldVariables: f.text.includes('${var.'),
  }));
}

const TEST_KEYS = /^(name|start|vars|cart|seed|random|stubs|skip|tags|operator|turns)\s*:/;

/**
 * Where each test of a block-style `tests:` list starts (1-based line and column of its first
 * key), read from the text: the syntax tree of a large suite costs seconds to build, and only
 * these positions are needed when every test passes. undefined (the caller asks the locator)
 * when the text is laid out otherwise or the count differs from the tests parsed.
 */
export function testHeads(
  text: string,
  count: number,
): { line: number; column: number }[] | undefined {
  const lines = text.split('\n');
  const start = lines.findIndex((l) => /^tests:\s*(#.*)?\r?$/.test(l));
  if (start < 0) return undefined;
  const heads: { line: number; column: number }[] = [];
  let indent = -1;
  for (let i = start + 1; i < lines.length; i++) {
    const line = (lines[i] as string).replace(/\r$/, '');
    if (/^\s*(#.*)?$/.test(line)) continue;
    const lead = /^ */.exec(line)?.[0].length ?? 0;
    if (indent < 0) indent = lead;
    if (lead < indent || (lead === indent && !line.startsWith('- ', lead))) break;
    if (lead !== indent) continue;
    const item = /^( *- +)(.*)$/.exec(line);
    if (!item || !TEST_KEYS.test(item[2] ?? '')) return undefined;
    heads.push({ line: i + 1, column: (item[1] ?? '').length + 1 });
  }
  return heads.length === count ? heads : undefined;
}

/** Where the i-th test of a file is, and its j-th turn. */
export const testPath = (i: number): DocPath => ['tests', i];
export const turnPath = (i: number, j: number): DocPath => ['tests', i, 'turns', j];

/** The schema has checked the shape; this only gives it types. */
export function testCases(file: string, value: unknown): Omit<TestCase, 'line' | 'column'>[] {
  const tests = isRecord(value) && Array.isArray(value.tests) ? value.tests : [];
  return tests.map((raw: unknown, i): Omit<TestCase, 'line' | 'column'> => {
    const t = raw as Omit<TestCase, 'file' | 'path' | 'turns'> & {
      turns: Record<string, unknown>[];
    };
    const path = testPath(i);
    const turns = t.turns.map(
      (turn, j): TurnSpec =>
        'bot' in turn
          ? { bot: turn.bot as never, path: turnPath(i, j) }
          : 'operator' in turn
            ? { operator: turn.operator as never, path: turnPath(i, j) }
            : { user: turn.user as never, path: turnPath(i, j) },
    );
    return { ...t, file, path, turns };
  });
}
