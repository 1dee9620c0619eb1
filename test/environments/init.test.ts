// `botform init`: scaffolds a repository whose commands work on both environments of the
// embedded emulator, and never overwrites a file that exists.
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { schemaValidator } from '../../src/validate/schemas.js';
import { parse } from 'yaml';
import { runCli, tempTree } from '../helpers/cli.js';

const cleanups: (() => void)[] = [];
afterAll(() => {
  for (const c of cleanups) c();
});

describe('botform init', () => {
  it('in an empty folder: validate, plan and apply both environments on the embedded emulator', async () => {
    const t = tempTree({});
    cleanups.push(t.cleanup);
    const init = await runCli(['init'], { cwd: t.dir });
    expect(init.code).toBe(0);
    expect(readFileSync(path.join(t.dir, '.gitignore'), 'utf8')).toContain('.botform/');
    const config = readFileSync(path.join(t.dir, 'botform.config.yaml'), 'utf8');
    expect(schemaValidator('config.schema.json')(parse(config))).toBe(true);
    // The modeline resolves to botform's own schema.
    const modeline = /\$schema=(\S+)/.exec(config)?.[1] as string;
    expect(readFileSync(path.resolve(t.dir, modeline), 'utf8')).toContain('"environments"');

    expect((await runCli(['validate'], { cwd: t.dir })).stdout).toContain('for 2 environments');
    const plan = await runCli(['plan', '--all-envs', '--detailed-exitcode'], { cwd: t.dir });
    expect(plan.code).toBe(2);
    const apply = await runCli(
      ['apply', '--all-envs', '--auto-approve', '--confirm-env', 'production'],
      { cwd: t.dir },
    );
    expect(apply.code).toBe(0);
    const again = await runCli(['plan', '--all-envs', '--detailed-exitcode'], { cwd: t.dir });
    expect(again.code).toBe(0);
    expect(again.stdout).toMatch(/staging\s+0\s+0\s+no changes/);
  });

  it('never overwrites an existing file', async () => {
    const t = tempTree({
      'README.md': 'my own readme\n',
      'botform.config.yaml': 'scenario: mine\n',
    });
    cleanups.push(t.cleanup);
    const run = await runCli(['init'], { cwd: t.dir });
    expect(run.code).toBe(0);
    expect(run.stdout).toContain('kept     README.md (exists; not overwritten)');
    expect(readFileSync(path.join(t.dir, 'README.md'), 'utf8')).toBe('my own readme\n');
    expect(readFileSync(path.join(t.dir, 'botform.config.yaml'), 'utf8')).toBe('scenario: mine\n');
    expect(readFileSync(path.join(t.dir, 'scenarios/main.yaml'), 'utf8')).toContain(
      '${var.GREETING}',
    );
    writeFileSync(path.join(t.dir, 'scenarios/main.yaml'), 'edited\n');
    await runCli(['init'], { cwd: t.dir });
    expect(readFileSync(path.join(t.dir, 'scenarios/main.yaml'), 'utf8')).toBe('edited\n');
  });
});
