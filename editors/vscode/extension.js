// The smallest VS Code client for `botform lsp`: start the server over stdio for the YAML files
// of a workspace that has a botform.config.yaml. Everything else happens in the server.
// It runs only in trusted workspaces (package.json, `untrustedWorkspaces`): the server it starts
// is the workspace's own botform, and it runs the workspace's TypeScript scenarios.
const { existsSync } = require('node:fs');
const path = require('node:path');
const vscode = require('vscode');
const { LanguageClient, TransportKind } = require('vscode-languageclient/node');

let client;

/**
 * The command the user chose, from user or remote-machine settings only. `get` would also take a
 * workspace's `.vscode/settings.json`, which a cloned repository can carry: a command chosen by
 * whoever wrote the repository. The setting is machine-scoped in package.json, and read here the
 * same way so an older VS Code that ignores the scope does not take it either.
 */
function configuredCommand() {
  const inspected = vscode.workspace.getConfiguration('botform').inspect('server.command');
  const value = inspected?.globalValue;
  return Array.isArray(value) && value.length > 0 && value.every((v) => typeof v === 'string')
    ? value
    : [];
}

function serverCommand(folder) {
  const configured = configuredCommand();
  if (configured.length > 0) return { command: configured[0], args: configured.slice(1) };
  const local = path.join(
    folder,
    'node_modules',
    '.bin',
    process.platform === 'win32' ? 'botform.cmd' : 'botform',
  );
  if (existsSync(local)) return { command: local, args: ['lsp'] };
  // Inside the botform repository itself (its README's example): its own launcher.
  const own = path.join(folder, 'bin', 'botform.js');
  if (existsSync(own)) return { command: 'node', args: [own, 'lsp'] };
  return { command: 'botform', args: ['lsp'] };
}

async function activate(context) {
  const folder = vscode.workspace.workspaceFolders?.[0]?.uri.fsPath;
  if (!folder) return;
  const run = {
    ...serverCommand(folder),
    transport: TransportKind.stdio,
    options: { cwd: folder },
  };
  client = new LanguageClient(
    'botform',
    'botform',
    { run, debug: run },
    {
      documentSelector: [{ scheme: 'file', language: 'yaml' }],
      // botform.environment: which environment of the config to check (default: its first).
      initializationOptions: {
        environment: vscode.workspace.getConfiguration('botform').get('environment') || undefined,
      },
      synchronize: {
        fileEvents: vscode.workspace.createFileSystemWatcher('**/*.{yaml,yml,ts}'),
        configurationSection: 'botform',
      },
    },
  );
  context.subscriptions.push(client);
  await client.start();
}

async function deactivate() {
  if (client) await client.stop();
}

module.exports = { activate, deactivate, serverCommand };
