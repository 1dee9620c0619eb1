// Benchmark: the language server on the 10,000-step scenario (100 files). Measures, over real
// stdio, the time from a one-character edit (didChange) to the published diagnostics, and the
// latency of a completion of step keys, against a cold `botform validate` of the same scenario
// in the same run. Targets: an edit costs at most 0.3x a cold validate (files that did not change
// are not parsed again), a completion at most 0.1x (it never waits for a compile).
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import {
  createMessageConnection,
  StreamMessageReader,
  StreamMessageWriter,
} from 'vscode-jsonrpc/node';
import { generateScenario } from './generate.mjs';
import { measureNode, median, neutralCwd, repeat } from './measure.mjs';

const ROOT = fileURLToPath(new URL('../', import.meta.url));

export async function benchLsp({ edits = 15, completions = 30 } = {}) {
  const dir = path.join(ROOT, 'bench', 'out', 'lsp-10k');
  const shape = generateScenario(dir);
  const validate = await repeat(3, () =>
    measureNode([path.join(ROOT, 'bin', 'botform.js'), 'validate', dir, '--quiet'], {
      cwd: neutralCwd(),
    }),
  );

  const child = spawn(process.execPath, [path.join(ROOT, 'bin', 'botform.js'), 'lsp', '--stdio'], {
    cwd: dir,
    stdio: ['pipe', 'pipe', 'inherit'],
  });
  const connection = createMessageConnection(
    new StreamMessageReader(child.stdout),
    new StreamMessageWriter(child.stdin),
  );
  let waiting;
  connection.onNotification('textDocument/publishDiagnostics', (params) => {
    if (waiting && params.uri === waiting.uri) waiting.resolve(params.diagnostics);
  });
  connection.listen();
  const published = (uri) => new Promise((resolve) => (waiting = { uri, resolve }));

  const file = path.join(dir, 'part-050.yaml');
  const uri = pathToFileURL(file).href;
  const original = readFileSync(file, 'utf8');
  await connection.sendRequest('initialize', {
    processId: process.pid,
    rootUri: pathToFileURL(dir).href,
    capabilities: {},
    workspaceFolders: null,
  });
  await connection.sendNotification('initialized', {});
  let started = performance.now();
  const first = published(uri);
  await connection.sendNotification('textDocument/didOpen', {
    textDocument: { uri, languageId: 'yaml', version: 1, text: original },
  });
  await first;
  const openMs = performance.now() - started;

  // One character typed into a step's text, again and again: each edit is a new version.
  const editTimes = [];
  let text = original;
  for (let i = 0; i < edits; i++) {
    text = i % 2 === 0 ? original.replace('says hello.', 'says hello!') : original;
    const next = published(uri);
    started = performance.now();
    await connection.sendNotification('textDocument/didChange', {
      textDocument: { uri, version: i + 2 },
      contentChanges: [{ text }],
    });
    await next;
    editTimes.push(performance.now() - started);
  }

  // Completion of step keys after `goto: s0` (10,000 candidates, filtered on the server).
  const lines = text.split('\n');
  const line = lines.findIndex((l) => l.trim().startsWith('goto:'));
  const character = lines[line].indexOf('goto:') + 'goto: s0'.length;
  const completionTimes = [];
  for (let i = 0; i < completions; i++) {
    started = performance.now();
    const result = await connection.sendRequest('textDocument/completion', {
      textDocument: { uri },
      position: { line, character },
    });
    completionTimes.push(performance.now() - started);
    if (!result || result.items.length === 0) throw new Error('completion returned no items');
  }
  await connection.sendRequest('shutdown');
  await connection.sendNotification('exit');
  await new Promise((resolve) => child.on('close', resolve));

  const edit = median(editTimes);
  const completion = median(completionTimes);
  return {
    name: 'lsp',
    shape: `${shape.steps} steps, ${shape.buttons} buttons, ${shape.files} files; ${edits} edits, ${completions} completions`,
    rows: [
      ['botform validate (cold CLI, baseline)', validate.wallMs, validate.maxRssMb],
      ['lsp: open → first diagnostics', openMs, NaN],
      ['lsp: one-character edit → diagnostics', edit, NaN],
      ['lsp: completion of step keys', completion, NaN],
    ],
    ratios: [
      { label: 'edit → diagnostics / cold validate', value: edit / validate.wallMs, target: 0.3 },
      { label: 'completion / cold validate', value: completion / validate.wallMs, target: 0.1 },
    ],
  };
}
