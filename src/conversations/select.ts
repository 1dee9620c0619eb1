// Choosing which tests run: `--grep PATTERN` (an RE2 pattern found in the test's name, so a
// hostile pattern costs linear time) and `--tag NAME` (a test with any of the given `tags:`).
// Both given: a test must pass both. Tests not chosen are left out of the run and counted;
// every file is still checked against the scenario, so a filter never hides a broken file.
import { compileTextPattern } from './text-pattern.js';
import type { TestFile } from './types.js';

export interface TestFilter {
  grep?: string;
  tags?: readonly string[];
  /** Only these tests, as testKey(file, name) (the tests a change since a ref touches). */
  only?: ReadonlySet<string>;
}

export const testKey = (file: string, name: string) => `${file}\u0000${name}`;

export type FilterCheck = { ok: true } | { ok: false; message: string };

/** Whether the filter can be used (its pattern compiles). */
export function checkFilter(filter: TestFilter): FilterCheck {
  if (filter.grep === undefined) return { ok: true };
  const pattern = compileTextPattern(filter.grep);
  return pattern.ok
    ? { ok: true }
    : { ok: false, message: `--grep "${filter.grep}" does not compile: ${pattern.message}.` };
}

/** The files with only the chosen tests (files left without tests are dropped), and how many were left out. */
export function selectTests(
  files: readonly TestFile[],
  filter: TestFilter,
): { files: TestFile[]; unselected: number } {
  const pattern = filter.grep === undefined ? undefined : compileTextPattern(filter.grep);
  const tags = filter.tags && filter.tags.length > 0 ? new Set(filter.tags) : undefined;
  const only = filter.only;
  if (!pattern && !tags && !only) return { files: [...files], unselected: 0 };
  let unselected = 0;
  const out: TestFile[] = [];
  for (const file of files) {
    const tests = file.tests.filter((test) => {
      const chosen =
        (!pattern || (pattern.ok && pattern.test(test.name))) &&
        (!tags || (test.tags ?? []).some((t) => tags.has(t))) &&
        (!only || only.has(testKey(file.file, test.name)));
      if (!chosen) unselected++;
      return chosen;
    });
    if (tests.length > 0) out.push({ ...file, tests });
  }
  return { files: out, unselected };
}
