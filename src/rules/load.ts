// Reading team rule files: the config's `rule_files:` globs (default rules/*.rules.yaml, from the
// config's folder), each parsed with a locator and checked against schemas/rules.schema.json.
// A file that is not YAML or not a `rules:` list is a diagnostic at its place; a rule that breaks
// the schema is one at the rule, and the file's other rules still count (as do the other files).
// A rule with no known form is left to compile.ts, which says so once instead of the schema's
// one complaint per form. An editor's unsaved text is read instead of the file.
import path from 'node:path';
import { glob } from 'tinyglobby';
import type { BotformConfig } from '../config/load-config.js';
import type { Diagnostic, SourceLocator } from '../diagnostics/types.js';
import { displayPath } from '../load/find-files.js';
import { DEFAULT_LIMITS } from '../load/limits.js';
import { readScenarioText, scenarioTextInMemory } from '../load/read-text.js';
import { fileDiagnostic, parseYamlSource } from '../load/yaml-source.js';
import { schemaErrors } from '../validate/schema-verdict.js';
import { translateSchemaErrors } from '../validate/translate-errors.js';
import { isRecord } from '../model/json.js';
import type { ErrorObject } from 'ajv';

const DEFAULT_RULE_FILES = ['rules/*.rules.yaml', 'rules/*.rules.yml'];

/** A rule as written, and its index in the file's `rules:` list. */
interface RuleEntry {
  index: number;
  raw: Record<string, unknown>;
}

/** A rule file: the rules that passed the schema (or have no form, for compile.ts to say). */
export interface RuleFile {
  file: string;
  locator: SourceLocator;
  rules: RuleEntry[];
}

/** The keys that choose a rule's form; a rule with none of them is told so by compile.ts. */
export const FORM_KEYS = ['every_path', 'reaches', 'never', 'require', 'plan'] as const;

export interface LoadedRules {
  files: RuleFile[];
  diagnostics: Diagnostic[];
}

export async function loadRuleFiles(
  config: BotformConfig,
  cwd: string,
  overlay?: ReadonlyMap<string, string>,
): Promise<LoadedRules> {
  const base = config.file !== undefined ? config.dir : cwd;
  const patterns = config.ruleFiles.length > 0 ? config.ruleFiles : DEFAULT_RULE_FILES;
  const found = (
    await glob(patterns, { cwd: base, absolute: true, ignore: ['**/node_modules/**'] })
  )
    .map((f) => path.resolve(f))
    .sort();
  const files: RuleFile[] = [];
  const diagnostics: Diagnostic[] = [];
  for (const absolute of found) {
    const display = displayPath(cwd, absolute);
    const unsaved = overlay?.get(absolute);
    const read =
      unsaved !== undefined
        ? scenarioTextInMemory(unsaved, DEFAULT_LIMITS.maxFileBytes)
        : await readScenarioText(absolute, DEFAULT_LIMITS.maxFileBytes);
    if (!read.ok) {
      diagnostics.push(fileDiagnostic(display, 'rules-invalid', read.message));
      continue;
    }
    const parsed = parseYamlSource(display, read.text, DEFAULT_LIMITS);
    // The scenario parser's words for an empty file or a bare value speak of steps.
    const notRules = (what: string) =>
      diagnostics.push(
        fileDiagnostic(
          display,
          'rules-invalid',
          `${what} A rule file holds \`rules:\`, a list of rules (docs/rules.md).`,
          parsed.locator,
        ),
      );
    if (parsed.diagnostics.some((d) => d.code === 'empty-file')) {
      notRules('The file is empty.');
      continue;
    }
    if (parsed.diagnostics.length > 0 || parsed.value === undefined) {
      diagnostics.push(...parsed.diagnostics);
      continue;
    }
    if (!isRecord(parsed.value)) {
      notRules(
        `The file holds ${Array.isArray(parsed.value) ? 'a list' : `a ${parsed.value === null ? 'null' : typeof parsed.value}`}, not a mapping.`,
      );
      continue;
    }
    const errors = schemaErrors('rules', parsed.value) ?? [];
    const list = (parsed.value as { rules?: unknown }).rules;
    const byRule = new Map<number, ErrorObject[]>();
    const whole: ErrorObject[] = [];
    for (const e of errors) {
      const at = /^\/rules\/(\d+)(?:\/|$)/.exec(e.instancePath);
      if (at) byRule.set(Number(at[1]), [...(byRule.get(Number(at[1])) ?? []), e]);
      else whole.push(e);
    }
    const invalid = (found: readonly ErrorObject[]) =>
      diagnostics.push(
        ...translateSchemaErrors(found, parsed.locator).map((d) => ({
          ...d,
          code: 'rules-invalid',
        })),
      );
    if (whole.length > 0 || !Array.isArray(list)) {
      invalid(errors);
      continue;
    }
    const rules: RuleEntry[] = [];
    list.forEach((raw: unknown, index) => {
      const found = byRule.get(index);
      if (!isRecord(raw)) {
        if (found) invalid(found);
        return;
      }
      if (found && !formless(raw)) invalid(found);
      else rules.push({ index, raw });
    });
    files.push({ file: display, locator: parsed.locator, rules });
  }
  return { files, diagnostics };
}

/** A rule with an id and no key of any form: compile.ts names what it has instead. */
function formless(raw: Record<string, unknown>): boolean {
  return typeof raw.id === 'string' && !FORM_KEYS.some((k) => k in raw);
}
