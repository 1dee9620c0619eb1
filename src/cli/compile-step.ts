// What the compile half hands to plan and apply (cli/environment-step.ts compiles, per
// environment): the compiled scenario with its config and files digest, and where diagnostics go.
import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import type { CompileResult } from '../compile/index.js';
import type { BotformConfig } from '../config/load-config.js';
import type { Diagnostic } from '../diagnostics/types.js';
import { paletteFor, useColor } from '../render/colors.js';
import { stylish } from '../render/diagnostics/stylish.js';
import type { CliIo } from './io.js';

export interface CompiledScenario extends CompileResult {
  config: BotformConfig;
  digest: string;
}

/** Where a command's diagnostics go; by default stylish, to stderr. */
export type DiagnosticReporter = (diagnostics: readonly Diagnostic[]) => void;

export function stylishToStderr(io: CliIo): DiagnosticReporter {
  return (diagnostics) =>
    io.stderr.write(
      stylish(diagnostics, { palette: paletteFor(useColor(io.env, io.stderr.isTTY)) }),
    );
}

export async function digestFiles(files: readonly string[], cwd: string): Promise<string> {
  const hash = createHash('sha256');
  for (const file of [...files].sort()) {
    hash.update(file).update('\0');
    hash.update(await readFile(path.resolve(cwd, file))).update('\0');
  }
  return `sha256:${hash.digest('hex')}`;
}
