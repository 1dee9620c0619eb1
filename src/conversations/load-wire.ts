// Test files as they cross from the reading worker (load-worker.ts) to the main thread: each
// file's tests as one JSON text without their document paths, which are made again on arrival.
// Structured cloning a large suite's 40,000 turn objects cost the main thread about twice a
// JSON.parse of them, and the paths were a third of the objects. JSON keeps a parsed test file
// whole except for -0 (non-finite numbers are already texts: load/yaml-fast.ts), so a file whose
// text could hold one crosses as it is.
import type { Diagnostic } from '../diagnostics/types.js';
import { testPath, turnPath, type TestFileData } from './load.js';
import type { TestCase, TurnSpec } from './types.js';

type WireFile = TestFileData | { file: string; text: string; json: string };

export interface TestFilesRead {
  files: TestFileData[];
  diagnostics: Diagnostic[];
}

export interface WireRead {
  files: WireFile[];
  diagnostics: Diagnostic[];
}

const MAY_HOLD_MINUS_ZERO = /-\.?0/;

export function toWire(read: TestFilesRead): WireRead {
  return {
    diagnostics: read.diagnostics,
    files: read.files.map((f) =>
      MAY_HOLD_MINUS_ZERO.test(f.text)
        ? f
        : { file: f.file, text: f.text, json: JSON.stringify(f.tests.map(withoutPaths)) },
    ),
  };
}

export function fromWire(wire: WireRead): TestFilesRead {
  return {
    diagnostics: wire.diagnostics,
    files: wire.files.map((f) =>
      'json' in f
        ? { file: f.file, text: f.text, tests: withPaths(JSON.parse(f.json) as Pathless[]) }
        : f,
    ),
  };
}

type PathlessTurn = TurnSpec extends infer T
  ? T extends TurnSpec
    ? Omit<T, 'path'>
    : never
  : never;
type Pathless = Omit<TestCase, 'path' | 'turns'> & { turns: PathlessTurn[] };

function withoutPaths(test: TestCase): Pathless {
  const { path: _path, turns, ...rest } = test;
  return {
    ...rest,
    turns: turns.map((turn) => {
      const { path: _turnPath, ...pathless } = turn;
      return pathless;
    }),
  };
}

/** The tests with their paths again, as testCases (load.ts) makes them; changed in place. */
function withPaths(tests: Pathless[]): TestCase[] {
  for (let i = 0; i < tests.length; i++) {
    const test = tests[i] as Pathless & { path?: TestCase['path'] };
    test.path = testPath(i);
    const turns = test.turns as (PathlessTurn & { path?: TurnSpec['path'] })[];
    for (let j = 0; j < turns.length; j++) (turns[j] as { path?: unknown }).path = turnPath(i, j);
  }
  return tests as unknown as TestCase[];
}
