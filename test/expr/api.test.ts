import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import {
  compileExpression,
  evaluateCondition,
  evaluateExpression,
  parseTemplate,
  renderTemplate,
  renderValue,
  type CompiledExpression,
  type CompiledTemplate,
} from '../../src/expr/index.js';

function compile(source: string): CompiledExpression {
  const result = compileExpression(source);
  if (!result.ok) throw new Error(`did not compile: ${result.error.message}`);
  return result.value;
}

function template(source: string): CompiledTemplate {
  const result = parseTemplate(source);
  if (!result.ok) throw new Error(`did not parse: ${result.error.message}`);
  return result.value;
}

function render(source: string, variables: Record<string, unknown>): string {
  const result = renderTemplate(template(source), variables);
  if (!result.ok) throw new Error(result.error.message);
  return result.value.text;
}

describe('compileExpression', () => {
  it('compiles the example scenario conditions with their meaning', () => {
    const vars = {
      cart: { total: 0 },
      user: { is_subscriber: true },
      order: { status: 'delivered' },
      rating: 4,
    };
    for (const source of [
      'cart.total == 0',
      'user.is_subscriber == true',
      'order.status == "delivered"',
      'rating >= 4',
    ]) {
      expect(evaluateCondition(compile(source), vars)).toEqual({ ok: true, value: true });
    }
    expect(evaluateCondition(compile('cart.total < 15'), { cart: { total: 15.5 } })).toEqual({
      ok: true,
      value: false,
    });
    expect(evaluateCondition(compile('rating >= 4'), { rating: 3 })).toEqual({
      ok: true,
      value: false,
    });
  });

  it('locates a syntax error where the expression breaks', () => {
    const result = compileExpression('cart.total == ');
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.error).toMatchObject({ kind: 'syntax', start: 14 });
    const unicode = compileExpression('имя == 1');
    expect(unicode.ok).toBe(false);
    if (!unicode.ok) expect(unicode.error).toMatchObject({ kind: 'syntax', start: 0 });
  });

  it('rejects too long, too deep and empty expressions with an error, never a throw', () => {
    const long = compileExpression(`${'1 + '.repeat(1000)}1`);
    expect(long.ok || long.error.kind).toBe('limit');
    const deep = compileExpression(`${'('.repeat(5000)}1${')'.repeat(5000)}`);
    expect(deep.ok || deep.error.kind).toBe('limit');
    const deep2 = compileExpression(`${'('.repeat(100)}1${')'.repeat(100)}`);
    expect(deep2.ok || deep2.error.kind).toBe('limit');
    const empty = compileExpression('  ');
    expect(empty.ok || empty.error.kind).toBe('syntax');
  });

  it('leaves out regular expressions and deeply nested comprehensions', () => {
    const regex = compileExpression('name.matches("(a+)+$")');
    expect(regex.ok || regex.error.kind).toBe('unsupported');
    const nested = compileExpression('l.all(a, l.all(b, l.all(c, a == b)))');
    expect(nested.ok || nested.error.kind).toBe('unsupported');
    expect(compileExpression('l.all(a, l.exists(b, a == b))').ok).toBe(true);
  });
});

describe('evaluateExpression', () => {
  it('sees only the data: no prototype, no globals', () => {
    for (const source of [
      'o.constructor',
      'o.__proto__',
      'o.toString',
      'constructor',
      'globalThis',
      'process',
      'o.hasOwnProperty',
    ]) {
      const result = evaluateExpression(compile(source), { o: { a: 1 } });
      expect(result.ok, source).toBe(false);
      if (!result.ok) expect(result.error.kind).toBe('missing');
    }
  });

  it('mixes whole numbers and fractions in arithmetic', () => {
    expect(evaluateExpression(compile('cart.total + 1'), { cart: { total: 2.5 } })).toEqual({
      ok: true,
      value: 3.5,
    });
    expect(evaluateExpression(compile('2 * x'), { x: 4 })).toEqual({ ok: true, value: 8 });
    expect(evaluateExpression(compile('size(items) + 1'), { items: ['a', 'b'] })).toEqual({
      ok: true,
      value: 3,
    });
  });

  it('reports missing variables and keys, run-time type errors and a non-bool condition', () => {
    const missing = evaluateExpression(compile('stock.in_stok > 1'), { stock: { in_stock: 2 } });
    expect(missing).toMatchObject({ ok: false, error: { kind: 'missing', start: 6 } });
    expect(evaluateExpression(compile('name > 1'), { name: 'x' })).toMatchObject({
      ok: false,
      error: { kind: 'type' },
    });
    expect(evaluateCondition(compile('name'), { name: 'x' })).toMatchObject({
      ok: false,
      error: { kind: 'type' },
    });
    expect(evaluateExpression(compile('1 / 0'), {})).toMatchObject({
      ok: false,
      error: { kind: 'evaluation' },
    });
  });

  it('bounds the input size', () => {
    const big = { l: Array.from({ length: 200_000 }, (_, i) => i) };
    expect(evaluateExpression(compile('size(l)'), big)).toMatchObject({
      ok: false,
      error: { kind: 'limit' },
    });
  });

  it('accepts a Map as the variables and ignores values that are not data', () => {
    const vars = new Map<string, unknown>([
      ['a', 1],
      ['f', () => 1],
      ['d', new Date(0)],
    ]);
    expect(evaluateExpression(compile('a'), vars)).toEqual({ ok: true, value: 1 });
    expect(evaluateExpression(compile('f'), vars)).toMatchObject({
      ok: false,
      error: { kind: 'missing' },
    });
    expect(evaluateExpression(compile('d'), vars)).toMatchObject({
      ok: false,
      error: { kind: 'missing' },
    });
  });
});

describe('templates', () => {
  it('renders numbers, strings, bools, lists, maps and null', () => {
    expect(render('{{ n }} / {{ f }} / {{ i }}', { n: 12, f: 12.5, i: 0.1 })).toBe(
      '12 / 12.5 / 0.1',
    );
    expect(render('{{ 2 + 3 }} {{ 7 / 2 }} {{ 7.0 / 2 }}', {})).toBe('5 3 3.5');
    expect(render('{{ ok }}-{{ none }}', { ok: true, none: null })).toBe('true-');
    expect(render('{{ items }}', { items: ['Margherita', 'Diavola'] })).toBe('Margherita, Diavola');
    expect(render('{{ m }}', { m: { a: 1, b: 'x' } })).toBe('a: 1, b: x');
    expect(render('We have {{stock.in_stock}} candles', { stock: { in_stock: 3 } })).toBe(
      'We have 3 candles',
    );
  });

  it('renders a missing value as empty and lists it', () => {
    const result = renderTemplate(template('Hi {{ user.name }}!'), { user: {} });
    expect(result).toMatchObject({
      ok: true,
      value: { text: 'Hi !', missing: [{ kind: 'missing', start: 11 }] },
    });
  });

  it('writes literal braces as a string expression, and keeps lone closing braces', () => {
    expect(render('{{ "{{" }}name}} and {{ "}}" }}', {})).toBe('{{name}} and }}');
    expect(render('a } b }} c', {})).toBe('a } b }} c');
    expect(render('no template here', {})).toBe('no template here');
  });

  it('locates errors inside the template', () => {
    expect(parseTemplate('Hello {{ name ')).toMatchObject({
      ok: false,
      error: { kind: 'syntax', start: 6 },
    });
    expect(parseTemplate('Hi {{ a + }}')).toMatchObject({
      ok: false,
      error: { kind: 'syntax', start: 10 },
    });
    expect(parseTemplate('Hi {{ "abc }}')).toMatchObject({
      ok: false,
      error: { kind: 'syntax', start: 6 },
    });
    expect(parseTemplate('Hi {{ }}')).toMatchObject({ ok: false, error: { kind: 'syntax' } });
  });

  it('fails the render on a run-time error other than a missing value, with its place', () => {
    expect(renderTemplate(template('x={{ 1 / size(l) }}'), { l: [] })).toMatchObject({
      ok: false,
      error: { kind: 'evaluation' },
    });
  });

  it('renderValue is documented: -0 as 0, nested lists flattened with commas', () => {
    expect(renderValue(-0)).toBe('0');
    expect(renderValue([1, [2, 3]])).toBe('1, 2, 3');
  });
});

describe('never throws (property)', () => {
  it('compiles, evaluates and renders arbitrary text without throwing', () => {
    const alphabet = fc.constantFrom(
      'a',
      'b',
      '.',
      '(',
      ')',
      '{',
      '}',
      '"',
      "'",
      '\\',
      ' ',
      '1',
      '+',
      '=',
      '>',
      '!',
      '[',
      ']',
      ',',
      '?',
      ':',
      'и',
      '😀',
      '\n',
      'r',
      '&',
      '|',
    );
    fc.assert(
      fc.property(
        fc.array(alphabet, { maxLength: 60 }).map((cs) => cs.join('')),
        (text) => {
          const vars = { a: 1, b: { a: 'x' } };
          const compiled = compileExpression(text);
          if (compiled.ok) evaluateExpression(compiled.value, vars);
          const parsed = parseTemplate(text);
          if (parsed.ok) renderTemplate(parsed.value, vars);
          else expect(parsed.error.start).toBeLessThanOrEqual(text.length);
        },
      ),
      { seed: 12, numRuns: 2000 },
    );
  });
});
