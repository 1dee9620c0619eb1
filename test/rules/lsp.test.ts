// The editor shows a team rule's violation as you type, and its end when the unsaved text keeps
// the rule: the language server goes through the same compile door as validate.
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { tempTree } from '../helpers/cli.js';
import { startServer, type LspClient } from '../lsp/client.js';

const MAIN = `start: welcome
steps:
  welcome:
    type: message
    text: Hi!
    menu:
      - text: Order
        goto: order
      - text: Phone first
        goto: ask_phone
  ask_phone:
    type: question
    text: Your phone?
    save_as: phone
    next: order
  order:
    type: order
    text: Address?
    fields:
      - name: address
        label: Address
    payment: card
    success_text: Thanks!
    end: true
`;
const RULES = `rules:
  - id: phone-before-order
    message: Every order asks for a phone number first.
    every_path: {to: {type: order}}
    passes: ask_phone
`;

describe('team rules in the editor', () => {
  const tree = tempTree({
    'botform.config.yaml': 'scenario: scenario\n',
    'scenario/main.yaml': MAIN,
    'rules/team.rules.yaml': RULES,
  });
  let client: LspClient | undefined;
  afterAll(() => {
    client?.child.kill();
    tree.cleanup();
  });

  it('publishes a violation for the unsaved text, and clears it when the text keeps the rule', async () => {
    const uri = pathToFileURL(path.join(tree.dir, 'scenario/main.yaml')).href;
    const server = startServer(tree.dir);
    client = server;
    await server.connection.sendRequest('initialize', {
      processId: null,
      rootUri: pathToFileURL(tree.dir).href,
      capabilities: {},
      workspaceFolders: null,
    });
    const first = server.diagnostics(uri, (list) => list.length > 0);
    await server.connection.sendNotification('initialized', {});
    await server.open(uri, MAIN);
    const shown = await first;
    expect(shown).toHaveLength(1);
    expect(shown[0]).toMatchObject({
      code: 'rule-violation',
      message: expect.stringContaining(
        'Every order asks for a phone number first. (rule phone-before-order)',
      ),
      range: { start: { line: 7 } },
    });

    const cleared = server.diagnostics(uri, (list) => list.length === 0);
    await server.connection.sendNotification('textDocument/didChange', {
      textDocument: { uri, version: 2 },
      contentChanges: [
        {
          text: MAIN.replace(
            '        goto: order\n      - text: Phone',
            '        goto: ask_phone\n      - text: Phone',
          ),
        },
      ],
    });
    expect(await cleared).toEqual([]);
  });
});
