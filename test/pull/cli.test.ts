// `botform pull` as a spawned process against the embedded emulator: it writes, says when the
// file is up to date, and never silently overwrites a file that differs.
import { cpSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runCli, STACK_LINE, tempTree } from '../helpers/cli.js';
import { REPO } from '../helpers/fixtures.js';

const cleanups: (() => void)[] = [];
afterAll(() => {
  for (const c of cleanups) c();
});

/** A temp copy of the example scenarios, applied to that folder's embedded emulator. */
async function appliedExampleCopy(): Promise<{ dir: string }> {
  const t = tempTree({});
  cleanups.push(t.cleanup);
  cpSync(path.join(REPO, 'scenarios'), path.join(t.dir, 'scenarios'), { recursive: true });
  expect(
    (await runCli(['apply', 'scenarios/pizza-shop', '--auto-approve'], { cwd: t.dir })).code,
  ).toBe(0);
  return t;
}

describe('botform pull', () => {
  it('writes, is idempotent, and refuses to overwrite a changed file without --force', async () => {
    const t = await appliedExampleCopy();

    const first = await runCli(['pull', '--out', 'pulled'], { cwd: t.dir });
    expect(first.code).toBe(0);
    expect(first.stdout).toContain('Pulled 43 steps');
    const file = path.join(t.dir, 'pulled', 'scenario.yaml');
    const pulled = readFileSync(file, 'utf8');
    expect(pulled.startsWith('# yaml-language-server: $schema=')).toBe(true);

    const again = await runCli(['pull', '--out', 'pulled'], { cwd: t.dir });
    expect(again.code).toBe(0);
    expect(again.stdout).toContain('is up to date');

    // An edit not applied yet must survive a pull.
    const edited = pulled.replace('What would you like to do?', 'What would you like to do today?');
    writeFileSync(file, edited);
    const refused = await runCli(['pull', '--out', 'pulled'], { cwd: t.dir });
    expect(refused.code).toBe(1);
    expect(refused.stderr).toContain('--force');
    expect(refused.stderr).not.toMatch(STACK_LINE);
    expect(readFileSync(file, 'utf8')).toBe(edited);

    const forced = await runCli(['pull', '--out', 'pulled', '--force'], { cwd: t.dir });
    expect(forced.code).toBe(0);
    expect(readFileSync(file, 'utf8')).toBe(pulled);

    const plan = await runCli(['plan', 'pulled', '--detailed-exitcode'], { cwd: t.dir });
    expect(plan.code).toBe(0);
  });

  it('refuses to write beside other scenario files without --force, and --out must be a folder', async () => {
    const t = await appliedExampleCopy();
    const run = await runCli(['pull', '--out', 'scenarios/pizza-shop'], { cwd: t.dir });
    expect(run.code).toBe(1);
    expect(run.stderr).toContain("define the shop's steps twice");
    expect((await runCli(['validate', 'scenarios/pizza-shop'], { cwd: t.dir })).code).toBe(0);
    const onFile = await runCli(['pull', '--out', 'scenarios/pizza-shop/main.yaml'], {
      cwd: t.dir,
    });
    expect(onFile.code).toBe(2);
    expect(onFile.stderr).toContain('--out must be a folder');
    expect(onFile.stderr).not.toMatch(STACK_LINE);
    const fresh = await runCli(['pull', '--out', 'pulled'], { cwd: t.dir });
    expect(fresh.code).toBe(0);
    const check = await runCli(['fmt', '--check', 'pulled'], { cwd: t.dir });
    expect(check.code, check.stdout + check.stderr).toBe(0);
  });
});
