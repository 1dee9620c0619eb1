// The smallest VS Code client for `botform lsp`: start the server over stdio for the YAML files
// of a workspace that has a botform.config.yaml. Everything else happens in the server.
const { existsSync } = require('node:fs');
const path = require('node:path');
const vscode = require('vscode');
const { LanguageClient, TransportKind } = require('vscode-languageclient/node');

let client;

function serverCommand(folder) {
  const configured = vscode.workspace.getConfiguration('botform').get('server.command') ?? [];
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

module.exports = { activate, deactivate };
