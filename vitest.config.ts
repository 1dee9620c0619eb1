import { defineConfig } from 'vitest/config';
import LongestFirst from './test/sequencer.js';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    testTimeout: 60_000,
    hookTimeout: 60_000,
    pool: 'forks',
    // Two workers on two cores: most files wait on loopback HTTP or child processes.
    maxWorkers: 2,
    reporters: ['default', './test/summary-reporter.ts'],
    sequence: { sequencer: LongestFirst },
  },
});
