// The language server driven as an editor drives it, over real stdio: initialize, didOpen,
// didChange, diagnostics, completion, definition, references, hover, code actions, rename,
// shutdown — and bad input (a file that does not parse, a rename onto an existing key, a huge
// file) that must never stop it.
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli, tempTree } from '../helpers/cli.js';
import { startServer, type LspClient } from './client.js';

const MAIN = `start: welcome
entries:
  - promo
steps:
  welcome:
    type: message
    text: Hi!
    menu:
      - text: Menu
        goto: main_menu
  promo:
    type: message
    text: Promo
    next: main_menu
`;
const MENU = `steps:
  main_menu:
    type: message
    text: Pick one
    menu:
      - text: Again
        goto: welcome
      - text: Bye
        goto: goodbye
  goodbye:
    type: message
    text: Bye
    end: true
`;

const TESTS = `tests:
  - name: to the menu
    turns:
      - user: {press: Menu}
      - bot: {step: main_menu, buttons: [Again, Bye]}
`;

interface Edit {
  range: { start: { line: number; character: number }; end: { line: number; character: number } };
  newText: string;
}

/** Applies LSP text edits to a text, last first so that earlier positions stay valid. */
function applyEdits(text: string, edits: Edit[]): string {
  const lines = text.split('\n');
  const offset = (p: { line: number; character: number }) =>
    lines.slice(0, p.line).reduce((n, l) => n + l.length + 1, 0) + p.character;
  let out = text;
  for (const e of [...edits].sort((a, b) => offset(b.range.start) - offset(a.range.start)))
    out = out.slice(0, offset(e.range.start)) + e.newText + out.slice(offset(e.range.end));
  return out;
}

describe('botform lsp over stdio', () => {
  let tree: { dir: string; cleanup: () => void };
  let client: LspClient;
  let mainUri: string;
  let menuUri: string;
  let testsUri: string;
  let version = 1;
  const change = (uri: string, text: string) =>
    client.connection.sendNotification('textDocument/didChange', {
      textDocument: { uri, version: ++version },
      contentChanges: [{ text }],
    });

  beforeAll(async () => {
    tree = tempTree({
      'botform.config.yaml': 'scenario: scenario\n',
      'scenario/main.yaml': MAIN,
      'scenario/menu.yaml': MENU,
      'tests/main.test.yaml': TESTS,
    });
    mainUri = pathToFileURL(path.join(tree.dir, 'scenario/main.yaml')).href;
    menuUri = pathToFileURL(path.join(tree.dir, 'scenario/menu.yaml')).href;
    testsUri = pathToFileURL(path.join(tree.dir, 'tests/main.test.yaml')).href;
    client = startServer(tree.dir);
    const init = await client.connection.sendRequest<{ capabilities: Record<string, unknown> }>(
      'initialize',
      {
        processId: null,
        rootUri: pathToFileURL(tree.dir).href,
        capabilities: {},
        workspaceFolders: null,
      },
    );
    expect(init.capabilities).toMatchObject({
      definitionProvider: true,
      referencesProvider: true,
      renameProvider: { prepareProvider: true },
    });
    const first = client.diagnostics(mainUri);
    await client.connection.sendNotification('initialized', {});
    await client.open(mainUri, MAIN, version);
    expect(await first).toEqual([]);
  });

  afterAll(() => {
    client.child.kill();
    tree.cleanup();
  });

  it('publishes the diagnostics validate reports for unsaved text, with the same code, message and range', async () => {
    const edited = MAIN.replace('        goto: main_menu', '        goto: main_men');
    const published = client.diagnostics(mainUri, (list) => list.length > 0);
    await change(mainUri, edited);
    const diagnostics = await published;
    expect(diagnostics).toHaveLength(1);
    expect(diagnostics[0]).toMatchObject({
      code: 'dangling-transition',
      source: 'botform',
      severity: 1,
      range: { start: { line: 9, character: 14 }, end: { line: 9, character: 22 } },
    });

    // The same text on disk, through the CLI.
    const copy = tempTree({ 'main.yaml': edited, 'menu.yaml': MENU });
    try {
      const run = await runCli(['validate', '.', '--format', 'json'], { cwd: copy.dir });
      const cli = (
        JSON.parse(run.stdout) as {
          diagnostics: {
            code: string;
            message: string;
            line: number;
            column: number;
            endLine: number;
            endColumn: number;
          }[];
        }
      ).diagnostics;
      expect(
        cli.map((d) => [
          d.code,
          d.message,
          d.line - 1,
          d.column - 1,
          d.endLine - 1,
          d.endColumn - 1,
        ]),
      ).toEqual(
        diagnostics.map((d) => [
          d.code,
          d.message,
          d.range.start.line,
          d.range.start.character,
          d.range.end.line,
          d.range.end.character,
        ]),
      );
    } finally {
      copy.cleanup();
    }

    const actions = await client.connection.sendRequest<
      { title: string; edit: { changes: Record<string, Edit[]> } }[]
    >('textDocument/codeAction', {
      textDocument: { uri: mainUri },
      range: diagnostics[0]?.range,
      context: { diagnostics },
    });
    expect(actions.map((a) => a.title)).toEqual(['Change to "main_menu"']);
    expect(applyEdits(edited, actions[0]?.edit.changes[mainUri] ?? [])).toBe(MAIN);

    const clean = client.diagnostics(mainUri, (list) => list.length === 0);
    await change(mainUri, MAIN);
    await clean;
  });

  it('completes step keys where a step is named, step types and fields', async () => {
    const typing = MAIN.replace('    next: main_menu', '    next: ma');
    await change(mainUri, typing);
    const keys = await client.connection.sendRequest<{
      items: { label: string; textEdit: Edit }[];
    }>('textDocument/completion', {
      textDocument: { uri: mainUri },
      position: { line: 13, character: 12 },
    });
    expect(keys.items.map((i) => i.label)).toEqual(['main_menu']);
    expect(keys.items[0]?.textEdit.range).toEqual({
      start: { line: 13, character: 10 },
      end: { line: 13, character: 12 },
    });

    const all = await client.connection.sendRequest<{ items: { label: string }[] }>(
      'textDocument/completion',
      { textDocument: { uri: mainUri }, position: { line: 2, character: 4 } },
    );
    expect(all.items.map((i) => i.label).sort()).toEqual([
      'goodbye',
      'main_menu',
      'promo',
      'welcome',
    ]);

    await change(
      mainUri,
      MAIN.replace('    type: message\n    text: Promo', '    type: \n    text: Promo'),
    );
    const types = await client.connection.sendRequest<{ items: { label: string }[] }>(
      'textDocument/completion',
      { textDocument: { uri: mainUri }, position: { line: 11, character: 10 } },
    );
    expect(types.items.map((i) => i.label)).toContain('question');

    await change(mainUri, MAIN.replace('    next: main_menu', '    next: main_menu\n    '));
    const fields = await client.connection.sendRequest<{ items: { label: string }[] }>(
      'textDocument/completion',
      { textDocument: { uri: mainUri }, position: { line: 14, character: 4 } },
    );
    const labels = fields.items.map((i) => i.label);
    expect(labels).toContain('menu');
    expect(labels).toContain('renamed_from');
    expect(labels).not.toContain('text');
    await change(mainUri, MAIN);
  });

  it('goes to the definition in another file, finds references across files, and hovers', async () => {
    const definition = await client.connection.sendRequest<{ uri: string; range: Edit['range'] }>(
      'textDocument/definition',
      { textDocument: { uri: mainUri }, position: { line: 9, character: 16 } },
    );
    expect(definition).toEqual({
      uri: menuUri,
      range: { start: { line: 1, character: 2 }, end: { line: 1, character: 11 } },
    });

    const references = await client.connection.sendRequest<{ uri: string; range: Edit['range'] }[]>(
      'textDocument/references',
      {
        textDocument: { uri: mainUri },
        position: { line: 13, character: 12 },
        context: { includeDeclaration: true },
      },
    );
    expect(
      references
        .map((r) => [
          r.uri === mainUri ? 'main' : 'menu',
          r.range.start.line,
          r.range.start.character,
        ])
        .sort(),
    ).toEqual([
      ['main', 13, 10],
      ['main', 9, 14],
      ['menu', 1, 2],
    ]);

    const hover = await client.connection.sendRequest<{ contents: { value: string } }>(
      'textDocument/hover',
      { textDocument: { uri: mainUri }, position: { line: 9, character: 16 } },
    );
    expect(hover.contents.value).toContain('**main\\_menu** · message step');
    expect(hover.contents.value).toContain('→ **welcome** (button: Again)');
  });

  it('renames a step in every file, adds renamed_from, and refuses an existing key', async () => {
    const prepared = await client.connection.sendRequest<{ placeholder: string }>(
      'textDocument/prepareRename',
      { textDocument: { uri: mainUri }, position: { line: 9, character: 16 } },
    );
    expect(prepared.placeholder).toBe('main_menu');
    const edit = await client.connection.sendRequest<{ changes: Record<string, Edit[]> }>(
      'textDocument/rename',
      { textDocument: { uri: mainUri }, position: { line: 9, character: 16 }, newName: 'home' },
    );
    expect(Object.keys(edit.changes).sort()).toEqual([mainUri, menuUri, testsUri].sort());
    expect(applyEdits(TESTS, edit.changes[testsUri] ?? [])).toBe(
      TESTS.replace('step: main_menu', 'step: home'),
    );
    const main = applyEdits(MAIN, edit.changes[mainUri] ?? []);
    const menu = applyEdits(MENU, edit.changes[menuUri] ?? []);
    expect(main).toBe(MAIN.replaceAll('main_menu', 'home'));
    expect(menu).toBe(
      MENU.replace('  main_menu:', '  home:').replace(
        '        goto: goodbye\n',
        '        goto: goodbye\n    renamed_from: [main_menu]\n',
      ),
    );
    // The result is a valid scenario and canonical for fmt.
    const renamed = tempTree({ 'main.yaml': main, 'menu.yaml': menu });
    try {
      expect((await runCli(['validate', '.'], { cwd: renamed.dir })).code).toBe(0);
      expect((await runCli(['fmt', '--check', '.'], { cwd: renamed.dir })).code).toBe(0);
    } finally {
      renamed.cleanup();
    }

    await expect(
      client.connection.sendRequest('textDocument/rename', {
        textDocument: { uri: mainUri },
        position: { line: 9, character: 16 },
        newName: 'goodbye',
      }),
    ).rejects.toThrow('A step "goodbye" already exists');
  });

  it('survives a file that does not parse while typing, and still completes keys', async () => {
    const broken = `${MAIN}  oops: [unclosed\n    goto: `;
    const published = client.diagnostics(mainUri, (list) =>
      list.some((d) => d.code === 'yaml-syntax'),
    );
    await change(mainUri, broken);
    await published;
    const keys = await client.connection.sendRequest<{ items: { label: string }[] }>(
      'textDocument/completion',
      { textDocument: { uri: mainUri }, position: { line: 15, character: 10 } },
    );
    expect(keys.items.map((i) => i.label)).toEqual(
      expect.arrayContaining(['welcome', 'promo', 'main_menu']),
    );
    const clean = client.diagnostics(mainUri, (list) => list.length === 0);
    await change(mainUri, MAIN);
    await clean;
  });

  it('survives a huge file and keeps answering', async () => {
    const huge = `${MAIN}# ${'x'.repeat(9 * 1024 * 1024)}\n`;
    const published = client.diagnostics(mainUri, (list) =>
      list.some((d) => d.code === 'file-too-large'),
    );
    await change(mainUri, huge);
    await published;
    const clean = client.diagnostics(mainUri, (list) => list.length === 0);
    await change(mainUri, MAIN);
    await clean;
    const definition = await client.connection.sendRequest<{ uri: string } | null>(
      'textDocument/definition',
      { textDocument: { uri: mainUri }, position: { line: 9, character: 16 } },
    );
    expect(definition?.uri).toBe(menuUri);
  });

  it('reads files it has not opened from disk, and exits cleanly on shutdown + exit', async () => {
    // The menu file was never opened: its diagnostics come from disk.
    writeFileSync(
      path.join(tree.dir, 'scenario/menu.yaml'),
      MENU.replace('goto: goodbye', 'goto: goodby'),
    );
    const published = client.diagnostics(menuUri, (list) =>
      list.some((d) => d.code === 'dangling-transition'),
    );
    await client.connection.sendNotification('workspace/didChangeWatchedFiles', {
      changes: [{ uri: menuUri, type: 2 }],
    });
    await published;
    expect(readFileSync(path.join(tree.dir, 'scenario/main.yaml'), 'utf8')).toBe(MAIN);

    await client.connection.sendRequest('shutdown');
    await client.connection.sendNotification('exit');
    expect(await client.exited).toBe(0);
    expect(client.stderr()).toBe('');
  });
});
