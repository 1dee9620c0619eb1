// The environment half shared by plan, apply, pull (and test): the --env/--all-envs/--var/
// --var-file flags, resolving the selected environments, and compiling for one of them. The
// "which API, shop and credentials" decision stays in target.ts; this only feeds it.
import { sortDiagnostics } from '../diagnostics/make.js';
import type { Diagnostic } from '../diagnostics/types.js';
import {
  compileWithVariables,
  environmentInputs,
  newCompileCache,
  variableSource,
  type CompileCache,
} from '../environments/compile.js';
import type { VariableSource } from '../environments/variables.js';
import {
  commandLineVars,
  isVarAssignment,
  type Overrides,
  type ResolvedEnvironment,
} from '../environments/resolve.js';
import {
  checkSourcesSet,
  setupEnvironments,
  type EnvironmentSetup,
} from '../environments/select.js';
import { paletteFor, useColor } from '../render/colors.js';
import { stylish } from '../render/diagnostics/stylish.js';
import { digestFiles, type CompiledScenario, type DiagnosticReporter } from './compile-step.js';
import { UsageError, type CliIo } from './io.js';

export const ENVIRONMENT_OPTIONS = {
  env: { type: 'string', short: 'e' },
  'all-envs': { type: 'boolean' },
  var: { type: 'string', multiple: true },
  'var-file': { type: 'string', multiple: true },
} as const;

export const ENVIRONMENT_HELP = `  -e, --env <name>          an environment of botform.config.yaml; a pattern (acme-*) selects many
      --all-envs            every environment, in one run
      --var <NAME=value>    set a \${var.NAME} (repeatable; beats --var-file, BOTFORM_VAR_*, the config)
      --var-file <file>     YAML file of NAME: value variables (repeatable)
`;

export interface EnvironmentFlags {
  env?: string | undefined;
  'all-envs'?: boolean | undefined;
  var?: string[] | undefined;
  'var-file'?: string[] | undefined;
}

export function overridesFrom(flags: EnvironmentFlags, io: CliIo): Overrides {
  for (const v of flags.var ?? [])
    if (!isVarAssignment(v)) throw new UsageError(`--var must be NAME=value (got "${v}").`);
  return { env: io.env, varFiles: flags['var-file'] ?? [], vars: flags.var ?? [] };
}

/** Whether the flags select more than one environment (a pattern or --all-envs). */
export function selectsMany(flags: EnvironmentFlags): boolean {
  return flags['all-envs'] === true || /[*?]/.test(flags.env ?? '');
}

/** Config, layering and selection; problems printed. undefined when they stop the command. */
export async function environmentsForCommand(
  flags: EnvironmentFlags,
  configPath: string | undefined,
  io: CliIo,
): Promise<EnvironmentSetup | undefined> {
  if (flags['all-envs'] && flags.env !== undefined)
    throw new UsageError('give --env or --all-envs, not both.');
  const setup = await setupEnvironments(
    io.cwd,
    configPath,
    { env: flags.env, all: flags['all-envs'] },
    overridesFrom(flags, io),
  );
  if (!printProblems(setup.diagnostics, io)) return undefined;
  return setup;
}

/** Prints diagnostics to stderr; false when one is an error. */
export function printProblems(diagnostics: readonly Diagnostic[], io: CliIo): boolean {
  if (diagnostics.length > 0)
    io.stderr.write(
      stylish(sortDiagnostics(diagnostics), {
        palette: paletteFor(useColor(io.env, io.stderr.isTTY)),
      }),
    );
  return !diagnostics.some((d) => d.severity === 'error');
}

/**
 * Compiles the scenario for one environment (or none), with its secret sources checked; prints
 * the diagnostics. undefined when there are errors.
 */
export async function compileForEnvironment(
  positionals: readonly string[],
  setup: EnvironmentSetup,
  env: ResolvedEnvironment | undefined,
  io: CliIo,
  options: {
    cache?: CompileCache;
    realApi: boolean;
    overrides: Overrides;
    report?: DiagnosticReporter;
  },
): Promise<CompiledScenario | undefined> {
  const report =
    options.report ?? ((diagnostics: readonly Diagnostic[]) => void printProblems(diagnostics, io));
  const config = setup.cfg.config;
  let source: VariableSource;
  if (env) {
    source = variableSource(env, new Map());
  } else {
    // No environment: only the shell and the command line give variables.
    const bare = await commandLineVars(options.overrides, io.cwd);
    if (!printProblems(bare.diagnostics, io)) return undefined;
    source = variableSource(undefined, bare.vars);
  }
  const inputs = environmentInputs(positionals, config, env);
  if (inputs.length === 0)
    throw new UsageError(
      'no scenario given. Name files or directories, or set `scenario:` in botform.config.yaml (or on the environment).',
    );
  const cache = options.cache ?? newCompileCache();
  const compiled = await compileWithVariables(inputs, config, source, env?.staging ?? false, {
    cwd: io.cwd,
    cache,
    checkReferences: true,
  });
  const sourcesSet = env ? checkSourcesSet(setup.cfg, env, io.env, options.realApi) : [];
  const diagnostics = sortDiagnostics([...compiled.diagnostics, ...sourcesSet]);
  if (diagnostics.length > 0) report(diagnostics);
  if (diagnostics.some((d) => d.severity === 'error')) return undefined;
  const { varsDigest, ...result } = compiled;
  const filesKey = JSON.stringify(result.files);
  let digesting = cache.digests.get(filesKey);
  if (!digesting) {
    digesting = digestFiles(result.files, io.cwd);
    cache.digests.set(filesKey, digesting);
  }
  const digest = await digesting;
  return { ...result, digest: varsDigest && env ? `${digest}+vars:${varsDigest}` : digest };
}
