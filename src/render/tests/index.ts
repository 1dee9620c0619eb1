// render/tests: formatters of a `botform test` run, plain functions from the run's data to text.
import { githubTests } from './github.js';
import { jsonTests } from './json.js';
import { junitTests } from './junit.js';
import { stylishTests } from './stylish.js';
import { summaryTests } from './summary.js';
import type { TestFormatter } from './types.js';
export type { TestFormatter, TestRunReport } from './types.js';

export const TEST_FORMATS = ['stylish', 'json', 'junit', 'github', 'summary'] as const;
export type TestFormat = (typeof TEST_FORMATS)[number];

export const TEST_FORMATTERS: Record<TestFormat, TestFormatter> = {
  stylish: stylishTests,
  json: jsonTests,
  junit: junitTests,
  github: githubTests,
  summary: summaryTests,
};

export function isTestFormat(value: string): value is TestFormat {
  return (TEST_FORMATS as readonly string[]).includes(value);
}
