// Credentials go only where they belong, and never into output. Every command runs against an
// API that echoes everything it receives (headers, bodies) in its error answers, with a second
// listener that must receive nothing at all:
// - an explicit --api (or HIGHTOUCH_API_URL) gets the shell's HIGHTOUCH_* credentials, never an
//   environment's, whichever environment is selected (or chosen by default, as `test` does);
// - an environment's credentials go to that environment's API only;
// - no credential appears in any output, even echoed back by the server.
import { readFileSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import path from 'node:path';
import { startEmulator, type Emulator } from '../../src/emulator/index.js';
import { planDigest } from '../../src/plan/digest.js';
import type { Plan } from '../../src/plan/types.js';
import { runCli, STACK_LINE, tempTree, type CliRun } from '../helpers/cli.js';

const SECRETS = {
  HIGHTOUCH_TOKEN: 'shell-token-3f9a1c77e2',
  HERE_TOKEN: 'here-token-b81d0e4f55',
  THERE_TOKEN: 'there-token-c02e9d1a34',
};
const PASSWORD = 'shell-password-9e8d7c6b';

const SCENARIO = `start: welcome
steps:
  welcome:
    type: message
    text: Hi!
    menu:
      - { text: Help, goto: help }
  help: { type: message, text: How can we help?, end: true }
`;
const TESTS = `tests:
  - name: says hi
    turns:
      - bot: { says: Hi! }
`;

interface Listener {
  url: string;
  received: { line: string; authorization: string | undefined; body: string }[];
  server: Server;
}

/** Answers every request with an error that repeats what it received, credentials included. */
async function listener(echo: boolean): Promise<Listener> {
  const received: Listener['received'] = [];
  const server = createServer((req, res) => {
    let body = '';
    req.on('data', (c: Buffer) => {
      body += c.toString();
    });
    req.on('end', () => {
      received.push({
        line: `${req.method} ${req.url}`,
        authorization: req.headers.authorization,
        body,
      });
      const said = `you sent ${req.method} ${req.url} ${JSON.stringify(req.headers)} ${body}`;
      res.writeHead(echo ? 400 : 200, { 'content-type': 'application/json' });
      res.end(
        JSON.stringify(
          echo
            ? { detail: said, error_message: said, message: said, non_field_errors: [said] }
            : { token: said },
        ),
      );
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, received, server };
}

let echo: Listener;
const config = (here: string) => `scenario: scenarios
environments:
  there:
    api: ${other.url}
    shop: 1
    credentials: { token: THERE_TOKEN }
  here:
    api: ${here}
    shop: 1
    credentials: { token: HERE_TOKEN }
`;
let other: Listener;
let emulator: Emulator;
let tree: ReturnType<typeof tempTree>;
let saved: Plan;

beforeAll(async () => {
  echo = await listener(true);
  other = await listener(false);
  emulator = await startEmulator({ db: ':memory:' });
  tree = tempTree({
    'botform.config.yaml': config(echo.url),
    'scenarios/main.yaml': SCENARIO,
    'tests/main.test.yaml': TESTS,
  });
  // A saved plan, made against the emulator, then pointed at the echoing API of each run (digest
  // recomputed) so that apply PLANFILE reads from it.
  const made = await runCli(
    ['plan', 'scenarios', '--api', emulator.url, '--shop', '1', '--out', 'made.json'],
    { cwd: tree.dir, env: { HIGHTOUCH_USERNAME: 'demo', HIGHTOUCH_PASSWORD: 'demo' } },
  );
  expect(made.code, made.stderr).toBe(0);
  saved = JSON.parse(readFileSync(path.join(tree.dir, 'made.json'), 'utf8')) as Plan;
}, 60_000);

/** The saved plan, pointed at `api`. */
function savedPlanFor(api: string): void {
  const plan = { ...saved, target: { ...saved.target, api } };
  plan.digest = planDigest(plan);
  writeFileSync(path.join(tree.dir, 'plan.json'), JSON.stringify(plan));
}
async function close(l: Listener): Promise<void> {
  l.server.closeAllConnections();
  await new Promise<void>((resolve) => l.server.close(() => resolve()));
}

afterAll(async () => {
  for (const l of [echo, other]) await close(l);
  await emulator.close();
  tree.cleanup();
});

const TOKEN_SHELL = { ...SECRETS };
const PASSWORD_SHELL = {
  HIGHTOUCH_USERNAME: 'demo',
  HIGHTOUCH_PASSWORD: PASSWORD,
  HERE_TOKEN: SECRETS.HERE_TOKEN,
  THERE_TOKEN: SECRETS.THERE_TOKEN,
};
/** `$API` stands for the echoing API's URL. */
const A = ['--api', '$API', '--shop', '1'];

/** Each command with the credentials the echoing API must (and must only) receive. */
const RUNS: { args: string[]; shell: Record<string, string>; sends: string | undefined }[] = [
  { args: ['plan', ...A], shell: TOKEN_SHELL, sends: SECRETS.HIGHTOUCH_TOKEN },
  {
    args: ['plan', '--env', 'there', ...A],
    shell: TOKEN_SHELL,
    sends: SECRETS.HIGHTOUCH_TOKEN,
  },
  { args: ['plan', '--env', 'here'], shell: TOKEN_SHELL, sends: SECRETS.HERE_TOKEN },
  {
    args: ['plan', '--all-envs', '--api', '$API'],
    shell: TOKEN_SHELL,
    sends: SECRETS.HIGHTOUCH_TOKEN,
  },
  { args: ['plan', '--format', 'json', ...A], shell: PASSWORD_SHELL, sends: undefined },
  {
    args: ['plan', '--format', 'markdown', '--env', 'here'],
    shell: TOKEN_SHELL,
    sends: SECRETS.HERE_TOKEN,
  },
  {
    args: ['apply', '--auto-approve', ...A],
    shell: TOKEN_SHELL,
    sends: SECRETS.HIGHTOUCH_TOKEN,
  },
  {
    args: ['apply', '--auto-approve', '--env', 'there', ...A],
    shell: PASSWORD_SHELL,
    sends: undefined,
  },
  {
    args: ['apply', '--auto-approve', '--env', 'here'],
    shell: TOKEN_SHELL,
    sends: SECRETS.HERE_TOKEN,
  },
  {
    args: ['apply', '--auto-approve', '--all-envs', '--api', '$API'],
    shell: TOKEN_SHELL,
    sends: SECRETS.HIGHTOUCH_TOKEN,
  },
  {
    args: ['apply', 'plan.json', '--auto-approve', ...A],
    shell: TOKEN_SHELL,
    sends: SECRETS.HIGHTOUCH_TOKEN,
  },
  {
    args: ['pull', '--out', 'pulled', ...A],
    shell: TOKEN_SHELL,
    sends: SECRETS.HIGHTOUCH_TOKEN,
  },
  {
    args: ['pull', '--out', 'pulled', '--env', 'there', ...A],
    shell: PASSWORD_SHELL,
    sends: undefined,
  },
  {
    args: ['pull', '--out', 'pulled', '--env', 'here'],
    shell: TOKEN_SHELL,
    sends: SECRETS.HERE_TOKEN,
  },
  // `test` picks the config's first environment ("there") when none is named: --api still gets
  // the shell's token, not that environment's.
  { args: ['test', '--live', ...A], shell: TOKEN_SHELL, sends: SECRETS.HIGHTOUCH_TOKEN },
  {
    args: ['test', '--live', '--env', 'there', ...A],
    shell: PASSWORD_SHELL,
    sends: undefined,
  },
  {
    args: ['test', '--live', '--env', 'here'],
    shell: TOKEN_SHELL,
    sends: SECRETS.HERE_TOKEN,
  },
];

/** Commands that never talk to an API: still nothing of the shell's secrets in their output. */
const LOCAL: string[][] = [
  ['validate'],
  ['validate', '--all-envs'],
  ['test'],
  ['graph', 'scenarios', '--format', 'mermaid'],
  ['fmt', '--check', 'scenarios'],
  ['env', 'list'],
  ['env', 'show', 'here', '--explain'],
];

const leaks = (run: CliRun): string[] =>
  [...Object.values(SECRETS), PASSWORD].filter(
    (s) => run.stdout.includes(s) || run.stderr.includes(s),
  );

describe('credentials go only where they belong, and never into output', () => {
  it.each(
    RUNS.map((r, i) => [`${i + 1}: ${r.args.toString().replace(/^\(\) => /, '')}`, r] as const),
  )(
    '%s',
    async (_name, { args, shell, sends }) => {
      // A fresh echoing API per run: calls a run left in flight cannot land in the next one.
      const previous = echo;
      echo = await listener(true);
      await close(previous);
      writeFileSync(path.join(tree.dir, 'botform.config.yaml'), config(echo.url));
      savedPlanFor(echo.url);
      const run = await runCli(
        args.map((a) => (a === '$API' ? echo.url : a)),
        { cwd: tree.dir, env: shell },
      );
      expect(run.code, run.stderr).not.toBe(0);
      expect(leaks(run), `${run.stdout}\n${run.stderr}`).toStrictEqual([]);
      expect(run.stderr).not.toMatch(STACK_LINE);
      expect(other.received, 'the second listener').toStrictEqual([]);
      expect(echo.received.length, 'the echoing API was called').toBeGreaterThan(0);
      // The echoing API saw exactly the credential the command should send, and no other.
      const seen = echo.received.map((r) => `${r.authorization ?? ''} ${r.body}`).join('\n');
      for (const secret of [...Object.values(SECRETS), PASSWORD]) {
        const expected = sends === undefined ? secret === PASSWORD : secret === sends;
        expect(seen.includes(secret), `${secret} sent: ${expected}`).toBe(expected);
      }
    },
    30_000,
  );

  it('apply --all-envs with --api and no HIGHTOUCH_* credentials: nothing is sent anywhere', async () => {
    const previous = echo;
    echo = await listener(true);
    await close(previous);
    writeFileSync(path.join(tree.dir, 'botform.config.yaml'), config(echo.url));
    const run = await runCli(['apply', '--all-envs', '--auto-approve', '--api', echo.url], {
      cwd: tree.dir,
      env: { HERE_TOKEN: SECRETS.HERE_TOKEN, THERE_TOKEN: SECRETS.THERE_TOKEN },
    });
    expect(run.code).toBe(1);
    expect(run.stderr).toContain('nothing was applied');
    expect(run.stderr).toContain('no credentials: set HIGHTOUCH_TOKEN');
    expect(echo.received).toStrictEqual([]);
    expect(other.received).toStrictEqual([]);
    expect(leaks(run)).toStrictEqual([]);
  });

  it.each(LOCAL.map((args) => [args.join(' '), args] as const))(
    'offline: %s',
    async (_name, args) => {
      const run = await runCli(args, { cwd: tree.dir, env: { ...TOKEN_SHELL, ...PASSWORD_SHELL } });
      expect(leaks(run), `${run.stdout}\n${run.stderr}`).toStrictEqual([]);
      expect(other.received).toStrictEqual([]);
    },
  );
});
