// The language server: LSP requests in, the workspace's snapshots out. Every handler catches its
// own failures (logged to the editor's output, answered with nothing) so that no input — a file
// that does not parse, a huge file, a bad rename — can stop the server.
import { fileURLToPath, pathToFileURL } from 'node:url';
import {
  createConnection,
  DiagnosticSeverity,
  LSPErrorCodes,
  ResponseError,
  TextDocuments,
  TextDocumentSyncKind,
  CodeActionKind,
  type Diagnostic as LspDiagnostic,
  type WatchDog,
} from 'vscode-languageserver';
import {
  createProtocolConnection,
  StreamMessageReader,
  StreamMessageWriter,
} from 'vscode-languageserver/node';
import { TextDocument } from 'vscode-languageserver-textdocument';
import type { Readable, Writable } from 'node:stream';
import type { Diagnostic } from '../diagnostics/types.js';
import { displayPath } from '../load/find-files.js';
import { quickFixes } from './code-actions.js';
import { guardFraming } from './framing.js';
import { completeAt } from './completion.js';
import { definitionOf, hoverFor, locationOf, occurrenceAt, referencesTo } from './navigation.js';
import { innerRange, lineAt, toLspRange } from './positions.js';
import { renameStep } from './rename.js';
import { scenarioVariables, type VariableLister } from './variables.js';
import { checkTestText, completeInTest, isTestFile, stepNameAt } from './test-files.js';
import { ScenarioWorkspace, type Snapshot } from './workspace.js';

export interface ServerOptions {
  input: Readable;
  output: Writable;
  /** The folder to use when the editor names none. */
  cwd: string;
  /** The server's environment variables (BOTFORM_VAR_* fill `${var.NAME}` as for the CLI). */
  env?: Readonly<Record<string, string | undefined>>;
  /** How long to wait after a keystroke before compiling; keystrokes in between are coalesced. */
  debounceMs?: number;
  variables?: VariableLister;
  /** Where to say why the server stopped on its own (stderr); the protocol owns `output`. */
  log?: (line: string) => void;
}

const SEVERITY = {
  error: DiagnosticSeverity.Error,
  warning: DiagnosticSeverity.Warning,
  info: DiagnosticSeverity.Information,
} as const;

/** Runs until the editor says `exit` (or closes the pipe); resolves to the process's exit code. */
export function runLanguageServer(options: ServerOptions): Promise<number> {
  return new Promise((settle) => {
    let shutdown = false;
    let finished = false;
    // Stop reading and let the process end: an open stdin would keep it alive after `exit`.
    const resolve = (code: number) => {
      if (finished) return;
      finished = true;
      if (timer) clearTimeout(timer);
      connection.dispose();
      options.input.destroy();
      settle(code);
    };
    const watchDog: WatchDog = {
      get shutdownReceived() {
        return shutdown;
      },
      set shutdownReceived(value: boolean) {
        shutdown = value;
      },
      initialize: () => undefined,
      exit: (code) => resolve(code),
    };
    // A malformed header loses the framing for good (framing.ts): stop, so that the editor
    // starts a new server, instead of never answering again.
    const framed = guardFraming(options.input, (reason) => {
      options.log?.(
        `botform lsp: the editor sent a malformed message (${reason}); stopping so that the editor can start a new server.\n`,
      );
      resolve(1);
    });
    const connection = createConnection(
      (logger) =>
        createProtocolConnection(
          new StreamMessageReader(framed),
          new StreamMessageWriter(options.output),
          logger,
        ),
      watchDog,
    );
    options.input.on('close', () => resolve(shutdown ? 0 : 1));
    options.input.on('end', () => resolve(shutdown ? 0 : 1));
    const documents = new TextDocuments(TextDocument);
    const variables = options.variables ?? scenarioVariables;
    let workspace = new ScenarioWorkspace(options.cwd, { shell: options.env ?? {} });
    let published = new Set<string>();
    let publishedGeneration = -1;
    let timer: NodeJS.Timeout | undefined;

    const fail = (what: string, error: unknown) =>
      connection.console.error(
        `botform lsp: ${what} failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`,
      );
    // Files are named as the compile result names them: relative to the workspace folder.
    const fileOf = (uri: string): string | undefined =>
      uri.startsWith('file:') ? displayPath(workspace.root, fileURLToPath(uri)) : undefined;

    const publish = async () => {
      try {
        const snapshot = await workspace.fresh();
        if (snapshot.generation <= publishedGeneration) return;
        publishedGeneration = snapshot.generation;
        const byUri = new Map<string, LspDiagnostic[]>();
        for (const file of snapshot.result.files)
          byUri.set(pathToFileURL(snapshot.absolute(file)).href, []);
        for (const d of snapshot.result.diagnostics) {
          if (d.file === '.') continue;
          const uri = pathToFileURL(snapshot.absolute(d.file)).href;
          const list = byUri.get(uri);
          if (list) list.push(toLspDiagnostic(snapshot, d));
          else byUri.set(uri, [toLspDiagnostic(snapshot, d)]);
        }
        for (const uri of published) if (!byUri.has(uri)) byUri.set(uri, []);
        published = new Set([...byUri].filter(([, list]) => list.length > 0).map(([uri]) => uri));
        for (const [uri, diagnostics] of byUri)
          await connection.sendDiagnostics({ uri, diagnostics });
      } catch (error) {
        fail('checking the scenario', error);
      }
    };
    const schedule = () => {
      if (timer) clearTimeout(timer);
      timer = setTimeout(() => void publish().then(publishTests), options.debounceMs ?? 15);
    };
    // Open test files (*.test.yaml): checked against the latest scenario, as `botform test` does.
    const testDocs = new Map<string, string>();
    const publishTests = async () => {
      if (testDocs.size === 0) return;
      try {
        const snapshot = await workspace.fresh();
        const scenario = snapshot.result.diagnostics.some((d) => d.severity === 'error')
          ? undefined
          : snapshot.result.scenario;
        for (const [uri, text] of testDocs) {
          const file = fileOf(uri);
          if (file === undefined) continue;
          const diagnostics = checkTestText(file, text, scenario, snapshot.variables).map((d) =>
            toLspDiagnostic(snapshot, d),
          );
          await connection.sendDiagnostics({ uri, diagnostics });
        }
      } catch (error) {
        fail('checking the test files', error);
      }
    };
    const freshFor = async (
      uri: string,
    ): Promise<{ snapshot: Snapshot; file: string } | undefined> => {
      const file = fileOf(uri);
      return file === undefined ? undefined : { snapshot: await workspace.fresh(), file };
    };

    connection.onInitialize((params) => {
      const folder = params.workspaceFolders?.[0]?.uri ?? params.rootUri ?? undefined;
      workspace = new ScenarioWorkspace(
        folder?.startsWith('file:') ? fileURLToPath(folder) : options.cwd,
        { shell: options.env ?? {}, environment: environmentSetting(params.initializationOptions) },
      );
      return {
        capabilities: {
          textDocumentSync: {
            openClose: true,
            change: TextDocumentSyncKind.Incremental,
            save: { includeText: false },
          },
          completionProvider: { triggerCharacters: [':', ' ', '{', '.', '[', ',', '-', '"'] },
          definitionProvider: true,
          referencesProvider: true,
          hoverProvider: true,
          renameProvider: { prepareProvider: true },
          codeActionProvider: { codeActionKinds: [CodeActionKind.QuickFix] },
        },
        serverInfo: { name: 'botform' },
      };
    });
    connection.onInitialized(() => schedule());

    documents.onDidChangeContent((event) => {
      const uri = event.document.uri;
      if (!uri.startsWith('file:')) return;
      if (isTestFile(uri)) {
        testDocs.set(uri, event.document.getText());
        schedule();
        return;
      }
      workspace.setDocument(fileURLToPath(uri), event.document.getText());
      schedule();
    });
    documents.onDidClose((event) => {
      if (!event.document.uri.startsWith('file:')) return;
      if (isTestFile(event.document.uri)) {
        testDocs.delete(event.document.uri);
        void connection.sendDiagnostics({ uri: event.document.uri, diagnostics: [] });
        return;
      }
      workspace.closeDocument(fileURLToPath(event.document.uri));
      schedule();
    });
    documents.onDidSave(() => {
      workspace.touch();
      schedule();
    });
    // `botform.environment` in the editor's settings picks the config's environment to check.
    connection.onDidChangeConfiguration((change) => {
      const settings: unknown = change.settings;
      // Editors send settings of every tool: without a `botform` part, nothing changes.
      if (typeof settings !== 'object' || settings === null || !('botform' in settings)) return;
      workspace.setEnvironment(environmentSetting(settings.botform));
      schedule();
    });
    connection.onDidChangeWatchedFiles(() => {
      workspace.touch();
      schedule();
    });

    connection.onCompletion(async (params) => {
      try {
        const document = documents.get(params.textDocument.uri);
        if (!document) return null;
        // Completion does not wait for a compile: the text and the keys known so far suffice.
        const snapshot = workspace.latest() ?? (await workspace.fresh());
        if (isTestFile(params.textDocument.uri))
          return completeInTest(document.getText(), params.position, snapshot.result.scenario);
        return completeAt(document.getText(), params.position, {
          keys: workspace.allKeys(),
          typeOf: (key) => snapshot.result.scenario.steps.get(key)?.type,
          variables: (step) => variables(snapshot.result.scenario, step),
        });
      } catch (error) {
        fail('completion', error);
        return null;
      }
    });

    connection.onDefinition(async (params) => {
      try {
        if (isTestFile(params.textDocument.uri)) {
          const document = documents.get(params.textDocument.uri);
          const key = document && stepNameAt(document.getText(), params.position);
          if (key === undefined) return null;
          const snapshot = await workspace.fresh();
          const def = definitionOf(snapshot, key);
          return def ? locationOf(snapshot, def) : null;
        }
        const at = await freshFor(params.textDocument.uri);
        const o = at && occurrenceAt(at.snapshot, at.file, params.position);
        if (!at || !o || o.role === 'renamed_from') return null;
        const def = definitionOf(at.snapshot, o.key);
        return def ? locationOf(at.snapshot, def) : null;
      } catch (error) {
        fail('go to definition', error);
        return null;
      }
    });

    connection.onReferences(async (params) => {
      try {
        const at = await freshFor(params.textDocument.uri);
        const o = at && occurrenceAt(at.snapshot, at.file, params.position);
        if (!at || !o) return null;
        return referencesTo(at.snapshot, o.key, params.context.includeDeclaration).map((r) =>
          locationOf(at.snapshot, r),
        );
      } catch (error) {
        fail('find references', error);
        return null;
      }
    });

    connection.onHover(async (params) => {
      try {
        const at = await freshFor(params.textDocument.uri);
        const o = at && occurrenceAt(at.snapshot, at.file, params.position);
        return at && o ? hoverFor(at.snapshot, o) : null;
      } catch (error) {
        fail('hover', error);
        return null;
      }
    });

    connection.onPrepareRename(async (params) => {
      const at = await freshFor(params.textDocument.uri);
      const o = at && occurrenceAt(at.snapshot, at.file, params.position);
      if (!at || !o || o.role === 'renamed_from') return null;
      if (!at.snapshot.result.scenario.steps.has(o.key))
        throw new ResponseError(
          LSPErrorCodes.RequestFailed,
          `There is no step "${o.key}" to rename.`,
        );
      return {
        range: toLspRange(innerRange(at.snapshot.textOf(at.file), o.range)),
        placeholder: o.key,
      };
    });

    connection.onRenameRequest(async (params) => {
      const at = await freshFor(params.textDocument.uri);
      const o = at && occurrenceAt(at.snapshot, at.file, params.position);
      if (!at || !o || o.role === 'renamed_from')
        throw new ResponseError(
          LSPErrorCodes.RequestFailed,
          'Put the cursor on a step key to rename it.',
        );
      const renamed = renameStep(at.snapshot, o.key, params.newName, await workspace.testTexts());
      if (!renamed.ok) throw new ResponseError(LSPErrorCodes.RequestFailed, renamed.message);
      return renamed.edit;
    });

    connection.onCodeAction((params) => {
      try {
        const document = documents.get(params.textDocument.uri);
        if (!document) return [];
        const text = document.getText();
        return quickFixes(params.textDocument.uri, params.context.diagnostics, (line) =>
          lineAt(text, line),
        );
      } catch (error) {
        fail('code actions', error);
        return [];
      }
    });

    documents.listen(connection);
    connection.listen();
  });
}

/** `{environment: "acme-staging"}` from initializationOptions or the `botform` settings. */
function environmentSetting(options: unknown): string | undefined {
  if (typeof options !== 'object' || options === null || !('environment' in options))
    return undefined;
  return typeof options.environment === 'string' && options.environment !== ''
    ? options.environment
    : undefined;
}

function toLspDiagnostic(snapshot: Snapshot, d: Diagnostic): LspDiagnostic {
  const out: LspDiagnostic = {
    range: toLspRange(d),
    severity: SEVERITY[d.severity],
    code: d.code,
    source: 'botform',
    message: d.message,
  };
  if (d.hint !== undefined) out.data = { hint: d.hint };
  if (d.related) {
    out.relatedInformation = d.related.map((r) => ({
      location: {
        uri: pathToFileURL(snapshot.absolute(r.file)).href,
        range: toLspRange({ line: r.line, column: r.column, endLine: r.line, endColumn: r.column }),
      },
      message: r.message,
    }));
  }
  return out;
}
