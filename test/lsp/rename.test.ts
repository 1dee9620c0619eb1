// Where a rename puts the old key: appended to an existing renamed_from (block or flow list), or
// a new field before `end:`; keys that need quotes are quoted; invalid keys are refused.
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';
import { renameStep } from '../../src/lsp/rename.js';
import { ScenarioWorkspace } from '../../src/lsp/workspace.js';
import { tempTree } from '../helpers/cli.js';

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
});
