// The environment flags shared by validate, plan, apply, pull, test, graph and env
// (--env/--all-envs/--var/--var-file), opening the project through the one compile entry
// (compile/project.ts), and printing its problems. The "which API, shop and credentials"
// decision is deploy/target.ts's; this only feeds it.
import { openProject, type Project } from '../compile/project.js';
import { sortDiagnostics } from '../diagnostics/make.js';
import type { Diagnostic } from '../diagnostics/types.js';
import { isVarAssignment, type Overrides } from '../environments/resolve.js';
import { paletteFor, useColor } from '../render/colors.js';
import { stylish } from '../render/diagnostics/stylish.js';
import { UsageError, type CliIo } from './io.js';

/** The flags of a command that works in one environment: --env NAME and the variables. */
export const ONE_ENVIRONMENT_OPTIONS = {
  env: { type: 'string', short: 'e' },
  var: { type: 'string', multiple: true },
  'var-file': { type: 'string', multiple: true },
} as const;

export const ENVIRONMENT_OPTIONS = {
  ...ONE_ENVIRONMENT_OPTIONS,
  'all-envs': { type: 'boolean' },
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

function overridesFrom(flags: EnvironmentFlags, io: CliIo): Overrides {
  for (const v of flags.var ?? [])
    if (!isVarAssignment(v)) throw new UsageError(`--var must be NAME=value (got "${v}").`);
  return { env: io.env, varFiles: flags['var-file'] ?? [], vars: flags.var ?? [] };
}

/** Whether the flags select more than one environment (a pattern or --all-envs). */
export function selectsMany(flags: EnvironmentFlags): boolean {
  return flags['all-envs'] === true || /[*?]/.test(flags.env ?? '');
}

/** For a command that works on one environment: a pattern or --all-envs is a usage error. */
export function requireOneEnvironment(flags: EnvironmentFlags, what: string): void {
  if (selectsMany(flags)) throw new UsageError(`${what}: give --env one name.`);
}

/** The project (config, layering, selection); problems printed. undefined when they stop the command. */
export async function environmentsForCommand(
  flags: EnvironmentFlags,
  configPath: string | undefined,
  io: CliIo,
): Promise<Project | undefined> {
  const project = await projectForFlags(flags, configPath, io);
  if (!printProblems(project.diagnostics, io)) return undefined;
  return project;
}

/** The project as the flags select it, problems not printed (validate reports them itself). */
export function projectForFlags(
  flags: EnvironmentFlags,
  configPath: string | undefined,
  io: CliIo,
): Promise<Project> {
  if (flags['all-envs'] && flags.env !== undefined)
    throw new UsageError('give --env or --all-envs, not both.');
  return openProject({
    cwd: io.cwd,
    configPath,
    selection: { env: flags.env, all: flags['all-envs'] },
    overrides: overridesFrom(flags, io),
  });
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
