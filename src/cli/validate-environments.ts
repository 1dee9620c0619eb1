// validate over environments: the scenario is checked with each environment's variables (each
// distinct set once), and every ${var.NAME} / ${secret:NAME} is checked once against all of
// them, so one diagnostic at its place names every environment that lacks the value.
import type { CompileResult } from '../compile/index.js';
import { sortDiagnostics, uniqueDiagnostics } from '../diagnostics/make.js';
import type { Diagnostic } from '../diagnostics/types.js';
import {
  checkReferencesAcross,
  compileWithVariables,
  environmentInputs,
  newCompileCache,
  variableSource,
} from '../environments/compile.js';
import { commandLineVars } from '../environments/resolve.js';
import { setupEnvironments } from '../environments/select.js';
import { overridesFrom, type EnvironmentFlags } from './environment-step.js';
import { UsageError, type CliIo } from './io.js';

export interface ValidateOutcome {
  diagnostics: Diagnostic[];
  /** The compile of the first environment (or the only one), for the summary line. */
  result: CompileResult | undefined;
  environments: number;
}

export async function validateEnvironments(
  positionals: readonly string[],
  flags: EnvironmentFlags & { config?: string | undefined },
  io: CliIo,
): Promise<ValidateOutcome> {
  const overrides = overridesFrom(flags, io);
  const setup = await setupEnvironments(
    io.cwd,
    flags.config,
    { env: flags.env, all: flags['all-envs'] },
    overrides,
  );
  if (setup.diagnostics.some((d) => d.severity === 'error'))
    return { diagnostics: sortDiagnostics(setup.diagnostics), result: undefined, environments: 0 };
  const config = setup.cfg.config;
  const cache = newCompileCache();
  const envs = flags.env !== undefined || flags['all-envs'] ? setup.selected : setup.all;
  const all: Diagnostic[] = [...setup.diagnostics];
  let first: CompileResult | undefined;
  if (envs.length === 0) {
    const bare = await commandLineVars(overrides, io.cwd);
    all.push(...bare.diagnostics);
    const inputs = requireInputs(environmentInputs(positionals, config, undefined));
    first = await compileWithVariables(
      inputs,
      config,
      variableSource(undefined, bare.vars),
      false,
      { cwd: io.cwd, cache, checkReferences: true },
    );
    all.push(...first.diagnostics);
  } else {
    // Environments with the same scenario inputs are checked together for references.
    const byInputs = new Map<
      string,
      { inputs: string[]; sources: ReturnType<typeof variableSource>[] }
    >();
    for (const env of envs) {
      const inputs = requireInputs(environmentInputs(positionals, config, env));
      const source = variableSource(env, new Map());
      const compiled = await compileWithVariables(inputs, config, source, env.staging, {
        cwd: io.cwd,
        cache,
        checkReferences: false,
      });
      first ??= compiled;
      all.push(...compiled.diagnostics);
      const key = JSON.stringify(inputs);
      const group = byInputs.get(key) ?? { inputs, sources: [] };
      group.sources.push(source);
      byInputs.set(key, group);
    }
    for (const group of byInputs.values())
      all.push(
        ...(await checkReferencesAcross(group.inputs, group.sources, { cwd: io.cwd, cache })),
      );
  }
  return {
    diagnostics: sortDiagnostics(uniqueDiagnostics(all)),
    result: first,
    environments: envs.length,
  };
}

function requireInputs(inputs: string[]): string[] {
  if (inputs.length === 0)
    throw new UsageError(
      'no scenario given. Name files or directories (e.g. "botform validate scenarios/pizza-shop"), or set `scenario:` in botform.config.yaml.',
    );
  return inputs;
}
