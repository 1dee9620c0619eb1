// `botform graph` stops at once on SIGTERM and Ctrl-C, even while Graphviz (WebAssembly, which
// cannot be interrupted) lays out a picture that takes it minutes: Graphviz runs in a worker
// thread, so the launcher's signal handler runs. The spawned CLI is the subject here.
import { spawn } from 'node:child_process';
import { afterEach, describe, expect, it } from 'vitest';
import { BIN, tempTree } from '../helpers/cli.js';
import { tangle } from '../helpers/large-scenarios.js';

const cleanups: (() => void)[] = [];
afterEach(() => {
  for (const c of cleanups.splice(0)) c();
});

function interrupted(
  signal: 'SIGTERM' | 'SIGINT',
): Promise<{ code: number | null; stderr: string }> {
  const t = tempTree(tangle(300));
  cleanups.push(t.cleanup);
  return new Promise((resolve, reject) => {
    // 300 tangled steps: Graphviz needs minutes for these (forced past the automatic choice).
    const child = spawn(
      process.execPath,
      [BIN, 'graph', '.', '--layout', 'graphviz', '-o', 'x.svg'],
      {
        cwd: t.dir,
        env: { PATH: process.env.PATH ?? '', NO_COLOR: '1' },
      },
    );
    let stderr = '';
    let sent = false;
    child.stderr.on('data', (chunk: Buffer) => {
      stderr += chunk.toString();
      if (!sent && stderr.includes('laying out')) {
        sent = true;
        // Give the worker a moment to be deep inside Graphviz.
        setTimeout(() => child.kill(signal), 500);
      }
    });
    // The bound of this test: without the worker, the process ran on for 20 minutes.
    const guard = setTimeout(() => child.kill('SIGKILL'), 30_000);
    child.on('error', reject);
    child.on('close', (code) => {
      clearTimeout(guard);
      resolve({ code, stderr });
    });
  });
}

describe('graph stops at once', () => {
  it('on SIGTERM while Graphviz lays out', async () => {
    const run = await interrupted('SIGTERM');
    expect(run.stderr).toContain('botform: stopped (SIGTERM).');
    expect(run.code).toBe(143);
  }, 40_000);

  it('on Ctrl-C (SIGINT) while Graphviz lays out', async () => {
    const run = await interrupted('SIGINT');
    expect(run.stderr).toContain('botform: stopped (SIGINT).');
    expect(run.code).toBe(130);
  }, 40_000);
});
