// `${var.NAME}` in test files, filled in with the values the scenario is compiled with (one
// environment's, or the command line's without one: compile/project.ts says which), so a test
// can expect an environment's own greeting locally and live. A variable the environment does not
// set is an `unset-variable` error at its place in the test file, as in the scenario.
import { diagnosticFor } from '../diagnostics/make.js';
import type { Diagnostic, DocPath } from '../diagnostics/types.js';
import { referenceHint, substituteValue, varNames } from '../environments/variables.js';
import { isRecord } from '../model/json.js';
import type { TestCase, TestFile, TurnSpec } from './types.js';

export interface TestVariables {
  /** Where the values come from, for the message: `staging`, `the command line (no --env)`. */
  name: string;
  vars: ReadonlyMap<string, string>;
}

/** What a test says, apart from where it is: the parts that may hold `${var.NAME}`. */
const META = new Set(['file', 'path', 'line', 'column', 'name', 'turns', 'tags', 'skip']);

export function fillTestVariables(
  files: readonly TestFile[],
  variables: TestVariables,
): { files: TestFile[]; diagnostics: Diagnostic[] } {
  const diagnostics: Diagnostic[] = [];
  const out = files.map((file) => {
    if (file.mayHoldVariables === false) return file;
    const hintFor = (name: string) => {
      const hint = referenceHint('var', name, variables.vars.keys());
      return hint ? { hint } : {};
    };
    const unset = (text: string, path: DocPath) => {
      for (const name of varNames(text))
        if (!variables.vars.has(name))
          diagnostics.push(
            diagnosticFor(
              'unset-variable',
              `\${var.${name}} is not set in ${variables.name}.`,
              file.locator,
              path,
              'value',
              hintFor(name),
            ),
          );
    };
    let changed = false;
    const tests = file.tests.map((test): TestCase => {
      if (!mentionsVariables(test)) return test;
      changed = true;
      const copy: Record<string, unknown> = { ...test };
      for (const key of Object.keys(test)) {
        if (META.has(key)) continue;
        const value = (test as unknown as Record<string, unknown>)[key];
        walkStrings(value, [...test.path, key], unset);
        copy[key] = substituteValue(value, variables.vars);
      }
      copy.turns = test.turns.map((turn): TurnSpec => {
        if ('bot' in turn) {
          walkStrings(turn.bot, [...turn.path, 'bot'], unset);
          return {
            bot: substituteValue(turn.bot, variables.vars) as typeof turn.bot,
            path: turn.path,
          };
        }
        if ('user' in turn) {
          walkStrings(turn.user, [...turn.path, 'user'], unset);
          return {
            user: substituteValue(turn.user, variables.vars) as typeof turn.user,
            path: turn.path,
          };
        }
        walkStrings(turn.operator, [...turn.path, 'operator'], unset);
        return {
          operator: substituteValue(turn.operator, variables.vars) as typeof turn.operator,
          path: turn.path,
        };
      });
      return copy as unknown as TestCase;
    });
    return changed ? { ...file, tests } : file;
  });
  return { files: out, diagnostics };
}

/** Cheap first look: most tests use no variable and are passed on as they are. */
function mentionsVariables(test: TestCase): boolean {
  return (
    holdsVariable(test.turns) ||
    Object.keys(test).some(
      (k) => !META.has(k) && holdsVariable((test as unknown as Record<string, unknown>)[k]),
    )
  );
}

function holdsVariable(value: unknown): boolean {
  if (typeof value === 'string') return value.includes('${var.');
  if (Array.isArray(value)) return value.some(holdsVariable);
  if (isRecord(value)) return Object.keys(value).some((k) => holdsVariable(value[k]));
  return false;
}

function walkStrings(
  value: unknown,
  at: DocPath,
  visit: (text: string, at: DocPath) => void,
): void {
  if (typeof value === 'string') {
    if (value.includes('${')) visit(value, at);
  } else if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) walkStrings(value[i], [...at, i], visit);
  } else if (isRecord(value))
    for (const key of Object.keys(value)) walkStrings(value[key], [...at, key], visit);
}
