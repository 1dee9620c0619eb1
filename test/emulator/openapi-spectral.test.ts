// The emulator's OpenAPI document passes Stoplight Spectral's `spectral:oas` ruleset (the one
// `spectral lint` uses by default) with no error — run in-process here, the same rules and the
// same results as the CLI; and the check bites: the mistake it once found comes back as an error.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import spectralCore, { type RulesetDefinition } from '@stoplight/spectral-core';
import { Json } from '@stoplight/spectral-parsers';
import { oas } from '@stoplight/spectral-rulesets';
import { describe, expect, it } from 'vitest';
import { REPO } from '../helpers/fixtures.js';

const FILE = path.join(REPO, 'schemas', 'hightouch.openapi.json');

async function lint(text: string) {
  const spectral = new spectralCore.Spectral();
  // The ruleset's published type is narrower than the object it exports.
  spectral.setRuleset({ extends: [[oas as unknown as RulesetDefinition, 'recommended']] });
  return spectral.run(new spectralCore.Document(text, Json, FILE));
}

describe('the OpenAPI document under Spectral', () => {
  it('has no errors under spectral:oas', async () => {
    const results = await lint(readFileSync(FILE, 'utf8'));
    const errors = results.filter((r) => r.severity === 0);
    expect(errors.map((e) => `${e.code} at ${e.path.join('.')}: ${e.message}`)).toEqual([]);
    // Warnings are style (trailing slashes are the API's own paths): counted, not hidden.
    expect(results.length).toBeGreaterThan(0);
  }, 30_000);

  it('an array without items is an error (array-items), as Order.items once was', async () => {
    const doc = JSON.parse(readFileSync(FILE, 'utf8')) as {
      components: { schemas: { Order: { properties: { items: Record<string, unknown> } } } };
    };
    doc.components.schemas.Order.properties.items = { type: 'array' };
    const errors = (await lint(JSON.stringify(doc, null, 2))).filter((r) => r.severity === 0);
    expect(errors.map((e) => e.code)).toContain('array-items');
  }, 30_000);
});
