// The compile half shared by validate, plan and apply: config, load, check; diagnostics are
// printed (stylish, to stderr for commands whose stdout is a plan) and errors stop the command.
import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { compileScenario, type CompileResult } from '../compile/index.js';
import { loadConfig, type BotformConfig } from '../config/load-config.js';
import { sortDiagnostics } from '../diagnostics/make.js';
import type { Diagnostic } from '../diagnostics/types.js';
import { paletteFor, useColor } from '../render/colors.js';
import { stylish } from '../render/diagnostics/stylish.js';
import type { CliIo } from './io.js';
import { scenarioInputs } from './scenario-inputs.js';

export interface CompiledScenario extends CompileResult {
  config: BotformConfig;
  digest: string;
}

/** Where a command's diagnostics go; by default stylish, to stderr. */
export type DiagnosticReporter = (diagnostics: readonly Diagnostic[]) => void;

export function stylishToStderr(io: CliIo): DiagnosticReporter {
  return (diagnostics) => io.stderr.write(stylish(diagnostics, { palette: paletteFor(useColor(io.env, io.stderr.isTTY)) }));
}

export async function compileForCommand(
  positionals: string[],
  configPath: string | undefined,
  io: CliIo,
  report: DiagnosticReporter = stylishToStderr(io),
): Promise<CompiledScenario | undefined> {
  const { config, diagnostics: configDiagnostics } = await loadConfig(io.cwd, configPath);
  let diagnostics: Diagnostic[] = sortDiagnostics(configDiagnostics);
  let result: CompileResult | undefined;
  if (!configDiagnostics.some((d) => d.severity === 'error')) {
    result = await compileScenario(scenarioInputs(positionals, config), { cwd: io.cwd, config });
    diagnostics = sortDiagnostics([...configDiagnostics, ...result.diagnostics]);
  }
  if (diagnostics.length > 0) report(diagnostics);
  if (!result || diagnostics.some((d) => d.severity === 'error')) return undefined;
  return { ...result, config, digest: await digestFiles(result.files, io.cwd) };
}

export async function digestFiles(files: readonly string[], cwd: string): Promise<string> {
  const hash = createHash('sha256');
  for (const file of [...files].sort()) {
    hash.update(file).update('\0');
    hash.update(await readFile(path.resolve(cwd, file))).update('\0');
  }
  return `sha256:${hash.digest('hex')}`;
}
