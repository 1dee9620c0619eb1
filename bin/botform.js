#!/usr/bin/env node
// Thin launcher: the compiled CLI lives in dist/ (built by `npm install` through `prepare`).
import { main } from '../dist/cli/main.js';

// Ctrl-C and SIGTERM. A command that stops cleanly (apply: finishes the calls in flight and
// journals them, so a later apply resumes) claims the interrupt through io.stopsCleanly and
// names what it does; the first signal then only asks it to stop, a second one exits at once.
// Every other command stops at once, saying so.
const interrupt = new AbortController();
let cleanStop; // the words of the command that claimed the interrupt, when one did
const onSignal = (name) => {
  const code = name === 'SIGINT' ? 130 : 143;
  if (cleanStop === undefined || interrupt.signal.aborted) {
    process.stderr.write(`\nbotform: stopped (${name}).\n`);
    process.exit(code);
  }
  if (cleanStop) process.stderr.write(`\n${cleanStop} (${name}; send it again to quit now)\n`);
  interrupt.abort(name);
};
process.on('SIGINT', () => onSignal('SIGINT'));
process.on('SIGTERM', () => onSignal('SIGTERM'));

const code = await main(process.argv.slice(2), {
  env: process.env,
  cwd: process.cwd(),
  stdout: process.stdout,
  stderr: process.stderr,
  stdin: process.stdin,
  signal: interrupt.signal,
  stopsCleanly: (words) => {
    cleanStop = words;
  },
});
process.exitCode = code;
