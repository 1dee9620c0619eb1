// Credentials written inline anywhere in an API declaration are errors, and are never echoed.
import { describe, expect, it } from 'vitest';
import { compileSources } from '../../src/compile/index.js';
import { defaultConfig } from '../../src/config/load-config.js';
import { DEFAULT_LIMITS } from '../../src/load/limits.js';
import { parseYamlSource } from '../../src/load/yaml-source.js';

function diagnose(api: string) {
  const text = `start: a\nsteps:\n  a:\n    type: operation\n    api:\n${api}      response: {example: {ok: true}}\n      errors: [{status: 500}]\n    end: true\n`;
  const source = parseYamlSource('a.yaml', text, DEFAULT_LIMITS);
  return compileSources([source], source.diagnostics, defaultConfig('/')).diagnostics.map((d) => ({
    code: d.code,
    line: d.line,
    message: d.message,
  }));
}

describe('inline secrets in API declarations', () => {
  it('a credential in the URL query, but not a ${secret:} reference or a {placeholder}', () => {
    const found = diagnose(
      '      method: GET\n      url: https://x.example/v1?api_key=sk_live_123&token=${secret:TOK}&q={q}\n      request:\n        required: {q: string}\n',
    );
    expect(found.map((d) => [d.code, d.line])).toStrictEqual([['api-inline-secret', 7]]);
    expect(found[0]?.message).toContain('api_key');
    expect(JSON.stringify(found)).not.toContain('sk_live_123');
  });

  it('"Bearer <literal>" in a header of any name; a reference is fine', () => {
    const found = diagnose(
      '      method: GET\n      url: https://x.example/v1\n      headers:\n        X-Custom: Bearer sk_live_abc\n        X-Ok: Bearer ${secret:TOK}\n',
    );
    expect(found.map((d) => [d.code, d.line])).toStrictEqual([['api-inline-secret', 9]]);
    expect(JSON.stringify(found)).not.toContain('sk_live_abc');
  });
});

describe('staging_url: the whole staging URL, with the placeholders of url', () => {
  const api = (staging: string) =>
    `      method: GET\n      url: https://zones.example.com/v1/zones/{postcode}\n      staging_url: ${staging}\n      request:\n        required: {postcode: string}\n`;

  it('a full template is fine; a base, or other placeholders, are api-staging-url at staging_url', () => {
    expect(diagnose(api('http://127.0.0.1:9000/v1/zones/{postcode}'))).toStrictEqual([]);
    const base = diagnose(api('http://127.0.0.1:9000'));
    expect(base.map((d) => [d.code, d.line])).toStrictEqual([['api-staging-url', 8]]);
    expect(base[0]?.message).toContain('lacks {postcode}');
    expect(base[0]?.message).toContain('not a base');
    const other = diagnose(api('http://127.0.0.1:9000/v1/zones/{zip}'));
    expect(other.map((d) => d.code)).toStrictEqual(['api-staging-url']);
    expect(other[0]?.message).toContain('{postcode}');
  });

  it('without placeholders, a staging_url without a path where url has one is a base', () => {
    const found = diagnose(
      '      method: GET\n      url: https://kitchen.example.com/v1/orders\n      staging_url: https://staging.kitchen.example.com/\n',
    );
    expect(found.map((d) => d.code)).toStrictEqual(['api-staging-url']);
    expect(found[0]?.message).toContain('has no path, while url has /v1/orders');
    expect(
      diagnose(
        '      method: GET\n      url: https://kitchen.example.com/v1/orders\n      staging_url: https://staging.kitchen.example.com/v1/orders\n',
      ),
    ).toStrictEqual([]);
  });
});
