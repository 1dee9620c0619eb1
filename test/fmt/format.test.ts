// formatScenarioYaml's edges: what it refuses, line endings, comments after empty values, the
// key orders it takes from the schemas, and the value fingerprint behind its safety net.
import { readdirSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parseDocument } from 'yaml';
import { formatScenarioYaml } from '../../src/fmt/index.js';
import { stepKeyOrder } from '../../src/fmt/key-order.js';
import { ownFieldsInLayout as ownFields } from '../../src/steps/roles.js';
import { valueFingerprint } from '../../src/fmt/same-value.js';
import { STEP_TYPES } from '../../src/steps/index.js';
import { SCHEMA_DIR } from '../../src/validate/schemas.js';

const ok = (text: string) => {
  const result = formatScenarioYaml(text);
  if (!result.ok) throw new Error(JSON.stringify(result));
  return result;
};

describe('formatScenarioYaml', () => {
  it('refuses a file that does not parse, with the diagnostic validate gives', () => {
    const result = formatScenarioYaml('steps:\n  a:\n    type: message\n    text: [unclosed\n', {
      file: 'bot.yaml',
    });
    expect(result.ok).toBe(false);
    if (result.ok || result.reason !== 'unparseable') throw new Error('expected unparseable');
    expect(result.diagnostics[0]).toMatchObject({
      code: 'yaml-syntax',
      file: 'bot.yaml',
      severity: 'error',
    });
    expect(result.diagnostics[0]?.line).toBeGreaterThan(0);
  });

  it.each([
    [
      'a duplicate key',
      'steps:\n  a:\n    type: message\n    type: question\n',
      'yaml-duplicate-key',
    ],
    ['two documents', 'start: a\n---\nstart: b\n', 'yaml-unsupported'],
    ['a custom tag', 'start: !ref a\n', 'yaml-unsupported'],
    ['an empty file', '# only a comment\n', 'empty-file'],
  ])('refuses %s', (_name, text, code) => {
    expect(formatScenarioYaml(text)).toMatchObject({
      ok: false,
      reason: 'unparseable',
      diagnostics: [{ code }],
    });
  });

  it('reports a canonical file as unchanged', () => {
    const text = 'start: a\nsteps:\n  a:\n    type: message\n    text: hi\n    end: true\n';
    expect(ok(text)).toStrictEqual({ ok: true, text, changed: false });
  });

  it('writes LF line endings and one newline at the end', () => {
    const result = ok('steps:\r\n  a:\r\n    text: "two\\nlines"\r\n    type: message\r\n\r\n\r\n');
    expect(result.text).toBe(
      'steps:\n  a:\n    type: message\n    text: |-\n      two\n      lines\n',
    );
  });

  it('keeps trailing newlines that belong to the last value', () => {
    const text = 'steps:\n  a:\n    type: message\n    text: |+\n      kept\n\n';
    expect(ok(text).text).toBe(text);
  });

  it('gives a comment after an empty value back to the key below it', () => {
    const result = ok('steps:\n  a:\n    end:\n    # about next\n    next: b\n    type: message\n');
    expect(result.text).toBe(
      'steps:\n  a:\n    type: message\n    # about next\n    next: b\n    end:\n',
    );
  });

  it('keeps a comment after an empty last value where it was', () => {
    const text =
      'steps:\n  a:\n    type: message\n    end:\n    # the last word\n  b:\n    type: message\n';
    expect(ok(text)).toStrictEqual({ ok: true, text, changed: false });
    const outer =
      'steps:\n  a:\n    type: message\n    end:\n\n  # about b\n  b:\n    type: message\n';
    expect(ok(outer)).toStrictEqual({ ok: true, text: outer, changed: false });
  });

  it('never drops a key or a value it does not know', () => {
    const text =
      'steps:\n  a:\n    mystery: 1\n    type: message\n    "": empty key\n    7: seven\nzzz: top\n';
    const result = ok(text);
    expect(result.text).toBe(
      'steps:\n  a:\n    type: message\n    mystery: 1\n    "": empty key\n    7: seven\nzzz: top\n',
    );
  });
});

describe('key orders', () => {
  it("take each step type's own fields from its schema, in properties order", () => {
    expect(ownFields('order')).toStrictEqual(['fields', 'payment', 'success_text']);
    expect(ownFields('operation')).toStrictEqual(['api', 'save_as']);
    expect(stepKeyOrder('condition')).toStrictEqual([
      'type',
      'description',
      'text',
      'branches',
      'menu',
      'next',
      'else',
      'on_error',
      'renamed_from',
      'end',
      'protect',
    ]);
  });

  it('cover every property of every step schema', () => {
    const files = readdirSync(SCHEMA_DIR).filter((f) => /^step-.+\.schema\.json$/.test(f));
    expect(files.length).toBe(STEP_TYPES.length);
    for (const type of STEP_TYPES) {
      const schema = JSON.parse(readFileSync(`${SCHEMA_DIR}step-${type}.schema.json`, 'utf8')) as {
        properties: Record<string, unknown>;
      };
      const order = stepKeyOrder(type);
      for (const key of Object.keys(schema.properties))
        expect(order, `${type}.${key}`).toContain(key);
    }
  });
});

describe('valueFingerprint', () => {
  const print = (text: string) => valueFingerprint(parseDocument(text), 100);

  it('ignores key order, comments and layout', () => {
    expect(print('a: 1\nb: [x, "y"] # c\n')).toBe(print('b:\n  - x\n  - y\na: 1\n'));
    expect(print('t: "a\\nb"\n')).toBe(print('t: |-\n  a\n  b\n'));
  });

  it('tells apart what only looks alike', () => {
    expect(print('a: 1\n')).not.toBe(print('a: "1"\n'));
    expect(print('a: true\n')).not.toBe(print('a: "true"\n'));
    expect(print('a: .inf\n')).not.toBe(print('a: Infinity\n'));
    expect(print('a: -0\n')).not.toBe(print('a: 0\n'));
    expect(print('a: ~\n')).not.toBe(print('a: ""\n'));
    expect(print('a: [1, 2]\n')).not.toBe(print('a: [2, 1]\n'));
    expect(print('1: x\n')).not.toBe(print('"1": x\n'));
  });

  it('follows aliases', () => {
    expect(print('a: &x [1]\nb: *x\n')).toBe(print('a: [1]\nb: [1]\n'));
  });
});
