// The editor in conversation test files: botform lsp over real stdio checks a *.test.yaml as it
// is typed, completes the button labels offered at that point of the conversation, step keys,
// operation keys and declared statuses, and goes from a test's `step:` to the scenario. The
// completion contexts are also checked on their own, on text that does not parse.
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { completeInTest } from '../../src/lsp/test-files.js';
import { compileFiles } from '../helpers/compile.js';
import { defaultConfig } from '../../src/config/load-config.js';
import { tempTree } from '../helpers/cli.js';
import { startServer, type LspClient } from './client.js';

const SCENARIO = `start: welcome
steps:
  welcome:
    type: message
    text: Hi!
    menu:
      - text: Status
        goto: lookup
      - text: Talk to us
        goto: menu
  menu:
    type: message
    text: Pick one
    menu:
      - text: Again
        goto: welcome
      - text: Bye
        goto: bye
  lookup:
    type: operation
    api:
      method: GET
      url: https://api.example.com/status
      response:
        required: {state: string}
        example: {state: fine}
      errors:
        - status: 404
          message: Not found
    next: bye
    on_error: bye
  bye:
    type: message
    text: Bye
    end: true
`;

const TESTS = `tests:
  - name: to the menu
    turns:
      - bot: {step: welcome}
      - user: {press: Talk to us}
      - bot: {step: menu}
      - user: {press: Again}
`;

describe('completion in test files', () => {
  let scenario: Awaited<ReturnType<typeof compileFiles>>['scenario'];
  beforeAll(async () => {
    const t = tempTree({ 'bot.yaml': SCENARIO });
    try {
      scenario = (await compileFiles(['bot.yaml'], { cwd: t.dir, config: defaultConfig(t.dir) }))
        .scenario;
    } finally {
      t.cleanup();
    }
  });
  const labels = (text: string) => {
    const offset = text.indexOf('|');
    const clean = text.replace('|', '');
    const before = clean.slice(0, offset).split('\n');
    const position = { line: before.length - 1, character: (before.at(-1) ?? '').length };
    return completeInTest(clean, position, scenario).items.map((i) => i.label);
  };

  it('offers the labels of the step the conversation is at, block and flow', () => {
    const head = 'tests:\n  - name: t\n    turns:\n';
    expect(labels(`${head}      - user: {press: |`)).toEqual(['Status', 'Talk to us']);
    expect(labels(`${head}      - bot: {step: menu}\n      - user: {press: B|`)).toEqual(['Bye']);
    expect(
      labels(`${head}      - bot:\n          step: menu\n      - user:\n          press: |`),
    ).toEqual(['Again', 'Bye']);
    expect(
      labels(`tests:\n  - name: t\n    start: menu\n    turns:\n      - user: {press: |`),
    ).toEqual(['Again', 'Bye']);
    // After a user turn with no bot turn saying where the bot is: nothing is guessed.
    expect(labels(`${head}      - user: {press: Status}\n      - user: {press: |`)).toEqual([]);
  });

  it('offers step keys, operation keys and declared statuses', () => {
    const head = 'tests:\n  - name: t\n';
    expect(labels(`${head}    turns:\n      - bot: {step: men|`)).toEqual(['menu']);
    expect(labels(`${head}    stubs:\n      |`)).toEqual(['lookup']);
    expect(labels(`${head}    stubs: {|`)).toEqual(['lookup']);
    expect(labels(`${head}    stubs: {lookup: {status: |`)).toEqual(['200', '404']);
    expect(labels(`${head}    stubs:\n      lookup:\n        status: 4|`)).toEqual(['404']);
    expect(labels(`${head}    turns:\n      - bot: {not_called: |`)).toEqual(['lookup']);
    // not_entered names any step, not only operations.
    expect(labels(`${head}    turns:\n      - bot: {not_entered: men|`)).toEqual(['menu']);
    expect(labels(`${head}    turns:\n      - bot: {not_entered: [menu, lo|`)).toEqual(['lookup']);
    expect(labels(`${head}    turns:\n      - bot: {called: {operation: l|`)).toEqual(['lookup']);
  });
});

describe('botform lsp in test files, over stdio', () => {
  let tree: { dir: string; cleanup: () => void };
  let client: LspClient;
  let testUri: string;
  let version = 1;

  beforeAll(async () => {
    tree = tempTree({
      'botform.config.yaml':
        'scenario: scenario\nenvironments:\n  dev:\n    shop: 1\n    vars: {LABEL: Again}\n',
      'scenario/bot.yaml': SCENARIO,
      'tests/bot.test.yaml': TESTS,
    });
    testUri = pathToFileURL(path.join(tree.dir, 'tests/bot.test.yaml')).href;
    client = startServer(tree.dir);
    await client.connection.sendRequest('initialize', {
      processId: null,
      rootUri: pathToFileURL(tree.dir).href,
      capabilities: {},
      workspaceFolders: null,
    });
    await client.connection.sendNotification('initialized', {});
  });
  afterAll(() => {
    client.child.kill();
    tree.cleanup();
  });

  it('checks the test file as it is typed, completes labels there, and goes to the step', async () => {
    const clean = client.diagnostics(testUri);
    await client.open(testUri, TESTS, version);
    expect(await clean).toEqual([]);

    const broken = client.diagnostics(testUri, (list) => list.length > 0);
    await client.connection.sendNotification('textDocument/didChange', {
      textDocument: { uri: testUri, version: ++version },
      contentChanges: [{ text: TESTS.replace('{press: Again}', '{press: Agian}') }],
    });
    const diagnostics = await broken;
    expect(diagnostics).toHaveLength(1);
    expect(diagnostics[0]).toMatchObject({
      code: 'test-unknown-button',
      source: 'botform',
      range: { start: { line: 6, character: 22 } },
    });

    const typing = TESTS.replace('{press: Again}', '{press: ');
    await client.connection.sendNotification('textDocument/didChange', {
      textDocument: { uri: testUri, version: ++version },
      contentChanges: [{ text: typing }],
    });
    const completion = await client.connection.sendRequest<{ items: { label: string }[] }>(
      'textDocument/completion',
      { textDocument: { uri: testUri }, position: { line: 6, character: 22 } },
    );
    expect(completion.items.map((i) => i.label)).toEqual(['Again', 'Bye']);

    const definition = await client.connection.sendRequest<{
      uri: string;
      range: { start: { line: number } };
    } | null>('textDocument/definition', {
      textDocument: { uri: testUri },
      position: { line: 5, character: 22 },
    });
    expect(definition?.uri).toBe(pathToFileURL(path.join(tree.dir, 'scenario/bot.yaml')).href);
    expect(definition?.range.start.line).toBe(10);

    // ${var.NAME} is the environment's value, as for `botform test`.
    const filled = client.diagnostics(testUri, (list) => list.length === 0);
    await client.connection.sendNotification('textDocument/didChange', {
      textDocument: { uri: testUri, version: ++version },
      contentChanges: [{ text: TESTS.replace('{press: Again}', '{press: "${var.LABEL}"}') }],
    });
    expect(await filled).toEqual([]);
    const unset = client.diagnostics(testUri, (list) => list.length > 0);
    await client.connection.sendNotification('textDocument/didChange', {
      textDocument: { uri: testUri, version: ++version },
      contentChanges: [{ text: TESTS.replace('{press: Again}', '{press: "${var.LABLE}"}') }],
    });
    expect((await unset).map((d) => d.code)).toContain('unset-variable');
  });
});
