// docs/exit-codes.md, row by row: main() runs once per row (command × outcome) and must return
// the code the table gives (test/cli/smoke.test.ts shows the launcher passes it on as the exit). A last test checks that the table and these rows are
// the same list. The rows run in order: some build on the shop state the earlier ones left.
import { readFileSync, writeFileSync } from 'node:fs';
import { createServer as createNetServer, type AddressInfo, type Server } from 'node:net';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startEmulator, type Emulator } from '../../src/emulator/index.js';
import { planDigest } from '../../src/plan/digest.js';
import type { Plan } from '../../src/plan/types.js';
import { REPO } from '../helpers/fixtures.js';
import { noWait, runCli, STACK_LINE, tempTree, type CliRun } from '../helpers/cli.js';

const SCENARIO_A =
  'start: welcome\nsteps:\n  welcome:\n    type: message\n    text: Hi!\n    end: true\n';
const SCENARIO_B = SCENARIO_A.replace('Hi!', 'Hello!');
const WITH_PROTECTED = `${SCENARIO_B}  legal:\n    type: message\n    text: Our terms.\n    protect: true\n    end: true\n`;
const BROKEN =
  'start: welcome\nsteps:\n  welcome:\n    type: message\n    text: Hi!\n    next: nowhere\n';

const CREDS = { HIGHTOUCH_USERNAME: 'demo', HIGHTOUCH_PASSWORD: 'demo' };

let emulator: Emulator;
let tree: ReturnType<typeof tempTree>;
let closedApi: string;
let busy: Server;

beforeAll(async () => {
  emulator = await startEmulator({ db: ':memory:', port: 0 });
  tree = tempTree({
    'a/main.yaml': SCENARIO_A,
    'b/main.yaml': SCENARIO_B,
    'p1/main.yaml': WITH_PROTECTED,
    'p2/main.yaml': SCENARIO_B,
    'broken/main.yaml': BROKEN,
    'env/main.yaml': SCENARIO_A,
    'env/botform.config.yaml': `scenario: main.yaml\nenvironments:\n  live:\n    api: http://127.0.0.1:9\n    shop: 1\n    credentials: { token: LIVE_TOKEN }\n`,
    'fmt/ok.yaml': SCENARIO_A,
    'fmt/messy.yaml': SCENARIO_A.replace('start: welcome', 'start:    welcome'),
  });
  const probe = createNetServer();
  await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve));
  closedApi = `http://127.0.0.1:${(probe.address() as AddressInfo).port}`;
  await new Promise<void>((resolve) => probe.close(() => resolve()));
  busy = createNetServer();
  await new Promise<void>((resolve) => busy.listen(0, '127.0.0.1', resolve));
});
afterAll(async () => {
  await new Promise<void>((resolve) => busy.close(() => resolve()));
  await emulator.close();
  tree.cleanup();
});

const run = (args: string[], env: Record<string, string> = CREDS): Promise<CliRun> =>
  runCli(args, { cwd: tree.dir, env, sleep: noWait });
const api = () => ['--api', emulator.url, '--shop', '1'];
const D = '--detailed-exitcode';

function editPlan(
  from: string,
  to: string,
  edit: (plan: Plan) => void,
  recomputeDigest: boolean,
): void {
  const plan = JSON.parse(readFileSync(path.join(tree.dir, from), 'utf8')) as Plan;
  edit(plan);
  if (recomputeDigest) plan.digest = planDigest(plan);
  writeFileSync(path.join(tree.dir, to), JSON.stringify(plan));
}

interface Row {
  command: string;
  outcome: string;
  code: number;
  run: () => Promise<CliRun>;
}

const ROWS: Row[] = [
  { command: '`botform`', outcome: 'no command', code: 2, run: () => run([]) },
  { command: '`botform`', outcome: 'unknown command', code: 2, run: () => run(['deploy']) },
  { command: '`botform`', outcome: '`--version`', code: 0, run: () => run(['--version']) },
  {
    command: '`validate`',
    outcome: 'valid (warnings allowed)',
    code: 0,
    run: () => run(['validate', 'a']),
  },
  {
    command: '`validate`',
    outcome: 'problems found',
    code: 1,
    run: () => run(['validate', 'broken']),
  },
  {
    command: '`validate`',
    outcome: 'unknown flag',
    code: 2,
    run: () => run(['validate', 'a', '--strictest']),
  },
  // The shop is empty: scenario a means changes.
  {
    command: '`plan --detailed-exitcode`',
    outcome: 'changes present',
    code: 2,
    run: () => run(['plan', 'a', ...api(), D]),
  },
  {
    command: '`plan`',
    outcome: 'plan made (changes or not)',
    code: 0,
    run: () => run(['plan', 'a', ...api(), '--out', 'plan-a.json']),
  },
  {
    command: '`apply PLANFILE`',
    outcome: 'plan edited after it was made (refused, nothing sent)',
    code: 1,
    run: async () => {
      editPlan(
        'plan-a.json',
        'edited.json',
        (p) => (p.operations[0]!.call.body!.text = 'Something else'),
        false,
      );
      return run(['apply', 'edited.json', ...api()]);
    },
  },
  {
    command: '`apply PLANFILE`',
    outcome: 'plan for another API (refused, nothing sent)',
    code: 1,
    run: async () => {
      editPlan('plan-a.json', 'elsewhere.json', (p) => (p.target.api = closedApi), true);
      return run(['apply', 'elsewhere.json', ...api()]);
    },
  },
  {
    command: '`apply PLANFILE`',
    outcome: 'plan applied',
    code: 0,
    run: () => run(['apply', 'plan-a.json', ...api()]),
  },
  {
    command: '`plan --detailed-exitcode`',
    outcome: 'no changes',
    code: 0,
    run: () => run(['plan', 'a', ...api(), D]),
  },
  {
    command: '`apply`',
    outcome: 'nothing to do',
    code: 0,
    run: () => run(['apply', 'a', ...api(), '--auto-approve']),
  },
  {
    command: '`apply`',
    outcome: 'not approved (not on a terminal, no `--auto-approve`)',
    code: 1,
    run: () => run(['apply', 'b', ...api()]),
  },
  {
    command: '`apply PLANFILE`',
    outcome: 'stale plan (the shop changed since)',
    code: 1,
    run: async () => {
      expect((await run(['plan', 'b', ...api(), '--out', 'plan-b.json'])).code).toBe(0);
      expect((await run(['apply', 'p1', ...api(), '--auto-approve'])).code).toBe(0);
      return run(['apply', 'plan-b.json', ...api()]);
    },
  },
  {
    command: '`apply`',
    outcome: 'applied',
    code: 0,
    run: () => run(['apply', 'p1', ...api(), '--auto-approve']),
  },
  {
    command: '`plan`',
    outcome: 'unsafe plan (a protected step would be deleted)',
    code: 1,
    run: () => run(['plan', 'p2', ...api()]),
  },
  {
    command: '`plan --detailed-exitcode`',
    outcome: 'unsafe plan (a protected step would be deleted)',
    code: 1,
    run: () => run(['plan', 'p2', ...api(), D]),
  },
  {
    command: '`plan`',
    outcome: 'scenario errors',
    code: 1,
    run: () => run(['plan', 'broken', ...api()]),
  },
  {
    command: '`plan --detailed-exitcode`',
    outcome: 'scenario errors',
    code: 1,
    run: () => run(['plan', 'broken', ...api(), D]),
  },
  {
    command: '`apply`',
    outcome: 'scenario errors',
    code: 1,
    run: () => run(['apply', 'broken', ...api(), '--auto-approve']),
  },
  {
    command: '`plan`',
    outcome: 'API unreachable',
    code: 1,
    run: () => run(['plan', 'a', '--api', closedApi, '--shop', '1']),
  },
  {
    command: '`plan --detailed-exitcode`',
    outcome: 'API unreachable',
    code: 1,
    run: () => run(['plan', 'a', '--api', closedApi, '--shop', '1', D]),
  },
  {
    command: '`plan`',
    outcome: 'wrong credentials (401)',
    code: 1,
    run: () => run(['plan', 'a', ...api()], { ...CREDS, HIGHTOUCH_PASSWORD: 'wrong' }),
  },
  {
    command: '`plan --detailed-exitcode`',
    outcome: 'wrong credentials (401)',
    code: 1,
    run: () => run(['plan', 'a', ...api(), D], { ...CREDS, HIGHTOUCH_PASSWORD: 'wrong' }),
  },
  {
    command: '`plan`',
    outcome: 'unknown flag',
    code: 2,
    run: () => run(['plan', 'a', ...api(), '--colour']),
  },
  {
    command: '`plan --detailed-exitcode`',
    outcome: 'unknown flag',
    code: 1,
    run: () => run(['plan', 'a', ...api(), D, '--colour']),
  },
  {
    command: '`plan`',
    outcome: 'missing credentials (no `HIGHTOUCH_*`)',
    code: 1,
    run: () => run(['plan', 'a', ...api()], {}),
  },
  {
    command: '`plan`',
    outcome: "missing credentials (an environment's variable unset)",
    code: 1,
    run: () => run(['plan', '-c', 'env/botform.config.yaml', '--env', 'live'], {}),
  },
  {
    command: '`plan --detailed-exitcode`',
    outcome: 'missing credentials',
    code: 1,
    run: () => run(['plan', 'a', ...api(), D], {}),
  },
  {
    command: '`plan`',
    outcome: 'bad `--api`',
    code: 2,
    run: () => run(['plan', 'a', '--api', 'ftp://example', '--shop', '1']),
  },
  {
    command: '`plan --detailed-exitcode`',
    outcome: 'bad `--api`',
    code: 1,
    run: () => run(['plan', 'a', '--api', 'ftp://example', '--shop', '1', D]),
  },
  {
    command: '`plan`',
    outcome: 'bad `--shop`',
    code: 2,
    run: () => run(['plan', 'a', '--api', emulator.url, '--shop', 'first']),
  },
  {
    command: '`plan --detailed-exitcode`',
    outcome: 'bad `--shop`',
    code: 1,
    run: () => run(['plan', 'a', '--api', emulator.url, '--shop', 'first', D]),
  },
  {
    command: '`plan --detailed-exitcode`',
    outcome: 'bad `--format`',
    code: 1,
    run: () => run(['plan', 'a', ...api(), D, '--format', 'yaml']),
  },
  {
    command: '`apply`',
    outcome: 'unknown flag',
    code: 2,
    run: () => run(['apply', 'a', ...api(), '--yes']),
  },
  {
    command: '`apply`',
    outcome: 'bad `--parallelism`',
    code: 2,
    run: () => run(['apply', 'a', ...api(), '--parallelism', '0']),
  },
  {
    command: '`fmt --check`',
    outcome: 'all formatted',
    code: 0,
    run: () => run(['fmt', '--check', 'fmt/ok.yaml']),
  },
  {
    command: '`fmt --check`',
    outcome: 'a file not formatted',
    code: 1,
    run: () => run(['fmt', '--check', 'fmt/messy.yaml']),
  },
  {
    command: '`fmt`',
    outcome: 'unknown flag',
    code: 2,
    run: () => run(['fmt', '--fix', 'fmt/ok.yaml']),
  },
  {
    command: '`pull`',
    outcome: 'pulled',
    code: 0,
    run: () => run(['pull', ...api(), '--out', 'pulled']),
  },
  { command: '`pull`', outcome: 'missing `--out`', code: 2, run: () => run(['pull', ...api()]) },
  {
    command: '`pull`',
    outcome: 'missing credentials',
    code: 1,
    run: () => run(['pull', ...api(), '--out', 'pulled-again'], {}),
  },
  {
    command: '`apply`',
    outcome: 'missing credentials',
    code: 1,
    run: () => run(['apply', 'a', ...api(), '--auto-approve'], {}),
  },
  {
    command: '`serve`',
    outcome: 'port in use',
    code: 2,
    run: () =>
      run(['serve', '--db', ':memory:', '--port', String((busy.address() as AddressInfo).port)]),
  },
];

describe('exit codes (docs/exit-codes.md)', () => {
  for (const row of ROWS) {
    it(`${row.command} — ${row.outcome} → ${row.code}`, async () => {
      const result = await row.run();
      expect(result.code, `${result.stdout}\n${result.stderr}`).toBe(row.code);
      expect(result.stderr).not.toMatch(STACK_LINE);
    });
  }

  it('the table in docs/exit-codes.md lists exactly these rows', () => {
    const text = readFileSync(path.join(REPO, 'docs', 'exit-codes.md'), 'utf8');
    const documented = text
      .split('\n')
      .filter((line) => /^\| `/.test(line))
      .map((line) =>
        line
          .split('|')
          .slice(1, 4)
          .map((cell) => cell.trim())
          .join(' | '),
      )
      .sort();
    expect(documented).toStrictEqual(
      ROWS.map((r) => `${r.command} | ${r.outcome} | ${r.code}`).sort(),
    );
  });
});
