// `botform serve`: the HighTouch API emulator on a local port until SIGINT or SIGTERM.
import { mkdirSync, readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import type { CliIo } from '../io.js';
import { EXIT, UsageError } from '../io.js';
import { projectRoot } from '../../config/project-root.js';
import {
  EgressRuleError,
  EmulatorDbError,
  FaultOptionError,
  SeedError,
  buildSeed,
  parseSeedFile,
  startEmulator,
} from '../../emulator/index.js';
import type { Emulator, FaultOptions, SeedData } from '../../emulator/index.js';

const SERVE_USAGE = `Usage: botform serve [options]

Runs a local HighTouch API (the contract in docs/hightouch-api.md) backed by a SQLite file.

Options:
  --port N              port to listen on (default 8765; 0 = any free port)
  --host HOST           address to listen on (default 127.0.0.1; anything else is reachable
                        from other machines: test passwords, no TLS)
  --db FILE|:memory:    database file (default .botform/emulator.sqlite at the project root; created if missing)
  --user NAME:PASSWORD  a user (repeatable); manages the --shop shops, or every shop
  --shop ID:NAME        a shop (repeatable)
  --token NAME:TOKEN    a static API token for user NAME (repeatable)
  --seed-file FILE      users and shops from a YAML or JSON file (see the docs)
  --latency MS          add MS milliseconds to every request
  --rate-limit N        at most N requests per second per token (429 beyond)
  --throttle-rate R     answer a share R (0..1) of requests 429 at random
  --retry-after-ms MS   the wait those random 429s ask for (default 1000)
  --fail-rate R         answer a share R of requests 503 at random
  --drop-rate R         commit a share R of writes, then hang up without an answer
  --seed N              seed of the random fault knobs (default 0)
  --allow-outgoing RULE where the bot may send requests (webhooks, operation staging URLs):
                        loopback, HOST or HOST:PORT (repeatable). Default: loopback when
                        listening on loopback, else nowhere. Never the emulator's own port.
  --secret NAME[=VAR]   the value of \${secret:NAME} in operation headers, read from the
                        environment variable VAR (default NAME) (repeatable)
  --verbose             print one line per request
  -h, --help            show this help

With no --user, --shop or --seed-file: user "demo", password "demo", managing shop 1 "Demo shop".
`;

export async function serveCommand(argv: string[], io: CliIo): Promise<number> {
  // It says "stopping" itself, and closes the store before it exits.
  io.stopsCleanly?.('');
  return runServe(argv, io, untilSignal);
}

/** The command with its stop condition passed in, so tests can stop it without signals. */
export async function runServe(
  argv: string[],
  io: CliIo,
  stop: () => Promise<string>,
): Promise<number> {
  const flags = parseFlags(argv);
  if (flags.help) {
    io.stdout.write(SERVE_USAGE);
    return EXIT.ok;
  }
  // The default database is the project's (at the root, as plan and apply use it embedded).
  const dbPath =
    flags.db === ':memory:'
      ? flags.db
      : flags.db === undefined
        ? resolve(projectRoot(io.cwd), '.botform', 'emulator.sqlite')
        : resolve(io.cwd, flags.db);
  const started = await start(flags, dbPath, io).catch((error: unknown) => {
    const message = explainStartFailure(error, flags);
    if (message === undefined) throw error;
    return message;
  });
  if (typeof started === 'string') {
    io.stderr.write(`botform serve: ${started}\n`);
    return EXIT.toolFailure;
  }
  io.stdout.write(banner(started.emulator.url, dbPath, started.seed, flags));
  const signal = await stop();
  io.stdout.write(`botform serve: ${signal}, stopping\n`);
  await started.emulator.close();
  return EXIT.ok;
}

async function start(
  flags: ServeFlags,
  dbPath: string,
  io: CliIo,
): Promise<{ emulator: Emulator; seed: SeedData }> {
  const seed = buildSeed(
    flags.seedFlags,
    flags.seedFile ? readSeedFile(resolve(io.cwd, flags.seedFile)) : undefined,
  );
  if (dbPath !== ':memory:') {
    try {
      mkdirSync(dirname(dbPath), { recursive: true });
    } catch (error) {
      throw new EmulatorDbError(
        `cannot create the folder of ${dbPath}: ${(error as NodeJS.ErrnoException).code ?? String(error)}`,
      );
    }
  }
  const emulator = await startEmulator({
    db: dbPath,
    host: flags.host,
    port: flags.port,
    seed,
    faults: flags.faults,
    rngSeed: flags.rngSeed,
    ...(flags.allowOutgoing.length > 0 ? { allowOutgoing: flags.allowOutgoing } : {}),
    secrets: readSecrets(flags.secrets, io.env),
    onInternalError: (error) =>
      io.stderr.write(`botform serve: internal error: ${String(error)}\n`),
    ...(flags.verbose ? { log: (line: string) => io.stdout.write(`${line}\n`) } : {}),
  });
  return { emulator, seed };
}

interface ServeFlags {
  help: boolean;
  port: number;
  host: string;
  /** undefined: the project's .botform/emulator.sqlite. */
  db: string | undefined;
  seedFile: string | undefined;
  seedFlags: { users: string[]; shops: string[]; tokens: string[] };
  faults: FaultOptions;
  rngSeed: number;
  verbose: boolean;
  allowOutgoing: string[];
  /** NAME or NAME=VARIABLE */
  secrets: string[];
}

function parseFlags(argv: string[]): ServeFlags {
  let values: ReturnType<typeof parseServeArgs>['values'];
  try {
    ({ values } = parseServeArgs(argv));
  } catch (error) {
    throw new UsageError(
      `${error instanceof Error ? error.message : String(error)}\n\n${SERVE_USAGE}`,
    );
  }
  const faults: FaultOptions = {};
  const knob = (flag: string, key: keyof FaultOptions): void => {
    const raw = values[flag as keyof typeof values];
    if (typeof raw === 'string') faults[key] = number(flag, raw);
  };
  knob('latency', 'latencyMs');
  knob('rate-limit', 'rateLimit');
  knob('throttle-rate', 'throttleRate');
  knob('retry-after-ms', 'retryAfterMs');
  knob('fail-rate', 'failRate');
  knob('drop-rate', 'dropRate');
  const port = values.port === undefined ? 8765 : number('port', values.port);
  if (!Number.isInteger(port) || port < 0 || port > 65535)
    throw new UsageError(`--port must be 0 to 65535, got ${values.port}`);
  const rngSeed = values.seed === undefined ? 0 : number('seed', values.seed);
  if (!Number.isInteger(rngSeed) || Math.abs(rngSeed) > 2 ** 32)
    throw new UsageError(`--seed must be an integer, got ${values.seed}`);
  if (values.host === '') throw new UsageError('--host must not be empty');
  if (values.db === '') throw new UsageError('--db must not be empty');
  return {
    help: values.help ?? false,
    port,
    host: values.host ?? '127.0.0.1',
    db: values.db,
    seedFile: values['seed-file'],
    seedFlags: { users: values.user ?? [], shops: values.shop ?? [], tokens: values.token ?? [] },
    faults,
    rngSeed,
    verbose: values.verbose ?? false,
    allowOutgoing: values['allow-outgoing'] ?? [],
    secrets: values.secret ?? [],
  };
}

/** `--secret NAME[=VARIABLE]`: each value from the environment; a variable not set is misuse. */
function readSecrets(
  flags: readonly string[],
  env: Record<string, string | undefined>,
): Map<string, string> {
  const secrets = new Map<string, string>();
  for (const flag of flags) {
    const [name = '', variable = name] = flag.split('=', 2);
    if (!/^[A-Z][A-Z0-9_]*$/.test(name))
      throw new UsageError(`--secret ${flag}: NAME is a secret name such as KITCHEN_API_TOKEN`);
    const value = env[variable];
    if (value === undefined || value === '')
      throw new UsageError(`--secret ${flag}: the environment variable ${variable} is not set`);
    secrets.set(name, value);
  }
  return secrets;
}

function number(flag: string, raw: string): number {
  const value = raw.trim() === '' ? NaN : Number(raw);
  if (!Number.isFinite(value)) throw new UsageError(`--${flag} expects a number, got "${raw}"`);
  return value;
}

function readSeedFile(file: string): SeedData {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    throw new SeedError(
      `cannot read seed file ${file}: ${(error as NodeJS.ErrnoException).code ?? String(error)}`,
    );
  }
  return parseSeedFile(text, file);
}

/** A message for a failure the user can fix; undefined for a bug. */
function explainStartFailure(error: unknown, flags: ServeFlags): string | undefined {
  if (
    error instanceof EmulatorDbError ||
    error instanceof SeedError ||
    error instanceof FaultOptionError ||
    error instanceof EgressRuleError
  )
    return error.message;
  const code = (error as NodeJS.ErrnoException | undefined)?.code;
  if (code === 'EADDRINUSE')
    return `port ${flags.port} on ${flags.host} is already in use; choose another with --port`;
  if (code === 'EACCES') return `not allowed to listen on ${flags.host}:${flags.port}`;
  if (code === 'EADDRNOTAVAIL' || code === 'ENOTFOUND')
    return `cannot listen on host "${flags.host}"`;
  return undefined;
}

function banner(url: string, dbPath: string, seed: SeedData, flags: ServeFlags): string {
  const lines = [`botform serve: HighTouch API emulator on ${url}`, `  database: ${dbPath}`];
  for (const user of seed.users) {
    const shops = (user.shops ?? seed.shops.map((s) => s.id))
      .map((id) => `${id} "${seed.shops.find((s) => s.id === id)?.name ?? ''}"`)
      .join(', ');
    // Only the documented demo password is printed; other passwords were given by whoever started us.
    const login =
      user.username === 'demo' && user.password === 'demo' ? 'demo / demo' : user.username;
    lines.push(`  login: ${login}  (shops ${shops})`);
  }
  if (seed.users.some((u) => u.username === 'demo' && u.password === 'demo')) {
    lines.push(
      `  try: curl -s -X POST ${url}/api/auth/login/ -H 'Content-Type: application/json' -d '{"username":"demo","password":"demo"}'`,
    );
  }
  const knobs = Object.entries(flags.faults).map(([k, v]) => `${k}=${v}`);
  if (knobs.length > 0) lines.push(`  faults: ${knobs.join(', ')} (seed ${flags.rngSeed})`);
  if (!isLoopback(flags.host))
    lines.push(`  warning: listening on ${flags.host}, reachable from other machines`);
  const outgoing =
    flags.allowOutgoing.length > 0
      ? flags.allowOutgoing.join(', ')
      : isLoopback(flags.host)
        ? 'loopback'
        : 'nowhere (--allow-outgoing to allow)';
  lines.push(`  the bot calls out to: ${outgoing}`);
  lines.push('Press Ctrl+C to stop.', '');
  return lines.join('\n');
}

function isLoopback(host: string): boolean {
  return host === 'localhost' || host === '::1' || host.startsWith('127.');
}

function untilSignal(): Promise<string> {
  return new Promise((resolveStop) => {
    const stop = (signal: string): void => {
      process.off('SIGINT', stop);
      process.off('SIGTERM', stop);
      resolveStop(signal);
    };
    process.on('SIGINT', stop);
    process.on('SIGTERM', stop);
  });
}

function parseServeArgs(argv: string[]) {
  return parseArgs({
    args: argv,
    strict: true,
    allowPositionals: false,
    options: {
      port: { type: 'string' },
      host: { type: 'string' },
      db: { type: 'string' },
      user: { type: 'string', multiple: true },
      shop: { type: 'string', multiple: true },
      token: { type: 'string', multiple: true },
      'seed-file': { type: 'string' },
      latency: { type: 'string' },
      'rate-limit': { type: 'string' },
      'throttle-rate': { type: 'string' },
      'retry-after-ms': { type: 'string' },
      'fail-rate': { type: 'string' },
      'drop-rate': { type: 'string' },
      seed: { type: 'string' },
      'allow-outgoing': { type: 'string', multiple: true },
      secret: { type: 'string', multiple: true },
      verbose: { type: 'boolean' },
      help: { type: 'boolean', short: 'h' },
    },
  });
}
