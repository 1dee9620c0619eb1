// One typo, one problem: each mistake below is reported once, at the line that is wrong, in
// words that say what to do.
import { describe, expect, it } from 'vitest';
import { compileSources } from '../../src/compile/index.js';
import { defaultConfig } from '../../src/config/load-config.js';
import { DEFAULT_LIMITS } from '../../src/load/limits.js';
import { parseYamlSource } from '../../src/load/yaml-source.js';

function check(text: string) {
  const source = parseYamlSource('bot.yaml', text, DEFAULT_LIMITS);
  const { diagnostics } = compileSources([source], source.diagnostics, defaultConfig('/'));
  return diagnostics.map((d) => ({
    at: `${d.code} ${d.line}:${d.column}`,
    message: d.message,
    hint: d.hint,
  }));
}

describe('one typo, one problem', () => {
  it('a tab used as indentation: once, at its line, with what to do', () => {
    const found = check('start: a\nsteps:\n  a:\n    type: message\n\ttext: A\n    end: true\n');
    expect(found.map((f) => f.at)).toStrictEqual(['yaml-syntax 5:1']);
    expect(found[0]?.hint).toContain('Replace the tab with spaces');
  });

  it('a key indented one space too far: once, at that line, saying how far to indent', () => {
    const found = check('start: a\nsteps:\n  a:\n    type: message\n     text: A\n    end: true\n');
    expect(found.map((f) => f.at)).toStrictEqual(['yaml-syntax 5:1']);
    expect(found[0]?.hint).toBe('Indent `text:` with 4 spaces, like line 4 (one space off).');
  });

  it('in a list item, keys align after the dash', () => {
    const found = check(
      'start: a\nsteps:\n  a:\n    type: message\n    menu:\n      - text: A\n         goto: a\n',
    );
    expect(found.map((f) => f.at)).toStrictEqual(['yaml-syntax 7:1']);
    expect(found[0]?.hint).toBe('Indent `goto:` with 8 spaces, like line 6 (one space off).');
  });

  it('an empty type is one problem', () => {
    const found = check('start: a\nsteps:\n  a:\n    type:\n    text: A\n    end: true\n');
    expect(found.map((f) => `${f.at} ${f.message}`)).toStrictEqual([
      'missing-field 4:10 Step "a" has an empty `type`.',
    ]);
  });

  it('no doubled words in range messages', () => {
    const found = check(
      'start: a\nsteps:\n  a:\n    type: delay\n    seconds: 0\n    next: b\n  b:\n    type: message\n    text: B\n    end: true\n',
    );
    expect(found.map((f) => f.message)).toStrictEqual(['`seconds` of step "a" must be >= 1.']);
  });

  it('a misspelt transition field is one problem: the steps behind it are not unreachable on top', () => {
    const steps = (field: string) =>
      `start: a\nsteps:\n  a:\n    type: message\n    text: A\n    ${field}: b\n  b:\n    type: message\n    text: B\n    next: c\n  c:\n    type: message\n    text: C\n    end: true\n  orphan:\n    type: message\n    text: O\n    end: true\n`;
    const found = check(steps('nxt'));
    expect(found.map((f) => `${f.at} ${f.message}`)).toStrictEqual([
      'unknown-field 6:5 Unknown field `nxt` in a message step. Did you mean "next"?',
      // A step no field leads to is still reported.
      'unreachable-step 15:3 Step "orphan" cannot be reached from the start step or any entry point.',
    ]);
    // A field that is no transition's typo cuts nothing: b and c are unreachable, as said.
    expect(check(steps('colour')).map((f) => f.at)).toStrictEqual([
      'unknown-field 6:5',
      'unreachable-step 7:3',
      'unreachable-step 11:3',
      'unreachable-step 15:3',
    ]);
  });

  it('a dangling transition names the steps it cuts off, which are not reported again', () => {
    const found = check(
      'start: a\nsteps:\n  a:\n    type: message\n    text: A\n    next: catalgo\n  catalog:\n    type: message\n    text: C\n    next: pizza\n  pizza:\n    type: message\n    text: P\n    end: true\n  orphan:\n    type: message\n    text: O\n    end: true\n',
    );
    expect(found.map((f) => f.at)).toStrictEqual([
      'dangling-transition 6:11',
      'unreachable-step 15:3',
    ]);
    expect(found[0]?.message).toBe(
      '`next` of step "a" goes to "catalgo", which does not exist. Did you mean "catalog"? Until it is fixed, 2 steps cannot be reached: "catalog", "pizza".',
    );
  });
});
