// `botform init`: scaffolds a repository whose commands work on both environments of the
// embedded emulator, and never overwrites a file that exists; package.json and .gitignore are
// merged into; bad input (a folder in the way, a broken package.json, a read-only folder) writes
// nothing. The installed package's own run of it: test/package/.
import {
  chmodSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { schemaValidator } from '../../src/validate/schemas.js';
import { parse } from 'yaml';
import { runCli, STACK_LINE, tempTree } from '../helpers/cli.js';
import { REPO } from '../helpers/fixtures.js';

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
    // Each modeline goes through the installed package, relative to its file, so it resolves
    // in any clone once `npm install` ran (here: node_modules/botform is this repository).
    mkdirSync(path.join(t.dir, 'node_modules'));
    symlinkSync(REPO, path.join(t.dir, 'node_modules', 'botform'));
    for (const [name, schema] of [
      ['botform.config.yaml', 'node_modules/botform/schemas/config.schema.json'],
      ['scenarios/main.yaml', '../node_modules/botform/schemas/scenario.schema.json'],
      ['tests/main.test.yaml', '../node_modules/botform/schemas/test.schema.json'],
    ] as const) {
      const text = readFileSync(path.join(t.dir, name), 'utf8');
      const modeline = /^# yaml-language-server: \$schema=(\S+)$/m.exec(text)?.[1];
      expect(modeline, name).toBe(schema);
      expect(
        readFileSync(path.resolve(t.dir, path.dirname(name), modeline as string), 'utf8'),
      ).toContain('"$schema"');
    }
    // The example is valid under the published schema as written, ${var.SUPPORT_URL} included.
    const scenario = parse(readFileSync(path.join(t.dir, 'scenarios/main.yaml'), 'utf8'));
    expect(JSON.stringify(scenario)).toContain('${var.SUPPORT_URL}');
    expect(schemaValidator('scenario.schema.json')(scenario)).toBe(true);
    const pkg = JSON.parse(readFileSync(path.join(t.dir, 'package.json'), 'utf8'));
    expect(pkg.devDependencies.botform).toMatch(/^\^\d+\.\d+\.\d+/);
    expect(readFileSync(path.join(t.dir, '.gitignore'), 'utf8')).toContain('coverage/');

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
    expect(run.stdout).toContain('kept     README.md (exists; --force overwrites it)');
    expect(readFileSync(path.join(t.dir, 'README.md'), 'utf8')).toBe('my own readme\n');
    expect(readFileSync(path.join(t.dir, 'botform.config.yaml'), 'utf8')).toBe('scenario: mine\n');
    expect(readFileSync(path.join(t.dir, 'scenarios/main.yaml'), 'utf8')).toContain(
      '${var.GREETING}',
    );
    writeFileSync(path.join(t.dir, 'scenarios/main.yaml'), 'edited\n');
    await runCli(['init'], { cwd: t.dir });
    expect(readFileSync(path.join(t.dir, 'scenarios/main.yaml'), 'utf8')).toBe('edited\n');
  });

  it('adds botform to an existing package.json, touching nothing else', async () => {
    const mine =
      '{\n    "name": "shop",\n    "version": "2.0.0",\n    "scripts": {"lint": "eslint ."},\n    "devDependencies": {\n        "eslint": "^9.0.0",\n        "typescript": "^5.0.0"\n    }\n}\n';
    const t = tempTree({ 'package.json': mine, '.gitignore': 'dist\n.botform\n' });
    cleanups.push(t.cleanup);
    const run = await runCli(['init'], { cwd: t.dir });
    expect(run.code).toBe(0);
    expect(run.stdout).toContain('updated  package.json');
    const text = readFileSync(path.join(t.dir, 'package.json'), 'utf8');
    const pkg = JSON.parse(text);
    expect(Object.keys(pkg)).toEqual(['name', 'version', 'scripts', 'devDependencies']);
    expect(pkg.scripts).toEqual({ lint: 'eslint .' });
    expect(Object.keys(pkg.devDependencies)).toEqual(['botform', 'eslint', 'typescript']);
    expect(text).toContain('\n    "name": "shop"'); // its indentation kept
    // The .gitignore keeps its lines and gets only the missing ones (.botform was there).
    expect(readFileSync(path.join(t.dir, '.gitignore'), 'utf8')).toBe(
      'dist\n.botform\n# botform\ncoverage/\nnode_modules/\n',
    );
    // botform already a dependency (here a plain one): package.json is left byte for byte.
    const dep = tempTree({ 'package.json': '{"dependencies":{"botform":"1.2.3"}}' });
    cleanups.push(dep.cleanup);
    expect((await runCli(['init'], { cwd: dep.dir })).stdout).toContain(
      'kept     package.json (botform is already a dependency)',
    );
    expect(readFileSync(path.join(dep.dir, 'package.json'), 'utf8')).toBe(
      '{"dependencies":{"botform":"1.2.3"}}',
    );
  });

  it('run twice: the second run keeps everything; --force rewrites the whole files only', async () => {
    const t = tempTree({});
    cleanups.push(t.cleanup);
    await runCli(['init'], { cwd: t.dir });
    writeFileSync(path.join(t.dir, 'README.md'), 'mine\n');
    const pkg = readFileSync(path.join(t.dir, 'package.json'), 'utf8');
    const again = await runCli(['init'], { cwd: t.dir });
    expect(again.code).toBe(0);
    expect(again.stdout).not.toMatch(/created|updated/);
    expect(again.stdout).toContain('5 existing files were kept');
    expect(readFileSync(path.join(t.dir, 'README.md'), 'utf8')).toBe('mine\n');
    const forced = await runCli(['init', '--force'], { cwd: t.dir });
    expect(forced.code).toBe(0);
    expect(forced.stdout).toContain('updated  README.md');
    expect(forced.stdout).toContain('kept     scenarios/main.yaml (unchanged)');
    expect(readFileSync(path.join(t.dir, 'README.md'), 'utf8')).toContain('npx botform validate');
    expect(readFileSync(path.join(t.dir, 'package.json'), 'utf8')).toBe(pkg);
  });

  it('bad input writes nothing: a file where a folder goes, a broken package.json', async () => {
    for (const files of <Record<string, string>[]>[
      { scenarios: 'a file, not a folder\n' },
      { 'package.json': '{"name": "shop",,}' },
      { 'package.json': '["not an object"]' },
      { '.github/workflows/botform.yml/x': 'a folder in the way\n' },
    ]) {
      const t = tempTree(files);
      cleanups.push(t.cleanup);
      const before = readdirSync(t.dir, { recursive: true }).sort();
      const run = await runCli(['init'], { cwd: t.dir });
      expect(run.code, JSON.stringify(files)).toBe(2);
      expect(run.stderr).toMatch(/^botform init: cannot .+ Nothing was written/);
      expect(run.stderr).not.toMatch(STACK_LINE);
      expect(run.stderr).not.toContain(t.dir);
      expect(readdirSync(t.dir, { recursive: true }).sort()).toEqual(before);
    }
    const t = tempTree({ 'not-a-folder': 'x' });
    cleanups.push(t.cleanup);
    const run = await runCli(['init', 'not-a-folder'], { cwd: t.dir });
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('cannot scaffold into not-a-folder: it is not a folder');
  });

  // As root (this machine's CI) a read-only folder is writable, so this runs for other users.
  it.skipIf(process.getuid?.() === 0)(
    'a read-only folder: a clear message, and nothing half-written',
    async () => {
      const t = tempTree({ 'tests/keep.txt': 'x' });
      cleanups.push(() => chmodSync(path.join(t.dir, 'tests'), 0o755));
      cleanups.push(t.cleanup);
      // The config and the scenario can be written, tests/ cannot: what was written goes again.
      chmodSync(path.join(t.dir, 'tests'), 0o555);
      const run = await runCli(['init'], { cwd: t.dir });
      expect(run.code).toBe(2);
      expect(run.stderr).toContain(
        'cannot write tests/main.test.yaml: permission denied. Nothing was written',
      );
      expect(readdirSync(t.dir).sort()).toEqual(['tests']);
    },
  );
});
