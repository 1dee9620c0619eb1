// The test heads read from the text (load.ts, testHeads) are the positions the YAML locator
// gives, for generated block-style test files; other layouts fall back to the locator.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { testHeads } from '../../src/conversations/load.js';
import { lazyYamlLocator } from '../../src/load/yaml-locator.js';

const key = fc.constantFrom('name: t', 'turns: [{user: {text: hi}}]', 'skip: true', 'tags: [a]');

describe('test heads from the text', () => {
  it('agree with the locator (seeded)', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 4 }),
        fc.array(fc.tuple(key, fc.boolean(), fc.integer({ min: 1, max: 3 })), {
          minLength: 1,
          maxLength: 6,
        }),
        (indent, tests) => {
          const pad = ' '.repeat(indent);
          const lines = ['# a suite', 'tests:'];
          for (const [first, comment, spaces] of tests) {
            if (comment) lines.push('', `${pad}# the next test`);
            lines.push(`${pad}-${' '.repeat(spaces)}${first}`);
            lines.push(`${pad}${' '.repeat(spaces + 1)}seed: 3`);
          }
          lines.push('');
          const text = lines.join('\n');
          const heads = testHeads(text, tests.length);
          const locator = lazyYamlLocator('t.test.yaml', text);
          const expected = tests.map((_, i) => {
            const at = locator.locate(['tests', i], 'value');
            return { line: at.line, column: at.column };
          });
          expect(heads).toStrictEqual(expected);
        },
      ),
      { seed: 26, numRuns: 200 },
    );
  });

  it('gives up on other layouts', () => {
    expect(testHeads('tests: [{name: a, turns: []}]\n', 1)).toBeUndefined();
    expect(testHeads('tests:\n  - name: a\n    turns: []\n', 2)).toBeUndefined();
    expect(testHeads('tests:\n  - {name: a}\n', 1)).toBeUndefined();
  });
});
