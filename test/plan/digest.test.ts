// The plan digest covers every key, including keys named like object members: a `__proto__`
// key in a call body must change the digest, not vanish into a prototype.
import { describe, expect, it } from 'vitest';
import { canonicalJson } from '../../src/plan/canonical.js';
import { planDigest, withDigest } from '../../src/plan/digest.js';
import type { Plan } from '../../src/plan/types.js';
import { createStep, plan as makePlan } from '../render/plans.js';

describe('plan digest', () => {
  it('is stable, ignores only itself, and sees every key', () => {
    const plan = withDigest(
      JSON.parse(
        JSON.stringify(
          makePlan([
            createStep('welcome', { type: 'message', text: 'Hi', next: null, params: {} }),
          ]),
        ),
      ) as Plan,
    );
    expect(plan.digest).toMatch(/^sha256:[0-9a-f]{64}$/);
    expect(planDigest(plan)).toBe(plan.digest);
    expect(planDigest({ ...plan, digest: 'sha256:other' })).toBe(plan.digest);
    for (const key of ['__proto__', 'constructor', 'toString']) {
      const edited = JSON.parse(
        JSON.stringify(plan).replace('"operations":[{', `"operations":[{"${key}":{"x":1},`),
      ) as Plan;
      expect(Object.hasOwn(edited.operations[0] as object, key)).toBe(true);
      expect(planDigest(edited), key).not.toBe(plan.digest);
    }
  });

  it('canonical JSON keeps a __proto__ key as a key', () => {
    const value = JSON.parse('{"b": 1, "__proto__": {"polluted": true}}') as unknown;
    expect(JSON.stringify(canonicalJson(value))).toBe('{"__proto__":{"polluted":true},"b":1}');
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });
});
