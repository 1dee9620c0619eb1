// Reading test files in a worker thread while the main thread compiles the scenario: both are
// YAML parsing, and on two cores a large suite then costs little more than the scenario alone.
// Small suites (and runs from TypeScript sources, where no built worker exists) read in-process.
import { existsSync } from 'node:fs';
import { stat } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import type { Diagnostic } from '../diagnostics/types.js';
import { readTestFiles, withLocators } from './load.js';
import { fromWire, type TestFilesRead, type WireRead } from './load-wire.js';
import type { TestFile } from './types.js';

/** Below this many bytes of test files a worker costs more than it saves. */
const WORKER_THRESHOLD = 256 * 1024;

export interface LoadedTestFiles {
  files: TestFile[];
  diagnostics: Diagnostic[];
}

/**
 * Starts reading the test files and resolves once the reading is under way (a large suite's
 * worker spawned), with the read to await later. The caller awaits this before compiling: the
 * compile keeps the main thread busy, so a worker spawned only when it yields would start after
 * the compile and overlap nothing.
 */
export async function startLoadingTestFiles(
  files: readonly string[],
  cwd: string,
): Promise<{ loaded: Promise<LoadedTestFiles> }> {
  const reading = (await useWorker(files))
    ? inWorker(files, cwd).catch(() => readTestFiles(files, cwd))
    : readTestFiles(files, cwd);
  const loaded = reading.then((read) => ({
    files: withLocators(read.files),
    diagnostics: read.diagnostics,
  }));
  // Awaited later; a rejection must not be reported as unhandled meanwhile.
  loaded.catch(() => undefined);
  return { loaded };
}

const WORKER_URL = new URL('./load-worker.js', import.meta.url);

async function useWorker(files: readonly string[]): Promise<boolean> {
  if (!existsSync(fileURLToPath(WORKER_URL))) return false;
  let bytes = 0;
  for (const f of files) bytes += (await stat(f).catch(() => undefined))?.size ?? 0;
  return bytes >= WORKER_THRESHOLD;
}

function inWorker(files: readonly string[], cwd: string): Promise<TestFilesRead> {
  return new Promise((resolve, reject) => {
    const worker = new Worker(WORKER_URL, { workerData: { files: [...files], cwd } });
    worker.once('message', (data: WireRead) => {
      resolve(fromWire(data));
      void worker.terminate();
    });
    worker.once('error', reject);
    worker.once('exit', (code) =>
      code !== 0 ? reject(new Error(`test file reader exited with ${code}`)) : undefined,
    );
  });
}
