import { defineConfig } from 'vitest/config';
import LongestFirst from './test/sequencer.js';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    testTimeout: 60_000,
    hookTimeout: 60_000,
    pool: 'forks',
    // Three workers on two cores: most files wait on loopback HTTP, child processes or a browser.
    maxWorkers: 3,
    reporters: ['default', './test/summary-reporter.ts'],
    sequence: { sequencer: LongestFirst },
  },
});
