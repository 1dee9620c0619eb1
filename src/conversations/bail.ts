// --bail: after the first failed test no other starts; those left are reported skipped with
// this reason, locally and live alike.
import type { TestCase, TestResult } from './types.js';

const BAILED = 'not run: an earlier test failed (--bail)';

export function bailedResult(test: TestCase): TestResult {
  return {
    file: test.file,
    name: test.name,
    line: test.line,
    column: test.column,
    status: 'skipped',
    reason: BAILED,
    failures: [],
    entered: [],
    transitions: [],
  };
}
