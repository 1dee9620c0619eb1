// Runs `main(argv, io)` in-process with captured output: the CLI as users run it, without a
// child process (RULES: spawn only where signals, kill -9, stdin or the exit itself are tested).
import { PassThrough, Readable } from 'node:stream';
import { main } from '../../src/cli/main.js';

export interface MainRun {
  code: number;
  stdout: string;
  stderr: string;
}

export async function runMain(
  argv: string[],
  options: { cwd: string; env?: Record<string, string | undefined> },
): Promise<MainRun> {
  const stdout = new PassThrough();
  const stderr = new PassThrough();
  let out = '';
  let err = '';
  stdout.on('data', (c: Buffer) => (out += c.toString()));
  stderr.on('data', (c: Buffer) => (err += c.toString()));
  const code = await main(argv, {
    env: { NO_COLOR: '1', ...options.env },
    cwd: options.cwd,
    stdout,
    stderr,
    stdin: Readable.from([]),
  });
  return { code, stdout: out, stderr: err };
}
