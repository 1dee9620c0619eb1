// An editor in miniature: spawns `node bin/botform.js lsp` (or another server) and speaks JSON-RPC to it over its
// real stdin/stdout (vscode-jsonrpc), collecting the diagnostics it publishes.
import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import {
  createMessageConnection,
  StreamMessageReader,
  StreamMessageWriter,
  type MessageConnection,
} from 'vscode-jsonrpc/node';
import { BIN } from '../helpers/cli.js';

interface PublishedDiagnostic {
  range: { start: { line: number; character: number }; end: { line: number; character: number } };
  severity?: number;
  code?: string | number;
  source?: string;
  message: string;
}

export interface LspClient {
  connection: MessageConnection;
  child: ChildProcessWithoutNullStreams;
  stderr(): string;
  /** Resolves with the first published diagnostics for `uri` (after `since`) that satisfy `accept`. */
  diagnostics(
    uri: string,
    accept?: (list: PublishedDiagnostic[]) => boolean,
  ): Promise<PublishedDiagnostic[]>;
  exited: Promise<number | null>;
  /** Opens a YAML document in the editor (`textDocument/didOpen`). */
  open(uri: string, text: string, version?: number): Promise<void>;
}

/**
 * Starts a language server in `cwd`: botform's built CLI by default, or `command` (a program and
 * its arguments: the installed package's `npx botform lsp`, yaml-language-server).
 */
export function startServer(
  cwd: string,
  command: readonly string[] = [process.execPath, BIN, 'lsp', '--stdio'],
): LspClient {
  const [program, ...args] = command as [string, ...string[]];
  const child = spawn(program, args, {
    cwd,
    env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '' },
    stdio: ['pipe', 'pipe', 'pipe'],
  });
  let stderr = '';
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const exited = new Promise<number | null>((resolve) =>
    child.on('close', (code) => resolve(code)),
  );
  const connection = createMessageConnection(
    new StreamMessageReader(child.stdout),
    new StreamMessageWriter(child.stdin),
  );
  const latest = new Map<string, PublishedDiagnostic[]>();
  const waiters: {
    uri: string;
    accept: (list: PublishedDiagnostic[]) => boolean;
    resolve: (list: PublishedDiagnostic[]) => void;
  }[] = [];
  connection.onNotification(
    'textDocument/publishDiagnostics',
    (params: { uri: string; diagnostics: PublishedDiagnostic[] }) => {
      latest.set(params.uri, params.diagnostics);
      for (const w of [...waiters]) {
        if (w.uri === params.uri && w.accept(params.diagnostics)) {
          waiters.splice(waiters.indexOf(w), 1);
          w.resolve(params.diagnostics);
        }
      }
    },
  );
  connection.onNotification('window/logMessage', () => undefined);
  connection.listen();
  return {
    connection,
    child,
    stderr: () => stderr,
    exited,
    open: (uri, text, version = 1) =>
      connection.sendNotification('textDocument/didOpen', {
        textDocument: { uri, languageId: 'yaml', version, text },
      }),
    diagnostics: (uri, accept = () => true) =>
      new Promise((resolve, reject) => {
        const timer = setTimeout(
          () =>
            reject(
              new Error(
                `no matching diagnostics for ${uri}; last: ${JSON.stringify(latest.get(uri))}; stderr: ${stderr}`,
              ),
            ),
          30_000,
        );
        waiters.push({
          uri,
          accept,
          resolve: (list) => {
            clearTimeout(timer);
            resolve(list);
          },
        });
      }),
  };
}
