// config/: reads botform.config.yaml — where the scenario is, the shop's messengers, rule
// severities. Problems in it are diagnostics like any other, with file and line.
import { findConfigFile } from './project-root.js';
import { access } from 'node:fs/promises';
import path from 'node:path';
import { displayPath } from '../load/find-files.js';
import { DEFAULT_LIMITS } from '../load/limits.js';
import { readScenarioText } from '../load/read-text.js';
import { fileDiagnostic, parseYamlSource } from '../load/yaml-source.js';
import type { Diagnostic, SeveritySetting } from '../diagnostics/types.js';
import { schemaErrors } from '../validate/schema-verdict.js';
import { translateSchemaErrors } from '../validate/translate-errors.js';
import type { VariableSpec } from '../expr/variables.js';

export interface BotformConfig {
  /** The config file, shown relative to cwd; undefined when there is none. */
  file: string | undefined;
  /** Base directory for relative paths in the config. */
  dir: string;
  scenario: string[];
  channels: string[];
  rules: Map<string, SeveritySetting>;
  ignore: string[];
  /** `variables:` — variables the platform sets for this shop, with their types (see docs/expressions.md). */
  variables: Map<string, VariableSpec>;
  /** Conversation test files (globs relative to `dir`); empty means the default. */
  tests: string[];
  /** Team rule files (globs relative to `dir`); empty means the default, rules/*.rules.yaml. */
  ruleFiles: string[];
}

export interface ConfigResult {
  config: BotformConfig;
  diagnostics: Diagnostic[];
}

export function defaultConfig(cwd: string): BotformConfig {
  return {
    file: undefined,
    dir: cwd,
    scenario: [],
    channels: [],
    rules: new Map(),
    ignore: [],
    variables: new Map(),
    tests: [],
    ruleFiles: [],
  };
}

export async function loadConfig(cwd: string, explicit?: string): Promise<ConfigResult> {
  // Found from cwd upwards, as git finds .git: a command run in a subfolder reads the project's config.
  const candidate = findConfigFile(cwd, explicit);
  const found = candidate !== undefined && (await exists(candidate)) ? candidate : undefined;
  if (!found) {
    if (explicit) {
      return {
        config: defaultConfig(cwd),
        diagnostics: [
          fileDiagnostic(explicit, 'config-invalid', `Config file "${explicit}" not found.`),
        ],
      };
    }
    return { config: defaultConfig(cwd), diagnostics: [] };
  }
  const display = displayPath(cwd, found);
  const read = await readScenarioText(found, DEFAULT_LIMITS.maxFileBytes);
  if (!read.ok)
    return {
      config: defaultConfig(cwd),
      diagnostics: [fileDiagnostic(display, 'config-invalid', read.message)],
    };
  const parsed = parseYamlSource(display, read.text, DEFAULT_LIMITS);
  if (parsed.diagnostics.length > 0 || parsed.value === undefined) {
    // An empty config file is fine: all defaults.
    const onlyEmpty = parsed.diagnostics.every((d) => d.code === 'empty-file');
    return {
      config: { ...defaultConfig(cwd), file: display, dir: path.dirname(found) },
      diagnostics: onlyEmpty ? [] : parsed.diagnostics,
    };
  }
  const errors = schemaErrors('config', parsed.value);
  if (errors) {
    const diagnostics = translateSchemaErrors(errors, parsed.locator).map((d) => ({
      ...d,
      code: 'config-invalid',
    }));
    return {
      config: { ...defaultConfig(cwd), file: display, dir: path.dirname(found) },
      diagnostics,
    };
  }
  const value = parsed.value as {
    scenario?: string | string[];
    channels?: string[];
    rules?: Record<string, SeveritySetting>;
    ignore?: string[];
    variables?: Record<string, VariableSpec>;
    tests?: string | string[];
    rule_files?: string | string[];
  };
  return {
    config: {
      file: display,
      dir: path.dirname(found),
      scenario:
        value.scenario === undefined
          ? []
          : Array.isArray(value.scenario)
            ? value.scenario
            : [value.scenario],
      channels: value.channels ?? [],
      rules: new Map(Object.entries(value.rules ?? {})),
      ignore: value.ignore ?? [],
      variables: new Map(Object.entries(value.variables ?? {})),
      tests:
        value.tests === undefined ? [] : Array.isArray(value.tests) ? value.tests : [value.tests],
      ruleFiles:
        value.rule_files === undefined
          ? []
          : Array.isArray(value.rule_files)
            ? value.rule_files
            : [value.rule_files],
    },
    diagnostics: [],
  };
}

async function exists(file: string): Promise<boolean> {
  try {
    await access(file);
    return true;
  } catch {
    return false;
  }
}
