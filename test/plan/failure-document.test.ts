// `plan --format json|markdown|github` writes a document for every failure — the scenario's and
// the run's (the API unreachable, credentials missing or refused, a flag that does not fit) — so a
// job that posts the output always posts something; and the hint after `plan --out` is the whole
// command that applies the saved plan.
import { createServer as createNetServer, type AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startEmulator, type Emulator } from '../../src/emulator/index.js';
import { noWait, runCli, STACK_LINE, tempTree } from '../helpers/cli.js';

const SCENARIO =
  'start: welcome\nsteps:\n  welcome:\n    type: message\n    text: Hi!\n    end: true\n';

let emulator: Emulator;
let closedApi: string;
let tree: ReturnType<typeof tempTree>;
beforeAll(async () => {
  emulator = await startEmulator({ db: ':memory:' });
  const probe = createNetServer();
  await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve));
  closedApi = `http://127.0.0.1:${(probe.address() as AddressInfo).port}`;
  await new Promise<void>((resolve) => probe.close(() => resolve()));
  tree = tempTree({
    'a/main.yaml': SCENARIO,
    'bad-config/botform.config.yaml': 'scenario: 12\nunknown_key: true\n',
    'project/settings/botform.config.yaml': `scenario: ../bot
environments:
  staging:
    api: ${emulator.url}
    shop: 1
    credentials: { username: STAGING_USER, password: STAGING_PASSWORD }
`,
    'project/bot/main.yaml': SCENARIO,
  });
});
afterAll(async () => {
  await emulator.close();
  tree.cleanup();
});

const TOKEN = { HIGHTOUCH_TOKEN: 'tok-abcdef123456' };

describe('a failure document for every failure', () => {
  it('json: the API cannot be reached', async () => {
    // The CLI's retries wait through io.sleep: they are made, without their real back-off.
    const waits: number[] = [];
    const run = await runCli(
      ['plan', 'a', '--format', 'json', '--api', closedApi, '--shop', '1', '--detailed-exitcode'],
      {
        cwd: tree.dir,
        env: TOKEN,
        sleep: (ms) => {
          waits.push(ms);
          return noWait();
        },
      },
    );
    expect(run.code).toBe(1);
    expect(waits.length).toBeGreaterThan(0);
    const doc = JSON.parse(run.stdout) as { ok: boolean; plan: null; error: { message: string } };
    expect(doc.ok).toBe(false);
    expect(doc.plan).toBeNull();
    expect(doc.error.message).toContain(closedApi);
    expect(run.stderr).toContain(closedApi);
    expect(run.stderr).not.toMatch(STACK_LINE);
  }, 60_000);

  it('markdown and github: credentials refused (401), the token never shown', async () => {
    for (const [format, head] of [
      ['markdown', '### botform plan failed'],
      ['github', '::error title=botform plan::'],
    ] as const) {
      const run = await runCli(
        ['plan', 'a', '--format', format, '--api', emulator.url, '--shop', '1'],
        { cwd: tree.dir, env: { HIGHTOUCH_TOKEN: 'tok-WRONG-999' } },
      );
      expect(run.code).toBe(1);
      expect(run.stdout.startsWith(head), run.stdout).toBe(true);
      expect(run.stdout).toContain('401');
      expect(`${run.stdout}${run.stderr}`).not.toContain('tok-WRONG-999');
    }
  });

  it('json: credentials missing, and a flag that does not fit', async () => {
    const missing = await runCli(
      ['plan', 'a', '--format', 'json', '--api', emulator.url, '--shop', '1'],
      { cwd: tree.dir, env: {} },
    );
    expect(missing.code).toBe(1);
    expect((JSON.parse(missing.stdout) as { error: { message: string } }).error.message).toContain(
      'no credentials',
    );
    const badShop = await runCli(['plan', 'a', '--format', 'json', '--shop', 'zero'], {
      cwd: tree.dir,
      env: TOKEN,
    });
    expect(badShop.code).toBe(2);
    expect((JSON.parse(badShop.stdout) as { error: { message: string } }).error.message).toContain(
      'the shop must be a positive whole number',
    );
  });

  it('json: an invalid config is a document of its problems', async () => {
    const run = await runCli(['plan', '--format', 'json', '-c', 'bad-config/botform.config.yaml'], {
      cwd: tree.dir,
      env: TOKEN,
    });
    expect(run.code).toBe(1);
    const doc = JSON.parse(run.stdout) as { ok: boolean; diagnostics: { code: string }[] };
    expect(doc.ok).toBe(false);
    expect(doc.diagnostics.map((d) => d.code)).toContain('config-invalid');
  });
});

describe('the hint after plan --out', () => {
  it('is the whole command, and that command applies the plan', async () => {
    const env = { STAGING_USER: 'demo', STAGING_PASSWORD: 'demo' };
    const planned = await runCli(
      [
        'plan',
        '-c',
        'project/settings/botform.config.yaml',
        '--env',
        'staging',
        '--out',
        'my plan.json',
      ],
      { cwd: tree.dir, env },
    );
    expect(planned.code, planned.stderr).toBe(0);
    const hint = /Apply exactly this plan with:\n {2}(.+)\n/.exec(planned.stdout)?.[1];
    expect(hint).toBe(
      "botform apply 'my plan.json' -c project/settings/botform.config.yaml --env staging",
    );
    // Run exactly what it says (the shell's quoting undone).
    const words = (hint as string).match(/'[^']*'|\S+/g)?.map((w) => w.replace(/^'|'$/g, '')) ?? [];
    expect(words[0]).toBe('botform');
    const applied = await runCli(words.slice(1), { cwd: tree.dir, env });
    expect(applied.code, applied.stderr).toBe(0);
    expect(applied.stdout).toContain('Apply complete');
  });
});
