// Reading test files in a worker thread while the main thread compiles the scenario: both are
// YAML parsing, and on two cores a large suite then costs little more than the scenario alone.
// Small suites (and runs from TypeScript sources, where no built worker exists) read in-process.
import { existsSync } from 'node:fs';
import { stat } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import type { Diagnostic } from '../diagnostics/types.js';
import { readTestFiles, withLocators, type TestFileData } from './load.js';
import type { TestFile } from './types.js';

/** Below this many bytes of test files a worker costs more than it saves. */
const WORKER_THRESHOLD = 256 * 1024;

export async function loadTestFilesAlongside(
  files: readonly string[],
  cwd: string,
): Promise<{ files: TestFile[]; diagnostics: Diagnostic[] }> {
  const read = (await useWorker(files))
    ? await inWorker(files, cwd).catch(() => readTestFiles(files, cwd))
    : await readTestFiles(files, cwd);
  return { files: withLocators(read.files), diagnostics: read.diagnostics };
}

const WORKER_URL = new URL('./load-worker.js', import.meta.url);

async function useWorker(files: readonly string[]): Promise<boolean> {
  if (!existsSync(fileURLToPath(WORKER_URL))) return false;
  let bytes = 0;
  for (const f of files) bytes += (await stat(f).catch(() => undefined))?.size ?? 0;
  return bytes >= WORKER_THRESHOLD;
}

function inWorker(
  files: readonly string[],
  cwd: string,
): Promise<{ files: TestFileData[]; diagnostics: Diagnostic[] }> {
  return new Promise((resolve, reject) => {
    const worker = new Worker(WORKER_URL, { workerData: { files: [...files], cwd } });
    worker.once('message', (data: { files: TestFileData[]; diagnostics: Diagnostic[] }) => {
      resolve(data);
      void worker.terminate();
    });
    worker.once('error', reject);
    worker.once('exit', (code) =>
      code !== 0 ? reject(new Error(`test file reader exited with ${code}`)) : undefined,
    );
  });
}
