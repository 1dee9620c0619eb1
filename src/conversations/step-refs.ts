// Where a conversation test names a step: its `start`, the randomizers in `random` (and the step a
// variant goes to), the operations in `stubs`, each bot turn's `step` and `called.operation`. One
// list, for the editor's rename (lsp/rename.ts) to edit test files as it edits the scenario.
import type { DocPath, PathTarget } from '../diagnostics/types.js';
import type { TestCase } from './types.js';

export interface TestStepReference {
  key: string;
  path: DocPath;
  /** Whether the step is named by a mapping key (`stubs: {charge: …}`) or a value. */
  target: PathTarget;
}

export function testStepReferences(test: Omit<TestCase, 'line' | 'column'>): TestStepReference[] {
  const out: TestStepReference[] = [];
  if (test.start !== undefined)
    out.push({ key: test.start, path: [...test.path, 'start'], target: 'value' });
  for (const [key, choice] of Object.entries(test.random ?? {})) {
    out.push({ key, path: [...test.path, 'random', key], target: 'key' });
    if (typeof choice === 'string')
      out.push({ key: choice, path: [...test.path, 'random', key], target: 'value' });
  }
  for (const key of Object.keys(test.stubs ?? {}))
    out.push({ key, path: [...test.path, 'stubs', key], target: 'key' });
  for (const turn of test.turns) {
    if (!('bot' in turn)) continue;
    if (turn.bot.step !== undefined)
      out.push({ key: turn.bot.step, path: [...turn.path, 'bot', 'step'], target: 'value' });
    if (turn.bot.called)
      out.push({
        key: turn.bot.called.operation,
        path: [...turn.path, 'bot', 'called', 'operation'],
        target: 'value',
      });
  }
  return out;
}
