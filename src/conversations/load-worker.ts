// Worker entry: reads and checks test files off the main thread, so that parsing large test
// suites overlaps with compiling the scenario (see load-parallel.ts).
import { parentPort, workerData } from 'node:worker_threads';
import { readTestFiles } from './load.js';
import { toWire } from './load-wire.js';

const { files, cwd } = workerData as { files: string[]; cwd: string };
parentPort?.postMessage(toWire(await readTestFiles(files, cwd)));
