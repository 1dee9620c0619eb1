// Worker entry: Graphviz lays out one DOT document off the main thread (see draw.ts), so the
// process still answers Ctrl-C and SIGTERM, and a layout past its deadline can be stopped.
import { parentPort, workerData } from 'node:worker_threads';
import { renderDotToSvg } from './svg.js';

const { dot } = workerData as { dot: string };
parentPort?.postMessage(await renderDotToSvg(dot));
