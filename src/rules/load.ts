// Reading team rule files: the config's `rule_files:` globs (default rules/*.rules.yaml, from the
// config's folder), each parsed with a locator and checked against schemas/rules.schema.json.
// A file that is not YAML or breaks the schema is a diagnostic at its place; the other files
// still count. An editor's unsaved text is read instead of the file.
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

const DEFAULT_RULE_FILES = ['rules/*.rules.yaml', 'rules/*.rules.yml'];

/** A rule file that passed its schema: its rules as written, and where each is. */
export interface RuleFile {
  file: string;
  locator: SourceLocator;
  rules: Record<string, unknown>[];
}

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
    if (parsed.diagnostics.length > 0 || parsed.value === undefined) {
      diagnostics.push(...parsed.diagnostics);
      continue;
    }
    const errors = schemaErrors('rules', parsed.value);
    if (errors) {
      diagnostics.push(
        ...translateSchemaErrors(errors, parsed.locator).map((d) => ({
          ...d,
          code: 'rules-invalid',
        })),
      );
      continue;
    }
    const value = parsed.value as { rules: Record<string, unknown>[] };
    files.push({ file: display, locator: parsed.locator, rules: value.rules });
  }
  return { files, diagnostics };
}
