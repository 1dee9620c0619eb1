// Runs botform's `main(argv, io)` in this process with captured output: the CLI as users call it,
// without the cost of a process (spawn the binary only where signals, stdin or the exit are tested).
import { PassThrough, Readable } from 'node:stream';
import { main } from '../../src/cli/main.js';
import type { CliRun } from './cli.js';

export async function runMain(
  args: string[],
  options: { cwd: string; env?: Record<string, string> },
): Promise<CliRun> {
  const stdout = new PassThrough();
  const stderr = new PassThrough();
  let out = '';
  let err = '';
  stdout.on('data', (c: Buffer) => (out += c.toString()));
  stderr.on('data', (c: Buffer) => (err += c.toString()));
  const code = await main(args, {
    env: { NO_COLOR: '1', ...options.env },
    cwd: options.cwd,
    stdout,
    stderr,
    stdin: Readable.from([]),
  });
  return { code, stdout: out, stderr: err };
}
