// Worker entry: reads and checks test files off the main thread, so that parsing large test
// suites overlaps with compiling the scenario (see load-parallel.ts).
import { parentPort, workerData } from 'node:worker_threads';
import { readTestFiles } from './load.js';

const { files, cwd } = workerData as { files: string[]; cwd: string };
parentPort?.postMessage(await readTestFiles(files, cwd));
