// The schemas in schemas/ are plain JSON Schema (draft-07) that any validator loads: every one
// has an `$id` (its file name, so relative references resolve on disk and in a validator alike),
// a default `new Ajv()` compiles them all without a warning, ajv-cli and @hyperjump/json-schema
// validate the example with them, and yaml-language-server completes a step's fields from them.
// A step's type picks its schema by `if`/`then` (no `discriminator`, which plain validators refuse).
import { spawn, spawnSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { Ajv } from 'ajv';
import { afterEach, describe, expect, it, vi } from 'vitest';
import {
  createMessageConnection,
  StreamMessageReader,
  StreamMessageWriter,
} from 'vscode-jsonrpc/node';
import { parse } from 'yaml';
import { tempTree } from '../helpers/cli.js';
import { REPO } from '../helpers/fixtures.js';

const SCHEMAS = path.join(REPO, 'schemas');
const NAMES = readdirSync(SCHEMAS).filter((n) => n.endsWith('.schema.json'));
const EXAMPLE = path.join(REPO, 'scenarios', 'pizza-shop');
const EXAMPLE_FILES = readdirSync(EXAMPLE).filter((f) => f.endsWith('.yaml'));
const schema = (name: string) =>
  JSON.parse(readFileSync(path.join(SCHEMAS, name), 'utf8')) as Record<string, unknown>;

const cleanups: (() => void)[] = [];
afterEach(() => {
  for (const c of cleanups.splice(0)) c();
});

describe('schemas any validator loads', () => {
  it('every schema has its file name as $id, and no discriminator', () => {
    for (const name of NAMES) {
      expect(schema(name).$id, name).toBe(name);
      expect(readFileSync(path.join(SCHEMAS, name), 'utf8'), name).not.toContain('discriminator');
    }
  });

  it('a default new Ajv() compiles every schema, silently, and the example is valid', () => {
    const warn = vi.spyOn(console, 'warn');
    const log = vi.spyOn(console, 'log');
    try {
      const ajv = new Ajv();
      for (const name of NAMES) ajv.addSchema(schema(name));
      for (const name of NAMES) expect(ajv.getSchema(name), name).toBeTypeOf('function');
      const scenario = ajv.getSchema('scenario.schema.json');
      for (const file of EXAMPLE_FILES) {
        const doc = parse(readFileSync(path.join(EXAMPLE, file), 'utf8')) as unknown;
        expect(scenario?.(doc), `${file}: ${JSON.stringify(scenario?.errors)}`).toBe(true);
      }
      expect(scenario?.({ steps: { a: { type: 'message', bogus: 1, text: 'x' } } })).toBe(false);
      expect(scenario?.({ steps: { a: { type: 'bogus', text: 'x' } } })).toBe(false);
      expect(scenario?.({ steps: { a: { type: 'delay', seconds: 1, next: 'a' } } })).toBe(true);
      expect(scenario?.({ steps: { a: { type: 'delay', seconds: 1, next: 'a', menu: [] } } })).toBe(
        false,
      );
      expect(warn).not.toHaveBeenCalled();
      expect(log).not.toHaveBeenCalled();
    } finally {
      warn.mockRestore();
      log.mockRestore();
    }
  });

  it('ajv-cli loads them together and validates the example', () => {
    const refs = [
      '-r',
      'schemas/step*.schema.json',
      '-r',
      'schemas/common.schema.json',
      '-r',
      'schemas/external-api.schema.json',
    ];
    const cli = path.join(REPO, 'node_modules', 'ajv-cli', 'dist', 'index.js');
    const ok = spawnSync(
      process.execPath,
      [
        cli,
        'validate',
        '-s',
        'schemas/scenario.schema.json',
        ...refs,
        '-d',
        'scenarios/pizza-shop/*.yaml',
      ],
      { cwd: REPO, encoding: 'utf8' },
    );
    expect(ok.status, ok.stderr).toBe(0);
    expect(ok.stdout.match(/ valid$/gm)).toHaveLength(EXAMPLE_FILES.length);
    const t = tempTree({ 'bad.yaml': 'steps:\n  a:\n    type: message\n    txt: typo\n' });
    cleanups.push(t.cleanup);
    const bad = spawnSync(
      process.execPath,
      [
        cli,
        'validate',
        '-s',
        'schemas/scenario.schema.json',
        ...refs,
        '-d',
        path.join(t.dir, 'bad.yaml'),
      ],
      { cwd: REPO, encoding: 'utf8' },
    );
    expect(bad.status).not.toBe(0);
    for (const name of ['plan', 'config', 'test']) {
      const compiled = spawnSync(
        process.execPath,
        [cli, 'compile', '-s', `schemas/${name}.schema.json`],
        { cwd: REPO, encoding: 'utf8' },
      );
      expect(compiled.status, compiled.stderr).toBe(0);
    }
  });

  it('@hyperjump/json-schema resolves the references from disk and validates', async () => {
    const { validate } = await import('@hyperjump/json-schema/draft-07');
    const uri = pathToFileURL(path.join(SCHEMAS, 'scenario.schema.json')).href;
    for (const file of EXAMPLE_FILES) {
      const doc = parse(readFileSync(path.join(EXAMPLE, file), 'utf8'));
      expect((await validate(uri, doc)).valid, file).toBe(true);
    }
    expect((await validate(uri, { steps: { a: { type: 'message', bogus: 1 } } })).valid).toBe(
      false,
    );
  });
});

describe('yaml-language-server', () => {
  it('completes the fields of a step of the type it is, from the $schema modeline', async () => {
    const t = tempTree({
      'bot.yaml': `# yaml-language-server: $schema=${pathToFileURL(path.join(SCHEMAS, 'scenario.schema.json')).href}\nsteps:\n  a:\n    type: delay\n    \n`,
    });
    cleanups.push(t.cleanup);
    const server = path.join(
      REPO,
      'node_modules',
      'yaml-language-server',
      'bin',
      'yaml-language-server',
    );
    const child = spawn(process.execPath, [server, '--stdio'], { stdio: ['pipe', 'pipe', 'pipe'] });
    const connection = createMessageConnection(
      new StreamMessageReader(child.stdout),
      new StreamMessageWriter(child.stdin),
    );
    connection.onRequest('workspace/configuration', (params: { items: unknown[] }) =>
      params.items.map(() => ({})),
    );
    connection.listen();
    try {
      const uri = pathToFileURL(path.join(t.dir, 'bot.yaml')).href;
      await connection.sendRequest('initialize', {
        processId: process.pid,
        rootUri: pathToFileURL(t.dir).href,
        capabilities: {
          textDocument: { completion: { completionItem: { snippetSupport: false } } },
        },
      });
      await connection.sendNotification('initialized', {});
      await connection.sendNotification('workspace/didChangeConfiguration', {
        settings: { yaml: { validate: true, completion: true, schemaStore: { enable: false } } },
      });
      await connection.sendNotification('textDocument/didOpen', {
        textDocument: {
          uri,
          languageId: 'yaml',
          version: 1,
          text: readFileSync(path.join(t.dir, 'bot.yaml'), 'utf8'),
        },
      });
      const result = (await connection.sendRequest('textDocument/completion', {
        textDocument: { uri },
        position: { line: 4, character: 4 },
      })) as { items: { label: string }[] } | { label: string }[];
      const labels = (Array.isArray(result) ? result : result.items).map((i) => i.label);
      // A delay step's own field, and the common ones — and not a field of another type.
      expect(labels).toContain('seconds');
      expect(labels).toContain('next');
      expect(labels).not.toContain('menu');
      expect(labels).not.toContain('branches');
    } finally {
      connection.dispose();
      child.kill();
    }
  }, 30_000);
});
