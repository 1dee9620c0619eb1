// The condition solver of `botform test generate`: witnesses that really make a condition hold
// (checked by evaluating it), and "impossible" only when no value does (checked by sampling).
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { compileExpression, evaluateCondition } from '../../src/expr/index.js';
import { conditionDnf, solveDnf, type Witness } from '../../src/solve/solve.js';

function scope(w: Witness): Record<string, unknown> {
  const out: Record<string, unknown> = { cart: { total: 0, count: 0, items: [] } };
  for (const [path, value] of w) {
    const parts = path.split('.');
    let at = out;
    for (const p of parts.slice(0, -1)) {
      if (typeof at[p] !== 'object' || at[p] === null) at[p] = {};
      at = at[p] as Record<string, unknown>;
    }
    at[parts[parts.length - 1] as string] = value;
  }
  return out;
}

function holds(source: string, vars: Record<string, unknown>): boolean {
  const compiled = compileExpression(source);
  if (!compiled.ok) throw new Error(compiled.error.message);
  const r = evaluateCondition(compiled.value, vars as never);
  return r.ok && r.value;
}

describe('the condition solver', () => {
  it('solves each documented form, both ways', () => {
    const cases = [
      'age >= 18 && age < 65',
      'city == "Milan" || city in ["Turin", "Genoa"]',
      'size(city) > 12',
      'city.size() == 3',
      'user.is_subscriber',
      '!(user.language == "it") && rating != 3',
      'has(user.email) && user.email != "a@b.c"',
      '!has(user.email)',
      '"vip" in tags',
      'cart.total > 0 && cart.total <= 14.5',
      'x > -2 && x < -1',
    ];
    for (const source of cases)
      for (const truth of [true, false]) {
        const solved = solveDnf(conditionDnf(source, truth));
        expect(solved.impossible, `${source} ${truth}`).toBeUndefined();
        expect(solved.witnesses.length, `${source} ${truth}`).toBeGreaterThan(0);
        for (const w of solved.witnesses)
          expect(
            holds(source, scope(w)),
            `${source} = ${truth} with ${JSON.stringify([...w])}`,
          ).toBe(truth);
      }
  });

  it('proves contradictions with the reason, and leaves other forms unsolved', () => {
    expect(solveDnf(conditionDnf('cart.total < 0', true)).impossible).toBe(
      '`cart.total < 0` cannot hold: `cart.total` is never negative',
    );
    expect(solveDnf(conditionDnf('age > 70 && age < 66', true)).impossible).toBe(
      '`age > 70` and `age < 66` contradict',
    );
    expect(solveDnf(conditionDnf('a == "x" && a == "y"', true)).impossible).toContain('contradict');
    expect(solveDnf(conditionDnf('size(s) > 3 && size(s) < 2', true)).impossible).toContain(
      'contradict',
    );
    expect(solveDnf(conditionDnf('false', true)).impossible).toBeDefined();
    const open = solveDnf(conditionDnf('a + b > 3', true));
    expect(open.impossible).toBeUndefined();
    expect(open.unsolved).toBe('a + b > 3');
    expect(open.witnesses).toStrictEqual([]);
  });

  it('on random comparisons of one number: a witness holds; "impossible" has no value that holds', () => {
    const op = fc.constantFrom('==', '!=', '<', '<=', '>', '>=');
    const atom = fc.tuple(op, fc.integer({ min: -5, max: 5 })).map(([o, n]) => `x ${o} ${n}`);
    const condition = fc
      .array(fc.tuple(atom, fc.constantFrom('&&', '||'), fc.boolean()), {
        minLength: 1,
        maxLength: 4,
      })
      .map((parts) =>
        parts
          .map(([a, join, negate], i) => `${i > 0 ? ` ${join} ` : ''}${negate ? `!(${a})` : a}`)
          .join(''),
      );
    fc.assert(
      fc.property(condition, fc.boolean(), (source, truth) => {
        const solved = solveDnf(conditionDnf(source, truth));
        for (const w of solved.witnesses) expect(holds(source, scope(w))).toBe(truth);
        if (solved.impossible !== undefined)
          for (let x = -12; x <= 12; x += 0.5)
            expect(holds(source, { x }), `${source} at ${x}`).toBe(!truth);
      }),
      { seed: 22, numRuns: 300 },
    );
  });
});
