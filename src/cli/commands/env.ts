// `botform env list [--json] [--changed-since REF]` and `botform env show NAME [--explain]`:
// the environments of botform.config.yaml, for people and for a CI matrix.
import { affectedEnvironments, changedFiles, GitError } from '../../environments/changed.js';
import type { Origin, ResolvedEnvironment, Sourced } from '../../environments/resolve.js';
import { parseCommandArgs } from '../args.js';
import { environmentsForCommand } from '../environment-flags.js';
import { EXIT, UsageError, type CliIo } from '../io.js';

const HELP = `Usage: botform env list [--json] [--changed-since REF]
       botform env show NAME [--explain] [--json]

list   the environments of botform.config.yaml. --json prints {"include": [...]}, what a GitHub
       Actions matrix reads (fromJSON). --changed-since REF keeps the environments whose config,
       variable files or scenario files differ from the git ref REF.
show   one environment as resolved: API, shop, credential variable names, variables and secret
       sources. --explain says where each value came from (defaults < imports in order < the
       environment < BOTFORM_VAR_* < --var-file < --var).

Options:
  -c, --config <file>       config file (default: botform.config.yaml)
      --var <NAME=value>, --var-file <file>   as for "botform plan"
  -h, --help                show this help
`;

export async function envCommand(argv: string[], io: CliIo): Promise<number> {
  const { values, positionals } = parseCommandArgs(argv, {
    json: { type: 'boolean' },
    explain: { type: 'boolean' },
    'changed-since': { type: 'string' },
    config: { type: 'string', short: 'c' },
    var: { type: 'string', multiple: true },
    'var-file': { type: 'string', multiple: true },
    help: { type: 'boolean', short: 'h' },
  });
  const [sub, name, ...extra] = positionals;
  if (values.help || sub === undefined) {
    io.stdout.write(HELP);
    return values.help ? EXIT.ok : EXIT.toolFailure;
  }
  if (sub === 'list') {
    if (name !== undefined) throw new UsageError(`env list takes no names (got "${name}").`);
    const setup = await environmentsForCommand(
      { var: values.var, 'var-file': values['var-file'] },
      values.config,
      io,
    );
    if (!setup) return EXIT.problems;
    let envs = setup.all;
    if (values['changed-since'] !== undefined) {
      try {
        envs = await affectedEnvironments(
          envs,
          setup.cfg.config,
          await changedFiles(io.cwd, values['changed-since']),
          io.cwd,
        );
      } catch (error) {
        if (error instanceof GitError) throw new UsageError(error.message);
        throw error;
      }
    }
    if (values.json) io.stdout.write(`${JSON.stringify({ include: envs.map(matrixEntry) })}\n`);
    else if (envs.length === 0)
      io.stderr.write(
        values['changed-since']
          ? 'No environment is affected.\n'
          : 'No environments: add `environments:` to botform.config.yaml.\n',
      );
    else
      for (const e of envs)
        io.stdout.write(
          `${e.name}\tshop ${e.shop?.value ?? '?'}${e.staging ? '\tstaging' : ''}${e.protected ? '\tprotected' : ''}\n`,
        );
    return EXIT.ok;
  }
  if (sub === 'show') {
    if (name === undefined || extra.length > 0)
      throw new UsageError('name one environment: botform env show NAME.');
    const setup = await environmentsForCommand(
      { env: name, var: values.var, 'var-file': values['var-file'] },
      values.config,
      io,
    );
    if (!setup) return EXIT.problems;
    const env = setup.selected.find((e) => e.name === name);
    if (!env) throw new UsageError(`"${name}" names no single environment.`);
    io.stdout.write(
      values.json
        ? `${JSON.stringify(showJson(env, io.env), null, 2)}\n`
        : showText(env, values.explain === true, io.env),
    );
    return EXIT.ok;
  }
  throw new UsageError(`unknown subcommand "${sub}"; use list or show.`);
}

/** One row of a GitHub Actions matrix (`include:`). */
function matrixEntry(e: ResolvedEnvironment) {
  return {
    environment: e.name,
    shop: e.shop?.value ?? null,
    staging: e.staging,
    protected: e.protected,
  };
}

function where(origin: Origin): string {
  return origin.line
    ? `${origin.source} (${origin.file}:${origin.line}:${origin.column})`
    : origin.source;
}

type Shell = Readonly<Record<string, string | undefined>>;

/** Whether a shell variable holds a value now — as plan and apply will find it; never the value. */
function isSet(shell: Shell, name: string): boolean {
  return Boolean(shell[name]);
}

function mark(shell: Shell, name: string): string {
  return `$${name} (${isSet(shell, name) ? 'set' : 'unset'})`;
}

function showText(env: ResolvedEnvironment, explain: boolean, shell: Shell): string {
  const rows: [string, string, string][] = [];
  const add = (label: string, value: string, origin?: Origin) =>
    rows.push([label, value, origin ? where(origin) : '']);
  add(
    'api',
    env.api?.value ?? '$HIGHTOUCH_API_URL, else the embedded emulator',
    env.api?.origin ?? { source: 'not set' },
  );
  add('shop', String(env.shop?.value ?? '-'), env.shop?.origin);
  const creds = env.credentials?.value;
  add(
    'credentials',
    creds
      ? 'token' in creds
        ? `token from ${mark(shell, creds.token)}`
        : `${mark(shell, creds.username)} / ${mark(shell, creds.password)}`
      : '$HIGHTOUCH_TOKEN, or $HIGHTOUCH_USERNAME and $HIGHTOUCH_PASSWORD',
    env.credentials?.origin ?? { source: 'not set' },
  );
  add(
    'scenario',
    env.scenario?.value.join(', ') ?? "the config's scenario:",
    env.scenario?.origin ?? { source: 'config `scenario:`' },
  );
  const sorted = <T>(m: Map<string, Sourced<T>>) => [...m].sort(([a], [b]) => (a < b ? -1 : 1));
  for (const [k, v] of sorted(env.vars)) add(`var ${k}`, JSON.stringify(v.value), v.origin);
  for (const [k, v] of sorted(env.secrets))
    add(`secret ${k}`, `from ${mark(shell, v.value)}`, v.origin);
  const width = Math.max(...rows.map((r) => r[0].length));
  const valueWidth = Math.min(48, Math.max(...rows.map((r) => r[1].length)));
  const flags = [env.staging ? 'staging' : '', env.protected ? 'protected' : ''].filter(Boolean);
  const head = `environment ${env.name}${flags.length ? ` (${flags.join(', ')})` : ''}\nlayers: ${env.layers.join(' → ')}\n`;
  return (
    head +
    rows
      .map(([l, v, o]) =>
        `  ${l.padEnd(width)}  ${explain ? `${v.padEnd(valueWidth)}  ← ${o}` : v}`.trimEnd(),
      )
      .join('\n') +
    '\n'
  );
}

function showJson(env: ResolvedEnvironment, shell: Shell) {
  const sourced = <T>(s: Sourced<T> | undefined) => (s ? { value: s.value, from: s.origin } : null);
  return {
    name: env.name,
    staging: env.staging,
    protected: env.protected,
    layers: env.layers,
    api: sourced(env.api),
    shop: sourced(env.shop),
    credentials: env.credentials
      ? {
          ...sourced(env.credentials),
          set: Object.fromEntries(
            Object.values(env.credentials.value).map((name: string) => [name, isSet(shell, name)]),
          ),
        }
      : null,
    scenario: sourced(env.scenario),
    vars: Object.fromEntries([...env.vars].map(([k, v]) => [k, sourced(v)])),
    secrets: Object.fromEntries(
      [...env.secrets].map(([k, v]) => [
        k,
        { env: v.value, set: isSet(shell, v.value), from: v.origin },
      ]),
    ),
  };
}
