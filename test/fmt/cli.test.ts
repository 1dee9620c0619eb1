// `botform fmt` end to end, against the built CLI: in place, --check for CI, --diff, files that
// do not parse, usage errors, and the config's scenario path.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { runCli, STACK_LINE, tempTree } from '../helpers/cli.js';

const cleanups: (() => void)[] = [];
afterEach(() => {
  for (const c of cleanups.splice(0)) c();
});

const MESSY =
  'steps:\n  a:\n    next: b\n    text: "Hello\\nthere"\n    type: message # greeting\n  b:\n    end: true\n    type: message\n    text: bye\nstart: a\n';
const TIDY =
  'start: a\nsteps:\n  a:\n    type: message # greeting\n    text: |-\n      Hello\n      there\n    next: b\n  b:\n    type: message\n    text: bye\n    end: true\n';
const BROKEN = 'start: a\nsteps:\n  a:\n    type: message\n    text: [unclosed\n';

function tree(files: Record<string, string>) {
  const t = tempTree(files);
  cleanups.push(t.cleanup);
  const read = (name: string) => readFileSync(path.join(t.dir, name), 'utf8');
  return { ...t, read };
}

describe('botform fmt', () => {
  it('rewrites files in place, lists them, and leaves formatted files alone', async () => {
    const t = tree({ 'bots/messy.yaml': MESSY, 'bots/tidy.yaml': TIDY });
    const tidyTime = statSync(path.join(t.dir, 'bots/tidy.yaml')).mtimeMs;
    const run = await runCli(['fmt', 'bots'], { cwd: t.dir });
    expect(run).toMatchObject({ code: 0, stdout: 'bots/messy.yaml\n', stderr: '' });
    expect(t.read('bots/messy.yaml')).toBe(TIDY);
    expect(statSync(path.join(t.dir, 'bots/tidy.yaml')).mtimeMs).toBe(tidyTime);
    expect(readdirSync(path.join(t.dir, 'bots')).sort()).toStrictEqual(['messy.yaml', 'tidy.yaml']);
    const again = await runCli(['fmt', 'bots'], { cwd: t.dir });
    expect(again).toMatchObject({ code: 0, stdout: '' });
  });

  it('--check writes nothing, lists what would change, and fails until it is formatted', async () => {
    const t = tree({ 'messy.yaml': MESSY, 'tidy.yaml': TIDY });
    const check = await runCli(['fmt', '--check', '*.yaml'], { cwd: t.dir });
    expect(check.code).toBe(1);
    expect(check.stdout).toBe('messy.yaml\n');
    expect(check.stderr).toContain('1 file is not formatted');
    expect(t.read('messy.yaml')).toBe(MESSY);
    expect((await runCli(['fmt', 'messy.yaml'], { cwd: t.dir })).code).toBe(0);
    expect(await runCli(['fmt', '--check', '.'], { cwd: t.dir })).toMatchObject({
      code: 0,
      stdout: '',
      stderr: '',
    });
  });

  it('--check --diff prints a unified diff', async () => {
    const t = tree({ 'messy.yaml': MESSY });
    const run = await runCli(['fmt', '--check', '--diff', 'messy.yaml'], { cwd: t.dir });
    expect(run.code).toBe(1);
    expect(run.stdout).toMatch(/^--- a\/messy\.yaml\n\+\+\+ b\/messy\.yaml\n@@ /);
    expect(run.stdout).toContain('\n+start: a\n');
    expect(run.stdout).toContain('\n-start: a\n');
    expect(t.read('messy.yaml')).toBe(MESSY);
  });

  it('reports a file that does not parse as validate does, leaves it untouched, and formats the rest', async () => {
    const t = tree({ 'broken.yaml': BROKEN, 'messy.yaml': MESSY });
    const run = await runCli(['fmt', '.'], { cwd: t.dir });
    expect(run.code).toBe(1);
    expect(run.stdout).toBe('messy.yaml\n');
    expect(run.stderr).toMatch(/broken\.yaml\n\s+\d+:\d+\s+error\s+.+yaml-syntax/);
    expect(run.stderr).not.toMatch(STACK_LINE);
    expect(t.read('broken.yaml')).toBe(BROKEN);
    expect(t.read('messy.yaml')).toBe(TIDY);
    const check = await runCli(['fmt', '--check', 'broken.yaml'], { cwd: t.dir });
    expect(check.code).toBe(1);
    expect(check.stderr).toContain('yaml-syntax');
  });

  it('says so when a path holds no scenario files', async () => {
    const t = tree({ 'readme.txt': 'hi' });
    const run = await runCli(['fmt', 'nowhere'], { cwd: t.dir });
    expect(run.code).toBe(1);
    expect(run.stderr).toContain('no-scenario-files');
  });

  it("uses the config's scenario when no path is given", async () => {
    const t = tree({ 'botform.config.yaml': 'scenario: bots\n', 'bots/bot.yaml': MESSY });
    const run = await runCli(['fmt', '--check'], { cwd: t.dir });
    expect(run).toMatchObject({ code: 1, stdout: 'bots/bot.yaml\n' });
  });

  it.each([
    [['fmt', '--diff', 'x.yaml'], '--diff goes with --check'],
    [['fmt', '--frobnicate'], 'frobnicate'],
    [['fmt'], 'no scenario given'],
  ])('exits 2 on misuse: %j', async (args, message) => {
    const t = tree({});
    const run = await runCli(args, { cwd: t.dir });
    expect(run.code).toBe(2);
    expect(run.stderr).toContain(message);
  });

  it('is listed in the help', async () => {
    expect((await runCli(['--help'])).stdout).toMatch(/^ {2}fmt {8}rewrite YAML scenario files/m);
    const help = await runCli(['fmt', '--help']);
    expect(help.code).toBe(0);
    expect(help.stdout).toContain('--check');
  });
});
