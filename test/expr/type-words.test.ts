// CEL's type errors in a designer's words, at check time and when an expression is evaluated.
import { describe, expect, it } from 'vitest';
import { compileExpression, evaluateExpression } from '../../src/expr/index.js';
import { typeErrorInWords } from '../../src/expr/type-words.js';

describe('type errors in words', () => {
  it.each([
    ['no such overload: double == string', 'The expression compares a number with text'],
    ['no such overload: dyn<double> < string', 'The expression compares a number with text'],
    ['no such overload: string + int', 'The expression adds a number to text'],
    ['no such overload: dyn<string> * int', 'The expression multiplies text by a number'],
    ['no such overload: bool > int', 'The expression compares true/false with a number'],
    ["found no matching overload for 'size(double)'", 'size() does not take a number'],
  ])('%s', (raw, words) => {
    expect(typeErrorInWords(raw)?.message).toBe(words);
  });

  it('leaves other messages alone', () => {
    expect(typeErrorInWords('Unknown variable: x')).toBeUndefined();
  });

  it('an evaluation that mixes types says so in words, not CEL overloads', () => {
    const compiled = compileExpression('x == "a" || x > "b"');
    if (!compiled.ok) throw new Error('compiles');
    const result = evaluateExpression(compiled.value, { x: 1.5 });
    expect(result.ok).toBe(false);
    if (!result.ok) {
      expect(result.error.message).toBe('the expression compares a number with text');
      expect(result.error.message).not.toContain('overload');
    }
  });
});
