// Completion contexts read from the line being typed, including in text that does not parse.
import { describe, expect, it } from 'vitest';
import { completeAt, type CompletionSource } from '../../src/lsp/completion.js';

const SOURCE: CompletionSource = {
  keys: ['main_menu', 'welcome', 'Main menu'],
  typeOf: (key) => (key === 'welcome' ? 'message' : undefined),
  variables: (step) => [
    { name: 'email', detail: `at ${step ?? '?'}` },
    { name: 'order', detail: 'saved by operation step "lookup"' },
  ],
};

/** Completion labels at the `|` in the text. */
function labelsAt(textWithCursor: string): string[] {
  const offset = textWithCursor.indexOf('|');
  const text = textWithCursor.replace('|', '');
  const before = text.slice(0, offset).split('\n');
  const position = { line: before.length - 1, character: (before[before.length - 1] ?? '').length };
  return completeAt(text, position, SOURCE).items.map((i) => i.label);
}

describe('completion contexts', () => {
  it('offers variables inside {{ }} and in a condition, with the step the cursor is in', () => {
    const list = completeAt(
      'steps:\n  hi:\n    type: message\n    text: Hello {{ em',
      { line: 3, character: 22 },
      SOURCE,
    );
    expect(list.items.map((i) => [i.label, i.detail])).toEqual([
      ['email', 'at hi'],
      ['order', 'saved by operation step "lookup"'],
    ]);
    expect(list.items[0]?.textEdit).toEqual({
      range: { start: { line: 3, character: 20 }, end: { line: 3, character: 22 } },
      newText: 'email',
    });
    expect(labelsAt('steps:\n  c:\n    type: condition\n    branches:\n      - if: ord|')).toEqual([
      'email',
      'order',
    ]);
    expect(labelsAt('steps:\n  hi:\n    text: "{{ a }} and |')).toEqual([]);
  });

  it('offers step keys in start, entries (flow and block) and renamed_from, quoting keys that need it', () => {
    expect(labelsAt('start: |')).toEqual(['main_menu', 'welcome', 'Main menu']);
    expect(labelsAt('entries: [welcome, ma|')).toEqual(['main_menu', 'Main menu']);
    expect(labelsAt('entries:\n  - |')).toHaveLength(3);
    expect(labelsAt('steps:\n  a:\n    renamed_from:\n      - we|')).toEqual(['welcome']);
    const quoted = completeAt('next: Main', { line: 0, character: 10 }, SOURCE).items.find(
      (i) => i.label === 'Main menu',
    );
    expect(quoted?.textEdit).toMatchObject({ newText: '"Main menu"' });
    const inQuotes = completeAt('next: "Main', { line: 0, character: 11 }, SOURCE).items.find(
      (i) => i.label === 'Main menu',
    );
    expect(inQuotes?.textEdit).toMatchObject({ newText: 'Main menu' });
  });

  it('offers step types, the fields of a step of that type, and top-level keys', () => {
    expect(labelsAt('steps:\n  a:\n    type: |')).toContain('randomizer');
    const delay = labelsAt('steps:\n  a:\n    type: delay\n    |\n    next: b');
    expect(delay).toContain('seconds');
    expect(delay).not.toContain('type');
    expect(delay).not.toContain('next');
    expect(labelsAt('start: a\n|')).toEqual(['entries', 'steps']);
    // A list item under a step's menu is not a step's field.
    expect(labelsAt('steps:\n  a:\n    menu:\n      - text: x\n        |')).toEqual([]);
  });
});
