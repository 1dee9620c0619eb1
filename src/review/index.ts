// review/: what a change to the scenario does to conversations (`botform review --base REF`).
// Both versions are compiled elsewhere (the CLI reads the base from git); here, pure: the
// structure diff (diff.ts), the conversations — the repository's tests and the paths `test
// generate` walks on each version — played on both (conversations.ts), the ones whose
// transcripts part grouped by where they part, the patch's transitions no test walks, and the
// tests that touch what changed.
import { parse } from 'yaml';
import { testCases } from '../conversations/load.js';
import type { TestFile } from '../conversations/types.js';
import type { SourceLocator } from '../diagnostics/types.js';
import { lazyYamlLocator } from '../load/yaml-locator.js';
import type { Scenario } from '../model/scenario.js';
import { generateTests } from '../testgen/index.js';
import { type Conversation, type Difference, differences, transcriptOf } from './conversations.js';
import { diffScenarios, transitionKey } from './diff.js';

export interface ReviewSide {
  scenario: Scenario;
  locators: ReadonlyMap<string, SourceLocator>;
}

export interface BehaviourChange {
  kind: Difference['kind'];
  /** How many conversations see it, and which (the first is the example, the shortest). */
  count: number;
  conversations: { origin: 'test' | 'generated'; file: string; name: string }[];
  /** The example's user inputs up to and including the turn where it shows. */
  inputs: string[];
  before: string[];
  after: string[];
}

export interface Review {
  behaviourChanges: BehaviourChange[];
  uncoveredTransitions: {
    file: string;
    line: number;
    column: number;
    from: string;
    kind: string;
    label?: string;
    to: string;
  }[];
  patchCoverage: { covered: number; total: number };
  affectedTests: { file: string; name: string }[];
  renamed: [string, string][];
  removedSteps: string[];
  changedSteps: string[];
  notes: string[];
}

/** Past this many steps the paths of `test generate` are left out (its search is the cost). */
const GENERATE_MAX_STEPS = 500;

export function reviewChange(
  base: ReviewSide | undefined,
  head: ReviewSide,
  tests: readonly TestFile[],
  options: { generated?: boolean } = {},
): Review {
  const diff = diffScenarios(base?.scenario, head.scenario);
  const notes: string[] = [];
  const headName = (key: string) => diff.renamed.get(key) ?? key;
  const baseNames = new Map([...diff.renamed].map(([b, h]) => [h, b]));
  const baseName = (key: string) => baseNames.get(key) ?? key;
  const conversations: Conversation[] = [];
  const locators = new Map<Conversation, SourceLocator>();
  for (const file of tests)
    for (const test of file.tests) {
      const c: Conversation = { origin: 'test', file: file.file, name: test.name, test };
      conversations.push(c);
      locators.set(c, file.locator);
    }
  for (const [side, version] of [
    ['head', head],
    ['base', base],
  ] as const) {
    if (!version || options.generated === false) continue;
    if (version.scenario.steps.size > GENERATE_MAX_STEPS) {
      notes.push(
        `The ${side} has ${version.scenario.steps.size} steps: the paths test generate walks were left out (past ${GENERATE_MAX_STEPS}); the repository's tests were compared.`,
      );
      continue;
    }
    const generation = generateTests(version.scenario, version.locators, 'botform review');
    for (const [name, text] of generation.files) {
      const locator = lazyYamlLocator(name, text);
      for (const test of testCases(`${side}:${name}`, parse(text))) {
        const c: Conversation = {
          origin: 'generated',
          file: `${side}:${name}`,
          name: test.name,
          test: { ...test, line: 1, column: 1 },
        };
        conversations.push(c);
        locators.set(c, locator);
      }
    }
  }

  const groups = new Map<string, { change: BehaviourChange; length: number }>();
  const walkedByTests = new Set<string>();
  const affected: { file: string; name: string }[] = [];
  const patchKeys = new Set(
    diff.patch.map((p) => transitionKey(p.from, p.transition.kind, p.transition.index)),
  );
  const removedKeys = new Set(diff.removed.map((r) => transitionKey(r.from, r.kind, r.index)));
  const touched = new Set([...diff.changedSteps, ...diff.addedSteps]);
  for (const c of conversations) {
    const locator = locators.get(c) as SourceLocator;
    // A repository test is written in head's names; a generated one in its own version's.
    const toBase = c.origin === 'test' || c.file.startsWith('head:') ? baseName : (k: string) => k;
    const toHead = c.file.startsWith('base:') ? headName : (k: string) => k;
    const after = transcriptOf(c, head.scenario, locator, (k) => k, toHead);
    const before = base ? transcriptOf(c, base.scenario, locator, headName, toBase) : undefined;
    if (c.origin === 'test') {
      for (const key of after.walked) walkedByTests.add(key);
      const hits =
        after.walked.some((k) => patchKeys.has(k)) ||
        after.entered.some((s) => touched.has(s)) ||
        (before?.walked.some((k) => removedKeys.has(k)) ?? false) ||
        (before?.entered.some((s) => diff.removedSteps.has(s)) ?? false);
      if (hits) affected.push({ file: c.file, name: c.name });
    }
    if (!before) continue;
    const entry = { origin: c.origin, file: c.file, name: c.name };
    for (const d of differences(before.turns, after.turns)) {
      const inputs = (after.turns[d.turn] ? after.turns : before.turns)
        .slice(1, d.turn + 1)
        .map((t) => t.input);
      const group = groups.get(d.key);
      if (!group) {
        groups.set(d.key, {
          change: {
            kind: d.kind,
            count: 1,
            conversations: [entry],
            inputs,
            before: d.before,
            after: d.after,
          },
          length: inputs.length,
        });
        continue;
      }
      if (group.change.conversations.some((e) => e.file === c.file && e.name === c.name)) continue;
      group.change.count++;
      if (inputs.length < group.length) {
        group.change.conversations.unshift(entry);
        group.change.inputs = inputs;
        group.length = inputs.length;
      } else group.change.conversations.push(entry);
    }
  }

  const uncovered = diff.patch
    .filter((p) => !walkedByTests.has(transitionKey(p.from, p.transition.kind, p.transition.index)))
    .map((p) => {
      const file = head.scenario.steps.get(p.from)?.origin.file ?? '';
      const at = head.locators.get(file)?.locate(p.transition.path, 'value') ?? {
        line: 1,
        column: 1,
      };
      return {
        file,
        line: at.line,
        column: at.column,
        from: p.from,
        kind: p.transition.kind,
        ...(p.transition.label !== undefined ? { label: p.transition.label } : {}),
        to: p.transition.target,
      };
    })
    .sort((a, b) => (a.file < b.file ? -1 : a.file > b.file ? 1 : a.line - b.line));
  if (!base) notes.push('The base did not compile: every transition of the head counts as new.');
  return {
    behaviourChanges: [...groups.values()].map((g) => g.change).sort((a, b) => b.count - a.count),
    uncoveredTransitions: uncovered,
    patchCoverage: { covered: diff.patch.length - uncovered.length, total: diff.patch.length },
    affectedTests: affected,
    renamed: [...diff.renamed],
    removedSteps: [...diff.removedSteps].sort(),
    changedSteps: [...diff.changedSteps].sort(),
    notes,
  };
}
