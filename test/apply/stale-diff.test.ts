// A stale plan names each changed field as old → new. Long values are cut to a window, and the
// window starts a little before the first difference: two long texts that differ only near their
// ends never read as equal.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { describeFieldChanges, showPair } from '../../src/apply/stale-diff.js';
import type { StepRecord } from '../../src/remote/contract.js';

const step = (text: string): StepRecord =>
  ({
    id: 7,
    shop: 1,
    name: 'welcome',
    type: 'message',
    text,
    next_step: null,
    params: {},
  }) as StepRecord;

describe('the field diff of a stale plan', () => {
  it('shows the difference of two long texts that differ near the end', () => {
    const before = `${'Welcome to our pizza place, we bake every day. '.repeat(3)}Open until 10 pm.`;
    const after = before.replace('10 pm', '11 pm');
    const said = describeFieldChanges(
      { type: 'message', text: before, next: null, params: {} },
      'step',
      step(after),
      () => undefined,
    );
    expect(said).toBe('text …ry day. Open until 10 pm." → …ry day. Open until 11 pm."');
  });

  it('any single change in a value of any length is in view on both sides', () => {
    fc.assert(
      fc.property(
        fc.string({ maxLength: 400 }),
        fc.nat(),
        fc.string({ minLength: 1, maxLength: 3 }),
        (text, at, inserted) => {
          const i = at % (text.length + 1);
          const changed = `${text.slice(0, i)}${inserted}${text.slice(i)}`;
          const [was, is] = showPair(text, changed);
          expect(was).not.toBe(is);
          for (const shown of [was, is]) expect(shown.length).toBeLessThanOrEqual(62);
          // What is shown is a window of each JSON text: strip the marks and it is found there.
          expect(JSON.stringify(text)).toContain(was.replace(/^…|…$/g, ''));
          expect(JSON.stringify(changed)).toContain(is.replace(/^…|…$/g, ''));
        },
      ),
      { numRuns: 500, seed: 6006 },
    );
  });

  it('short values are shown whole', () => {
    expect(showPair('Hi!', 'Hello!')).toStrictEqual(['"Hi!"', '"Hello!"']);
    expect(showPair(undefined, 'menu')).toStrictEqual(['(none)', '"menu"']);
  });
});
