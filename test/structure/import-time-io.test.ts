// No module of botform reads or writes a file when it is imported: importing is free of side
// effects, so tests and users run the same code paths whatever was imported first, and a module
// can be loaded where a file is not there yet. A fresh Node process (nothing loaded yet) wraps
// node:fs, imports every module of dist/, and reports each fs call made from botform's own code.
import { execFileSync } from 'node:child_process';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { filesUnder, REPO } from '../helpers/fixtures.js';

const DIST = path.join(REPO, 'dist');

const PROBE = `
import fs from 'node:fs';
import { syncBuiltinESMExports } from 'node:module';
import { pathToFileURL } from 'node:url';
const dist = process.argv[1];
const files = JSON.parse(process.argv[2]);
const calls = [];
for (const name of Object.keys(fs)) {
  const original = fs[name];
  if (typeof original !== 'function' || !/^[a-z]/.test(name) || name === 'realpathSync') continue;
  fs[name] = function (...args) {
    const caller = (new Error().stack ?? '').split('\\n')[2] ?? '';
    if (caller.includes(dist)) calls.push(name + ' in ' + caller.trim());
    return original.apply(this, args);
  };
}
syncBuiltinESMExports();
for (const file of files) await import(pathToFileURL(file).href);
process.stdout.write(JSON.stringify({ imported: files.length, calls }));
`;

describe('importing botform', () => {
  it('reads and writes no file', () => {
    // A worker's entry module is the worker: it runs when started, not imported.
    const files = filesUnder(DIST, '.js').filter((f) => !f.endsWith('-worker.js'));
    expect(files.length).toBeGreaterThan(200);
    const out = execFileSync(
      process.execPath,
      ['--input-type=module', '-e', PROBE, DIST, JSON.stringify(files)],
      { encoding: 'utf8', cwd: REPO, stdio: ['ignore', 'pipe', 'pipe'] },
    );
    const result = JSON.parse(out) as { imported: number; calls: string[] };
    expect(result.imported).toBe(files.length);
    expect(result.calls).toStrictEqual([]);
  });
});
