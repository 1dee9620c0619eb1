// Test files read in the worker cross to the main thread as JSON without their document paths
// (load-wire.ts): what arrives is what was read, paths included; a file that may hold -0 (which
// JSON cannot keep) crosses as it is. And the built worker (a large suite) gives what reading
// in-process gives, a test file's problems placed at their lines.
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Worker } from 'node:worker_threads';
import { afterAll, describe, expect, it } from 'vitest';
import { readTestFiles } from '../../src/conversations/load.js';
import { fromWire, toWire, type WireRead } from '../../src/conversations/load-wire.js';
import { REPO, filesUnder } from '../helpers/fixtures.js';

const dirs: string[] = [];
afterAll(() => {
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});

function project(files: Record<string, string>): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'botform-wire-'));
  dirs.push(dir);
  for (const [name, text] of Object.entries(files)) {
    mkdirSync(path.dirname(path.join(dir, name)), { recursive: true });
    writeFileSync(path.join(dir, name), text);
  }
  return dir;
}

describe('test files across the worker boundary', () => {
  it('arrive as they were read, paths made again, through a structured clone', async () => {
    const files = filesUnder(path.join(REPO, 'tests'), '.test.yaml');
    expect(files.length).toBeGreaterThan(0);
    const read = await readTestFiles(files, REPO);
    expect(read.files.length).toBe(files.length);
    const wire = toWire(read);
    expect(wire.files.some((f) => 'json' in f)).toBe(true);
    expect(fromWire(structuredClone(wire))).toStrictEqual(read);
  });

  it('keep -0 by sending a file that may hold it as it is', async () => {
    const dir = project({
      'a.test.yaml':
        'tests:\n  - name: zero\n    vars: {x: -0}\n    turns:\n      - bot: {step: s}\n',
    });
    const read = await readTestFiles([path.join(dir, 'a.test.yaml')], dir);
    const wire = toWire(read);
    expect(wire.files.every((f) => !('json' in f))).toBe(true);
    const back = fromWire(structuredClone(wire));
    expect(Object.is(back.files[0]?.tests[0]?.vars?.x, -0)).toBe(true);
    expect(back).toStrictEqual(read);
  });

  it('from the built worker (a large suite), as read in-process, with a bad file placed at its line', async () => {
    // Over the worker's threshold (256 KB): 400 tests of 30 turns.
    const lines = ['tests:'];
    for (let t = 0; t < 400; t++) {
      lines.push(`  - name: test ${t}`, '    turns:');
      for (let i = 0; i < 15; i++)
        lines.push(
          `      - user: {press: "Option ${i} of test ${t}"}`,
          `      - bot: {step: s${i}}`,
        );
    }
    const dir = project({
      'tests/big.test.yaml': `${lines.join('\n')}\n`,
      'tests/bad.test.yaml': 'tests:\n  - name: bad\n    turns:\n      - bot: {stepp: a}\n',
    });
    const files = [path.join(dir, 'tests/bad.test.yaml'), path.join(dir, 'tests/big.test.yaml')];
    expect(readFileSync(files[1] as string, 'utf8').length).toBeGreaterThan(256 * 1024);
    // The worker itself, as load-parallel.ts starts it: its message is the wire form.
    const worker = new Worker(path.join(REPO, 'dist/conversations/load-worker.js'), {
      workerData: { files, cwd: dir },
    });
    const message = await new Promise<WireRead>((resolve, reject) => {
      worker.once('message', resolve);
      worker.once('error', reject);
    });
    await worker.terminate();
    expect(message.files.map((f) => 'json' in f)).toStrictEqual([true]);
    const viaWorker = fromWire(message);
    const inProcess = await readTestFiles(files, dir);
    expect(viaWorker.diagnostics).toStrictEqual(inProcess.diagnostics);
    expect(viaWorker.diagnostics[0]).toMatchObject({ file: 'tests/bad.test.yaml', line: 4 });
    expect(viaWorker).toStrictEqual(inProcess);
    expect(viaWorker.files[0]?.tests[399]?.turns[29]?.path).toStrictEqual([
      'tests',
      399,
      'turns',
      29,
    ]);
  });
});
