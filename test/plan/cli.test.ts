// `botform plan` and the README's main job end to end, as a spawned process: against the
// embedded emulator in a temp copy of the example, and against an emulator named with --api.
import { cpSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startEmulator, type Emulator } from '../../src/emulator/index.js';
import { schemaValidator } from '../../src/validate/schemas.js';
import { noWait, runCli, STACK_LINE, tempTree } from '../helpers/cli.js';
import { REPO } from '../helpers/fixtures.js';

const cleanups: (() => void)[] = [];
afterAll(() => {
  for (const c of cleanups) c();
});

function exampleCopy(): string {
  const t = tempTree({});
  cleanups.push(t.cleanup);
  cpSync(path.join(REPO, 'scenarios'), path.join(t.dir, 'scenarios'), { recursive: true });
  return t.dir;
}

describe('plan → apply → plan on the embedded emulator (the README main job)', () => {
  it('creates everything, then has nothing left to do', async () => {
    const dir = exampleCopy();
    const first = await runCli(
      ['plan', 'scenarios/pizza-shop', '--detailed-exitcode', '--out', 'plan.json'],
      { cwd: dir },
    );
    expect(first.stderr).toContain('embedded emulator');
    expect(first.code).toBe(2);
    expect(first.stdout).toContain('Plan: 97 to create, 1 to update, 0 to delete (98 API calls).');
    const saved = JSON.parse(readFileSync(path.join(dir, 'plan.json'), 'utf8')) as unknown;
    expect(schemaValidator('plan.schema.json')(saved)).toBe(true);

    const apply = await runCli(['apply', 'plan.json'], { cwd: dir });
    expect(apply.stderr).not.toMatch(STACK_LINE);
    expect(apply.code).toBe(0);
    expect(apply.stdout).toContain('Apply complete: 97 created, 1 updated, 0 deleted.');

    const second = await runCli(['plan', 'scenarios/pizza-shop', '--detailed-exitcode'], {
      cwd: dir,
    });
    expect(second.code).toBe(0);
    expect(second.stdout).toContain('No changes.');
    const json = await runCli(['plan', 'scenarios/pizza-shop', '--format', 'json'], { cwd: dir });
    expect((JSON.parse(json.stdout) as { operations: unknown[] }).operations).toEqual([]);
  });

  it('renders markdown with the counts and a diagram', async () => {
    const dir = exampleCopy();
    const md = await runCli(['plan', 'scenarios/pizza-shop', '--format', 'markdown'], { cwd: dir });
    expect(md.code).toBe(0);
    expect(md.stdout).toContain('```mermaid');
    expect(md.stdout.length).toBeLessThanOrEqual(65_535);
  });

  it('an invalid scenario stops before the shop is read', async () => {
    const t = tempTree({
      'bot.yaml': 'start: a\nsteps:\n  a:\n    type: message\n    text: hi\n    next: nowhere\n',
    });
    cleanups.push(t.cleanup);
    const run = await runCli(['plan', 'bot.yaml'], { cwd: t.dir });
    expect(run.code).toBe(1);
    expect(run.stderr).toContain('dangling-transition');
    expect(run.stdout).toBe('');
  });
});

describe('plan against a named API', () => {
  let emulator: Emulator;
  beforeAll(async () => {
    emulator = await startEmulator({
      db: ':memory:',
      port: 0,
      seed: {
        users: [
          { username: 'ann', password: 's3cret-pass', shops: [1], tokens: ['tok-abcdef123456'] },
        ],
        shops: [
          { id: 1, name: 'A' },
          { id: 2, name: 'B' },
        ],
      },
    });
  });
  afterAll(async () => emulator.close());

  it('works with a token from the environment', async () => {
    const run = await runCli(
      [
        'plan',
        path.join(REPO, 'scenarios/pizza-shop'),
        '--api',
        emulator.url,
        '--shop',
        '1',
        '--detailed-exitcode',
      ],
      { env: { HIGHTOUCH_TOKEN: 'tok-abcdef123456' } },
    );
    expect(run.stderr).toBe('');
    expect(run.code).toBe(2);
  });

  it('a saved plan is applied to the shop it names when the API is named again (never taken from the file)', async () => {
    const t = tempTree({});
    cleanups.push(t.cleanup);
    const env = { HIGHTOUCH_TOKEN: 'tok-abcdef123456' };
    const planned = await runCli(
      [
        'plan',
        path.join(REPO, 'scenarios/pizza-shop'),
        '--api',
        emulator.url,
        '--shop',
        '1',
        '--out',
        'plan.json',
      ],
      { cwd: t.dir, env },
    );
    expect(planned.code, planned.stderr).toBe(0);
    const unnamed = await runCli(['apply', 'plan.json'], { cwd: t.dir, env });
    expect(unnamed.code).toBe(1);
    expect(unnamed.stderr).toContain(
      `the plan was made for ${emulator.url}, shop 1, not the embedded emulator`,
    );
    const applied = await runCli(['apply', 'plan.json'], {
      cwd: t.dir,
      env: { ...env, HIGHTOUCH_API_URL: emulator.url },
    });
    expect(applied.stderr).toBe('');
    expect(applied.code).toBe(0);
    const after = await runCli(
      [
        'plan',
        path.join(REPO, 'scenarios/pizza-shop'),
        '--api',
        emulator.url,
        '--shop',
        '1',
        '--detailed-exitcode',
      ],
      { cwd: t.dir, env },
    );
    expect(after.code).toBe(0);
  });

  it('a wrong token says how to log in and never prints the token', async () => {
    const run = await runCli(
      ['plan', path.join(REPO, 'scenarios/pizza-shop'), '--api', emulator.url, '--shop', '1'],
      { env: { HIGHTOUCH_TOKEN: 'tok-WRONG-999' } },
    );
    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(/401/);
    expect(run.stderr).toContain('HIGHTOUCH_TOKEN');
    expect(`${run.stdout}${run.stderr}`).not.toContain('tok-WRONG-999');
    expect(run.stderr).not.toMatch(STACK_LINE);
  });

  it('a wrong password is refused without printing it', async () => {
    const run = await runCli(
      ['plan', path.join(REPO, 'scenarios/pizza-shop'), '--api', emulator.url, '--shop', '1'],
      { env: { HIGHTOUCH_USERNAME: 'ann', HIGHTOUCH_PASSWORD: 'wrong-pass-xyz' } },
    );
    expect(run.code).toBe(1);
    expect(`${run.stdout}${run.stderr}`).not.toContain('wrong-pass-xyz');
  });

  it('a shop the account does not manage is a clear 403', async () => {
    const run = await runCli(
      ['plan', path.join(REPO, 'scenarios/pizza-shop'), '--api', emulator.url, '--shop', '2'],
      { env: { HIGHTOUCH_TOKEN: 'tok-abcdef123456' } },
    );
    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(/403/);
    expect(run.stderr).toContain('2');
  });

  it('an unreachable API and missing credentials are clear errors', async () => {
    const down = await runCli(
      [
        'plan',
        path.join(REPO, 'scenarios/pizza-shop'),
        '--api',
        'http://127.0.0.1:9',
        '--shop',
        '1',
      ],
      { env: { HIGHTOUCH_TOKEN: 'x' }, sleep: noWait },
    );
    expect(down.code).toBe(1);
    expect(down.stderr).toContain('http://127.0.0.1:9');
    expect(down.stderr).not.toMatch(STACK_LINE);
    const noCreds = await runCli([
      'plan',
      path.join(REPO, 'scenarios/pizza-shop'),
      '--api',
      emulator.url,
      '--shop',
      '1',
    ]);
    // Missing credentials are 1 however they are missing (docs/exit-codes.md).
    expect(noCreds.code).toBe(1);
    expect(noCreds.stderr).toContain('HIGHTOUCH_TOKEN');
  });
});
