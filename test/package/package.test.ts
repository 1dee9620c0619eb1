// The installable package, and the project `botform init` makes with it, used the way a team
// uses them (issue 19): `npm pack`, installed into a new project from the tarball (install.ts),
// then every command through `npx botform` — init, validate, test, plan and apply against the
// embedded emulator, test --live, graph, the language server and serve — and yaml-language-server
// resolving every `$schema` modeline the scaffold wrote. One install, shared by every case.
// Done when: all of them report zero problems on the scaffold, and no output holds an absolute
// path of this machine.
import { spawn, spawnSync } from 'node:child_process';
import { readFileSync, realpathSync, rmSync, writeFileSync } from 'node:fs';
import { homedir } from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { REPO } from '../helpers/fixtures.js';
import { startServer } from '../lsp/client.js';
import { type Installed, npmEnv, packAndInstall } from './install.js';

let installed: Installed;
/** Every output of every command, checked for this machine's paths at the end. */
const outputs: { what: string; text: string }[] = [];

beforeAll(() => {
  installed = packAndInstall();
}, 240_000);
afterAll(() => {
  if (installed) rmSync(installed.root, { recursive: true, force: true });
});

function npx(args: string[], options: { stdin?: string } = {}) {
  const run = spawnSync('npx', ['botform', ...args], {
    cwd: installed.project,
    encoding: 'utf8',
    env: npmEnv(),
    input: options.stdin ?? '',
  });
  const text = `${run.stdout}${run.stderr}`;
  outputs.push({ what: `botform ${args.join(' ')}`, text });
  return { code: run.status, stdout: run.stdout, stderr: run.stderr, text };
}

const file = (name: string) => path.join(installed.project, name);
const uri = (name: string) => pathToFileURL(file(name)).href;
const SCAFFOLD_YAML = ['botform.config.yaml', 'scenarios/main.yaml', 'tests/main.test.yaml'];

describe('the package', () => {
  it('ships what runs (dist, bin, schemas, docs) and not the sources or the tests', () => {
    const list = spawnSync('tar', ['-tzf', installed.tarball], { encoding: 'utf8' }).stdout.split(
      '\n',
    );
    for (const needed of [
      'package/bin/botform.js',
      'package/dist/cli/main.js',
      'package/dist/dsl/index.d.ts',
      'package/schemas/scenario.schema.json',
      'package/docs/diagnostics.md',
      'package/README.md',
    ])
      expect(list, needed).toContain(needed);
    expect(
      list.filter((f) => /^package\/(src|test|tests|bench|scripts|scenarios)\//.test(f)),
    ).toEqual([]);
    expect(list.filter((f) => f.endsWith('.map'))).toEqual([]);
    const pkg = JSON.parse(readFileSync(file('node_modules/botform/package.json'), 'utf8'));
    expect(pkg.repository.url).toContain('github.com/botform/botform');
    expect(pkg.homepage).toMatch(/^https:\/\//);
    expect(pkg.bugs.url).toMatch(/^https:\/\//);
    expect(pkg.keywords.length).toBeGreaterThan(0);
    expect(pkg.engines.node).toBeTruthy();
    // Only runtime dependencies: nothing the CLI imports may be a devDependency here.
    expect(Object.keys(pkg.dependencies)).not.toContain('vitest');
  });

  it('npx botform --version and --help run from the install', () => {
    const version = npx(['--version']);
    expect(version.code).toBe(0);
    expect(version.stdout).toContain(
      JSON.parse(readFileSync(path.join(REPO, 'package.json'), 'utf8')).version,
    );
  });
});

describe('a project made by npx botform init, from the installed package', () => {
  beforeAll(() => {
    const init = npx(['init']);
    expect(init.code, init.text).toBe(0);
  });

  it('keeps the installed botform in package.json, and writes no placeholder', () => {
    const pkg = JSON.parse(readFileSync(file('package.json'), 'utf8'));
    expect(pkg.devDependencies.botform).toMatch(/^file:/);
    expect(readFileSync(file('.gitignore'), 'utf8')).toMatch(/^\.botform\/$/m);
    expect(readFileSync(file('.gitignore'), 'utf8')).toMatch(/^coverage\/$/m);
    // `${var.NAME}` is the scenario's own syntax; nothing else of the kind is left. (The
    // workflow is not checked this way: its `${{ }}` and its script's `${...}` are its own.)
    for (const name of [...SCAFFOLD_YAML, 'README.md']) {
      const text = readFileSync(file(name), 'utf8');
      expect(text.match(/\$\{(?!var\.[A-Z_]+\})[^}]*\}?/g), name).toBeNull();
    }
  });

  it('validate, test, plan --all-envs and graph report zero problems', () => {
    const validate = npx(['validate', '--format', 'json']);
    expect(validate.code, validate.text).toBe(0);
    expect(JSON.parse(validate.stdout).diagnostics ?? []).toEqual([]);
    const test = npx(['test']);
    expect(test.code, test.text).toBe(0);
    expect(test.stdout).toMatch(/Tests: 1 passed, 0 failed/);
    const plan = npx(['plan', '--all-envs', '--detailed-exitcode']);
    expect(plan.code, plan.text).toBe(2); // changes: nothing is deployed yet
    expect(plan.text).not.toMatch(/error|warning/i);
    const graph = npx(['graph', '--format', 'mermaid']);
    expect(graph.code, graph.text).toBe(0);
    expect(graph.stdout).toContain('flowchart');
    expect(graph.text).not.toMatch(/\d+ (error|warning)/);
  });

  it('what the scaffold README says runs: apply, test --live, env show, on the embedded emulator', () => {
    const readme = readFileSync(file('README.md'), 'utf8');
    const commands = [...readme.matchAll(/^npx botform (.+?)\s*(?:#.*)?$/gm)].map((m) =>
      (m[1] as string).split(/\s+/),
    );
    expect(commands.length).toBeGreaterThanOrEqual(6);
    for (const args of commands) {
      const run = npx(args);
      // plan exits 0 (no changes) or 2 (changes, with --detailed-exitcode); the rest 0.
      expect(run.code, `botform ${args.join(' ')}\n${run.text}`).toBe(0);
    }
    const again = npx(['plan', '--all-envs', '--detailed-exitcode']);
    expect(again.code, again.text).toBe(0);
  });

  it('graph writes a picture whose links are relative to it', () => {
    const run = npx(['graph', '--format', 'html', '--out', 'out/graph.html']);
    expect(run.code, run.text).toBe(0);
    const html = readFileSync(file('out/graph.html'), 'utf8');
    expect(html).toContain('../scenarios/main.yaml');
    outputs.push({ what: 'graph.html', text: html });
  });

  it('the language server (npx botform lsp) reports zero problems on the scaffold`s scenario', async () => {
    const client = startServer(installed.project, ['npx', 'botform', 'lsp', '--stdio']);
    try {
      const init = await client.connection.sendRequest<{ capabilities: Record<string, unknown> }>(
        'initialize',
        {
          processId: process.pid,
          rootUri: pathToFileURL(installed.project).href,
          capabilities: {},
        },
      );
      expect(init.capabilities.renameProvider).toBeTruthy();
      await client.connection.sendNotification('initialized', {});
      const name = 'scenarios/main.yaml';
      const published = client.diagnostics(uri(name));
      await client.open(uri(name), readFileSync(file(name), 'utf8'));
      expect(await published).toEqual([]);
      // A typo in the same file is reported: the server does check what it says is clean.
      const broken = client.diagnostics(uri(name), (list) => list.length > 0);
      await client.connection.sendNotification('textDocument/didChange', {
        textDocument: { uri: uri(name), version: 2 },
        contentChanges: [
          { text: readFileSync(file(name), 'utf8').replace('goto: hours', 'goto: hour') },
        ],
      });
      expect((await broken).map((d) => d.code)).toContain('dangling-transition');
      await client.connection.sendRequest('shutdown');
      await client.connection.sendNotification('exit');
      expect(await client.exited).toBe(0);
      outputs.push({ what: 'lsp stderr', text: client.stderr() });
    } finally {
      client.connection.dispose();
      client.child.kill();
    }
  });

  it('yaml-language-server resolves every $schema modeline of the scaffold: no problems', async () => {
    const server = path.join(
      REPO,
      'node_modules',
      'yaml-language-server',
      'bin',
      'yaml-language-server',
    );
    const client = startServer(installed.project, [process.execPath, server, '--stdio']);
    client.connection.onRequest('workspace/configuration', (params: { items: unknown[] }) =>
      params.items.map(() => ({})),
    );
    try {
      await client.connection.sendRequest('initialize', {
        processId: process.pid,
        rootUri: pathToFileURL(installed.project).href,
        capabilities: {},
      });
      await client.connection.sendNotification('initialized', {});
      await client.connection.sendNotification('workspace/didChangeConfiguration', {
        settings: { yaml: { validate: true, schemaStore: { enable: false } } },
      });
      // A copy of the example with a misspelt field, next to it: its problem proves the
      // relative modeline was resolved from that folder (an unresolved one gives another message).
      const typo = 'scenarios/typo.yaml';
      writeFileSync(
        file(typo),
        readFileSync(file('scenarios/main.yaml'), 'utf8').replace('text: We', 'txt: We'),
      );
      for (const name of [...SCAFFOLD_YAML, typo]) {
        const published = client.diagnostics(uri(name));
        await client.open(uri(name), readFileSync(file(name), 'utf8'));
        const list = await published;
        if (name === typo) {
          expect(list.map((d) => d.message).join('\n')).toMatch(/txt/);
          expect(list.map((d) => d.message).join('\n')).not.toMatch(/unable to load|resolve/i);
        } else expect(list, name).toEqual([]);
      }
      rmSync(file(typo));
    } finally {
      client.connection.dispose();
      client.child.kill();
    }
  }, 60_000);

  it('serve starts, answers a request, and stops on SIGTERM', async () => {
    // The installed command itself, as npx runs it (npx would stand between the signal and it).
    const child = spawn(
      file('node_modules/.bin/botform'),
      ['serve', '--port', '0', '--db', ':memory:'],
      { cwd: installed.project, env: npmEnv(), stdio: ['ignore', 'pipe', 'pipe'] },
    );
    let out = '';
    child.stderr.on('data', (c: Buffer) => (out += c.toString()));
    const exited = new Promise<number | null>((resolve) =>
      child.on('close', (code) => resolve(code)),
    );
    const url = await new Promise<string>((resolve, reject) => {
      child.stdout.on('data', (c: Buffer) => {
        out += c.toString();
        const m = /on (http:\/\/127\.0\.0\.1:\d+)/.exec(out);
        if (m) resolve(m[1] as string);
      });
      child.on('close', () => reject(new Error(`serve exited: ${out}`)));
    });
    try {
      const login = await fetch(`${url}/api/auth/login/`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json' },
        body: JSON.stringify({ username: 'demo', password: 'demo' }),
      });
      expect(login.status).toBe(200);
    } finally {
      child.kill('SIGTERM');
    }
    expect(await exited).toBe(0);
    expect(out).toContain('SIGTERM, stopping');
    outputs.push({ what: 'serve', text: out });
  });

  it('init run again keeps every file and changes nothing', () => {
    const before = readFileSync(file('package.json'), 'utf8');
    const again = npx(['init']);
    expect(again.code).toBe(0);
    expect(again.stdout).toContain('kept     scenarios/main.yaml');
    expect(again.stdout).not.toMatch(/created|updated/);
    expect(readFileSync(file('package.json'), 'utf8')).toBe(before);
  });

  it('no output holds an absolute path of this machine', () => {
    const machine = [
      installed.root,
      realpathSync(installed.root),
      REPO.replace(/\/$/, ''),
      homedir(),
    ];
    expect(outputs.length).toBeGreaterThan(10);
    for (const { what, text } of outputs)
      for (const p of machine) expect(text.includes(p), `${what} holds ${p}:\n${text}`).toBe(false);
  });
});
