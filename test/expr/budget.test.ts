// The evaluation budget (src/expr/budget.ts): work and sizes are counted as an expression runs,
// so a small expression over large (but allowed) data stops with a clear error instead of
// running for minutes or exhausting the heap. Without the budget the first test runs for about
// a minute (400 million comparisons); the timeout is only a backstop, the assertions are on the
// error.
import { describe, expect, it } from 'vitest';
import {
  compileExpression,
  evaluateCondition,
  evaluateExpression,
  newBudget,
  parseTemplate,
  renderTemplate,
  EVALUATION_BUDGET,
  type CompiledExpression,
} from '../../src/expr/index.js';

function compile(source: string): CompiledExpression {
  const c = compileExpression(source);
  if (!c.ok) throw new Error(c.error.message);
  return c.value;
}

const list = Array.from({ length: 20_000 }, (_, i) => i);
const text = 'a'.repeat(900_000);

describe('evaluation budget', () => {
  it('stops nested quantifiers over large lists: took too long', { timeout: 20_000 }, () => {
    const result = evaluateCondition(compile('l.all(x, l.all(y, x + y >= 0))'), { l: list });
    expect(result).toMatchObject({
      ok: false,
      error: { kind: 'limit', budget: { reason: 'steps' } },
    });
    expect(!result.ok && result.error.message).toContain('took too long');
    const exists = evaluateCondition(compile('l.exists(x, l.exists(y, x == y + 1000000))'), {
      l: list,
    });
    expect(exists).toMatchObject({ ok: false, error: { budget: { reason: 'steps' } } });
  });

  it('refuses a text the moment it grows past the limit', { timeout: 20_000 }, () => {
    // Each `s + s` is 1.8 million characters; a thousand of them, kept in a list and flattened by
    // `contains`, are gigabytes.
    const result = evaluateCondition(compile('l.map(x, s + s).exists(y, y.contains("b"))'), {
      l: list.slice(0, 1000),
      s: text,
    });
    expect(result).toMatchObject({
      ok: false,
      error: { kind: 'limit', budget: { reason: 'size' } },
    });
    expect(!result.ok && result.error.message).toContain('built a text longer than 1,000,000');
  });

  it('refuses a list the moment it grows past the limit', () => {
    const result = evaluateExpression(compile('size(l + l + l + l + l + l)'), {
      l: list,
    });
    expect(result).toMatchObject({ ok: false, error: { budget: { reason: 'size' } } });
    expect(!result.ok && result.error.message).toContain('built a list of more than 100,000');
  });

  it('charges reading a large value each time it is read', () => {
    // 900,000 characters a read: three reads fit in the budget, a read per list item does not.
    expect(evaluateCondition(compile('s.contains("b") || s.size() > 0'), { s: text })).toEqual({
      ok: true,
      value: true,
    });
    expect(
      evaluateCondition(compile('l.exists(x, s.contains(string(x)))'), {
        l: list.slice(0, 100),
        s: text,
      }),
    ).toMatchObject({ ok: false, error: { budget: { reason: 'steps' } } });
  });

  it('a spent budget is an error even where CEL would absorb the error (`error || true`)', () => {
    const result = evaluateCondition(compile('l.all(x, l.all(y, x + y >= 0)) || true'), {
      l: list,
    });
    expect(result).toMatchObject({ ok: false, error: { budget: { reason: 'steps' } } });
  });

  it('one budget shared by several evaluations (a turn) runs out across them', () => {
    const budget = newBudget(1000);
    const expression = compile('l.all(x, x >= 0)');
    const l = list.slice(0, 100);
    let runs = 0;
    while (evaluateCondition(expression, { l }, budget).ok) runs++;
    expect(runs).toBeGreaterThan(0);
    expect(runs).toBeLessThan(10);
    expect(budget.remaining).toBeLessThan(0);
    // Spent: the next evaluation is refused at once.
    expect(evaluateCondition(compile('true'), {}, budget)).toMatchObject({
      ok: false,
      error: { budget: { reason: 'steps' } },
    });
  });

  it('templates share the budget and report it', () => {
    const template = parseTemplate('{{ l.map(x, l.map(y, x * y)) }}');
    if (!template.ok) throw new Error(template.error.message);
    const rendered = renderTemplate(template.value, { l: list });
    expect(rendered).toMatchObject({ ok: false, error: { budget: { reason: 'steps' } } });
  });

  it('ordinary expressions over the largest allowed inputs stay within it', () => {
    expect(EVALUATION_BUDGET).toBeGreaterThan(20 * list.length);
    expect(evaluateExpression(compile('l.map(x, x * 2).size()'), { l: list })).toEqual({
      ok: true,
      value: 20_000,
    });
    expect(
      evaluateCondition(compile('l.filter(x, x >= 10000).all(x, x >= 10000)'), { l: list }),
    ).toEqual({ ok: true, value: true });
    expect(evaluateCondition(compile('s.size() == 900000'), { s: text })).toEqual({
      ok: true,
      value: true,
    });
  });
});
