// The language server on hostile input, over real stdio: a malformed message header (it used to
// stop answering forever; now it stops and says why, so the editor starts a new server), and a
// document of 30,000 keys (hover took 22.6 s: a scan of the mapping per diagnostic, and the
// diagnostics gathered by copying the list once per problem). The timeouts are backstops; the
// assertions are on the answers.
import { spawn } from 'node:child_process';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { BIN, tempTree } from '../helpers/cli.js';
import { startServer } from './client.js';

const cleanups: (() => void)[] = [];
afterAll(() => {
  for (const c of cleanups) c();
});

function frame(message: object): Buffer {
  const body = Buffer.from(JSON.stringify(message));
  return Buffer.concat([Buffer.from(`Content-Length: ${body.length}\r\n\r\n`), body]);
}

/** Starts the server, sends `initialize`, then the bad bytes; resolves with the exit code and stderr. */
function afterBadHeader(
  bad: string,
): Promise<{ code: number | null; stderr: string; answers: string }> {
  const t = tempTree({ 'botform.config.yaml': 'scenario: s.yaml\n', 's.yaml': 'steps: {}\n' });
  cleanups.push(t.cleanup);
  const child = spawn(process.execPath, [BIN, 'lsp', '--stdio'], {
    cwd: t.dir,
    env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '' },
    stdio: ['pipe', 'pipe', 'pipe'],
  });
  let stderr = '';
  let answers = '';
  child.stderr.on('data', (c: Buffer) => (stderr += c.toString()));
  child.stdout.on('data', (c: Buffer) => {
    answers += c.toString();
    // The answer to `initialize` came: now the malformed header, then a good request after it.
    if (answers.includes('"id":1') && !answers.includes('sent-bad')) {
      answers += 'sent-bad';
      child.stdin.write(bad);
      child.stdin.write(frame({ jsonrpc: '2.0', id: 2, method: 'shutdown' }));
    }
  });
  child.stdin.write(
    frame({
      jsonrpc: '2.0',
      id: 1,
      method: 'initialize',
      params: { processId: null, rootUri: null, capabilities: {} },
    }),
  );
  return new Promise((resolve) => child.on('close', (code) => resolve({ code, stderr, answers })));
}

describe('botform lsp within bounds', () => {
  it.each([
    ['Content-Length: abc\r\n\r\n{}', 'Content-Length is not a byte count ("abc")'],
    ['Content-Length: -5\r\n\r\n', 'Content-Length is not a byte count ("-5")'],
    ['Content-Length: 99999999999\r\n\r\n', 'is larger than 67108864 bytes'],
    ['Content-Type: text/plain\r\n\r\n', 'a message without Content-Length'],
    ['garbage\r\n\r\n', 'a header line that is not "Name: value"'],
  ])(
    'a malformed header (%j) stops the server with the reason, exit 1',
    {
      timeout: 30_000,
    },
    async (bad, reason) => {
      const run = await afterBadHeader(bad);
      expect(run.code).toBe(1);
      expect(run.stderr).toContain('the editor sent a malformed message');
      expect(run.stderr).toContain(reason);
      // The request after the bad header is not answered as if nothing happened.
      expect(run.answers).not.toContain('"id":2');
    },
  );

  it('answers hover and publishes every problem of a 30,000-key document', {
    timeout: 30_000,
  }, async () => {
    let text = 'start: a\nsteps:\n  a:\n    type: message\n    text: hi\n    end: true\n';
    for (let i = 0; i < 30_000; i++) text += `k${i}: ${i}\n`;
    const t = tempTree({ 'botform.config.yaml': 'scenario: s.yaml\n', 's.yaml': text });
    cleanups.push(t.cleanup);
    const uri = pathToFileURL(path.join(t.dir, 's.yaml')).href;
    const client = startServer(t.dir);
    cleanups.push(() => client.child.kill());
    await client.connection.sendRequest('initialize', {
      processId: null,
      rootUri: pathToFileURL(t.dir).href,
      capabilities: {},
      workspaceFolders: null,
    });
    const published = client.diagnostics(uri, (list) => list.length > 0);
    await client.connection.sendNotification('initialized', {});
    await client.open(uri, text);
    const hover = await client.connection.sendRequest<{ contents: { value: string } } | null>(
      'textDocument/hover',
      { textDocument: { uri }, position: { line: 0, character: 7 } },
    );
    expect(hover?.contents.value).toContain('a');
    const diagnostics = await published;
    expect(diagnostics).toHaveLength(30_000);
    expect(diagnostics.every((d) => d.code === 'unknown-field')).toBe(true);
    // The last key's problem is on its own line.
    expect(diagnostics.map((d) => d.range.start.line)).toContain(6 + 29_999);
  });
});
