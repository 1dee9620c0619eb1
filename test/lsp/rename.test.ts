// Where a rename puts the old key: appended to an existing renamed_from (block or flow list), or
// a new field before `end:`; keys that need quotes are quoted; invalid keys are refused. Renaming
// back to an old name never puts the step's own key into renamed_from, and conversation tests
// (*.test.yaml) are edited too, so `botform test` still passes after a rename.
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';
import { renameStep } from '../../src/lsp/rename.js';
import { ScenarioWorkspace } from '../../src/lsp/workspace.js';
import { runCli, tempTree } from '../helpers/cli.js';

interface Edit {
  range: { start: { line: number; character: number }; end: { line: number; character: number } };
  newText: string;
}

function applyEdits(text: string, edits: Edit[]): string {
  const lines = text.split('\n');
  const offset = (p: { line: number; character: number }) =>
    lines.slice(0, p.line).reduce((n, l) => n + l.length + 1, 0) + p.character;
  let out = text;
  for (const e of [...edits].sort((a, b) => offset(b.range.start) - offset(a.range.start)))
    out = out.slice(0, offset(e.range.start)) + e.newText + out.slice(offset(e.range.end));
  return out;
}

async function rename(text: string, oldKey: string, newKey: string): Promise<string> {
  const tree = tempTree({ 'main.yaml': text });
  try {
    const workspace = new ScenarioWorkspace(tree.dir);
    workspace.setDocument(path.join(tree.dir, 'main.yaml'), text);
    const result = renameStep(await workspace.fresh(), oldKey, newKey);
    if (!result.ok) return `refused: ${result.message}`;
    return applyEdits(
      text,
      result.edit.changes?.[pathToFileURL(path.join(tree.dir, 'main.yaml')).href] ?? [],
    );
  } finally {
    tree.cleanup();
  }
}

describe('rename', () => {
  it('appends to a block renamed_from list', async () => {
    const text =
      'start: a\nsteps:\n  a:\n    type: message\n    text: Hi\n    renamed_from:\n      - older\n    end: true\n';
    expect(await rename(text, 'a', 'b')).toBe(
      'start: b\nsteps:\n  b:\n    type: message\n    text: Hi\n    renamed_from:\n      - older\n      - a\n    end: true\n',
    );
  });

  it('appends to a flow renamed_from list, and quotes a key that needs it', async () => {
    const text =
      'start: a\nsteps:\n  a:\n    type: message\n    text: Hi\n    renamed_from: [older]\n    end: true\n';
    expect(await rename(text, 'a', 'Main menu: 2')).toBe(
      'start: "Main menu: 2"\nsteps:\n  "Main menu: 2":\n    type: message\n    text: Hi\n    renamed_from: [older, a]\n    end: true\n',
    );
  });

  it('adds renamed_from at the end of a step with no end:, even at the end of a file without a newline', async () => {
    const text = 'start: a\nsteps:\n  a:\n    type: message\n    text: Hi\n    next: a';
    expect(await rename(text, 'a', 'b')).toBe(
      'start: b\nsteps:\n  b:\n    type: message\n    text: Hi\n    next: b\n    renamed_from: [a]',
    );
  });

  it('refuses an existing key and an invalid one', async () => {
    const text =
      'start: a\nsteps:\n  a:\n    type: message\n    text: Hi\n    next: b\n  b:\n    type: message\n    text: Bye\n    end: true\n';
    expect(await rename(text, 'a', 'b')).toBe(
      'refused: A step "b" already exists; pick another key.',
    );
    expect(await rename(text, 'a', ' padded')).toMatch(
      /^refused: " padded" is not a valid step key/,
    );
  });

  it('renaming back to an old name swaps it for the current key: the own key is never listed', async () => {
    const text =
      'start: b\nsteps:\n  b:\n    type: message\n    text: Hi\n    renamed_from: [a]\n    end: true\n';
    const back = await rename(text, 'b', 'a');
    expect(back).toBe(
      'start: a\nsteps:\n  a:\n    type: message\n    text: Hi\n    renamed_from: [b]\n    end: true\n',
    );
    const t = tempTree({ 'main.yaml': back });
    try {
      expect((await runCli(['validate', 'main.yaml'], { cwd: t.dir })).code).toBe(0);
    } finally {
      t.cleanup();
    }
  });

  it('edits the conversation tests too: start, a variant in random, bot steps (flow, block, quoted)', async () => {
    const scenario = `start: welcome
steps:
  welcome:
    type: message
    text: Hi
    menu:
      - text: Go
        goto: pick
  pick:
    type: randomizer
    variants:
      - goto: welcome
        weight: 50
      - goto: bye
        weight: 50
  bye:
    type: message
    text: Bye
    end: true
`;
    const tests = `tests:
  - name: round
    start: welcome
    random: {pick: welcome}
    turns:
      - bot: {step: welcome, buttons: [Go]}
      - user: {press: Go}
      - bot:
          step: "welcome"
`;
    const tree = tempTree({
      'botform.config.yaml': 'scenario: scenarios\n',
      'scenarios/main.yaml': scenario,
      'tests/main.test.yaml': tests,
    });
    try {
      expect((await runCli(['test'], { cwd: tree.dir })).code).toBe(0);
      const workspace = new ScenarioWorkspace(tree.dir);
      const main = path.join(tree.dir, 'scenarios/main.yaml');
      const testFile = path.join(tree.dir, 'tests/main.test.yaml');
      workspace.setDocument(main, scenario);
      const result = renameStep(
        await workspace.fresh(),
        'welcome',
        'hello',
        await workspace.testTexts(),
      );
      if (!result.ok) throw new Error(result.message);
      const changes = result.edit.changes ?? {};
      const renamedTests = applyEdits(tests, changes[pathToFileURL(testFile).href] ?? []);
      expect(renamedTests).toBe(
        tests
          .replace('start: welcome', 'start: hello')
          .replace('{pick: welcome}', '{pick: hello}')
          .replace('{step: welcome,', '{step: hello,')
          .replace('step: "welcome"', 'step: hello'),
      );
      writeFileSync(main, applyEdits(scenario, changes[pathToFileURL(main).href] ?? []));
      writeFileSync(testFile, renamedTests);
      const after = await runCli(['test'], { cwd: tree.dir });
      expect(after.code, after.stdout + after.stderr).toBe(0);
    } finally {
      tree.cleanup();
    }
  });
});
