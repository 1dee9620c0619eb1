import { defineConfig } from 'vitest/config';
import LongestFirst from './test/sequencer.js';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    testTimeout: 60_000,
    hookTimeout: 60_000,
    pool: 'forks',
    // A worker keeps its imported modules from one file to the next (no file changes a module's
    // state for the next: no module mocks, no globals set; the suite passes with and without). Importing
    // the sources again for each of ~130 files was a fifth of the run: 184 s isolated, 148 s not.
    isolate: false,
    // Three workers on two cores: most files wait on loopback HTTP, child processes or a browser.
    maxWorkers: 3,
    reporters: ['default', './test/summary-reporter.ts'],
    sequence: { sequencer: LongestFirst },
  },
});
