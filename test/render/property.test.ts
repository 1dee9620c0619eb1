// Property: for any plan (random steps, buttons, texts full of markdown, HTML and Mermaid
// syntax), no renderer throws, and the markdown is never longer than maxLength. When it has to
// cut, it ends with the note and still closes every code block and <details> it opened.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Plan } from '../../src/plan/types.js';
import { COLORS, NO_COLORS } from '../../src/render/colors.js';
import { PLAN_RENDERERS } from '../../src/render/plan/index.js';
import { DEFAULT_MAX_LENGTH } from '../../src/render/plan/markdown.js';
import {
  button,
  createButton,
  createStep,
  deleteButton,
  deleteStep,
  expectValidPlan,
  linkStep,
  plan,
  step,
  unlinkStep,
  updateButton,
  updateShop,
  updateStep,
} from './plans.js';

const NASTY = [
  '</details>',
  '<details>',
  '```',
  '````diff',
  '`',
  '<script>x</script>',
  '&amp;',
  '#quot;',
  '"',
  '|',
  '[x](y)',
  '*',
  '_',
  '\n',
  '\r\n',
  '🍕',
  '\u001b[31m',
  ']]',
  '-->',
  '\u0000',
  '\ud800',
];

const word = fc.oneof(
  fc.constantFrom(...NASTY),
  fc.string({ maxLength: 12 }),
  fc.string({ unit: 'binary', maxLength: 8 }),
  fc.lorem({ maxCount: 3 }),
);
const text = fc.oneof(
  { weight: 5, arbitrary: fc.array(word, { maxLength: 12 }).map((parts) => parts.join(' ')) },
  {
    weight: 3,
    arbitrary: fc
      .array(
        fc.array(word, { maxLength: 6 }).map((p) => p.join(' ')),
        { maxLength: 30 },
      )
      .map((lines) => lines.join('\n')),
  },
  {
    weight: 1,
    arbitrary: fc
      .tuple(fc.integer({ min: 1, max: 10_000 }), fc.constantFrom('x', 'line\n', 'ab\nc', '`', '<'))
      .map(([n, s]) => s.repeat(n)),
  },
);
const key = fc.oneof(
  { weight: 4, arbitrary: fc.constantFrom('welcome', 'catalog', 'faq', 'order', 'a', 'b') },
  { weight: 1, arbitrary: fc.string({ minLength: 1, maxLength: 10 }) },
);
const ref = fc.option(key, { nil: null });
const params = fc.oneof(
  fc.constant({}),
  fc.record({
    branches: fc.array(fc.record({ if: text, goto: key }), { maxLength: 4 }),
    else: key,
  }),
  fc.record({
    variants: fc.array(fc.record({ weight: fc.nat(100), goto: key }), { maxLength: 4 }),
  }),
  fc.record({ on_error: key, save_as: word }),
  fc.dictionary(fc.string({ maxLength: 6 }), fc.jsonValue({ maxDepth: 2 }), { maxKeys: 3 }),
);
const view = fc
  .record({
    type: fc.constantFrom('message', 'question', 'condition', 'randomizer', 'operation'),
    text,
    next: ref,
    params,
  })
  .map((v) => step(v.type, v.text, v.next, v.params));
const buttonView = fc
  .record({
    label: text,
    position: fc.nat(12),
    goto: ref,
    url: fc.option(fc.webUrl(), { nil: null }),
  })
  .map((b) => button(b.label, b.position, b.goto, b.url));
const stepFields = fc.subarray([
  'type',
  'text',
  'next',
  'params',
  'params.branches',
  'params.else',
  'name',
  'nonsense.path',
]);
const buttonFields = fc.subarray(['text', 'goto', 'url', 'position']);
const changed = <T>(fields: fc.Arbitrary<T[]>) => fc.option(fields, { nil: undefined });

const operation = fc.oneof(
  fc.tuple(key, view).map(([k, v]) => createStep(k, v)),
  fc
    .tuple(key, view, view, changed(stepFields), fc.option(key, { nil: undefined }))
    .map(([k, b, a, c, from]) => {
      const op = updateStep(k, b, a, c ?? [], from === undefined ? {} : { renamedFrom: from });
      if (c === undefined) delete op.changed;
      return op;
    }),
  fc
    .tuple(key, view, fc.option(text, { nil: undefined }))
    .map(([k, v, reason]) => deleteStep(k, v, 7, reason === undefined ? {} : { reason })),
  fc.tuple(key, view, stepFields).map(([k, a, c]) => linkStep(k, a, c)),
  fc.tuple(key, view).map(([k, b]) => unlinkStep(k, b)),
  fc.tuple(key, buttonView).map(([k, b]) => createButton(k, b)),
  fc.tuple(key, buttonView, buttonView, changed(buttonFields)).map(([k, b, a, c]) => {
    const op = updateButton(k, b, a, c ?? []);
    if (c === undefined) delete op.changed;
    return op;
  }),
  fc.tuple(key, buttonView).map(([k, b]) => deleteButton(k, b)),
  fc.tuple(ref, ref).map(([b, a]) => updateShop({ start: b }, { start: a })),
);
const warnings = fc.array(fc.record({ code: word, message: text }), { maxLength: 3 });
const plans: fc.Arbitrary<Plan> = fc
  .tuple(fc.array(operation, { maxLength: 25 }), warnings)
  .map(([ops, w]) => plan(ops, w));
const maxLength = fc.oneof(
  fc.integer({ min: 500, max: 5_000 }),
  fc.integer({ min: 0, max: 500 }),
  fc.integer({ min: 5_000, max: 70_000 }),
  fc.constant(undefined),
);

const NOTE_END = 'Run `botform plan` locally for the full plan._\n';

/** Every fenced block closed, every <details> closed (outside fenced blocks, where tags are tags). */
function expectBalanced(md: string): void {
  let fence: string | null = null;
  let open = 0;
  for (const line of md.split('\n')) {
    const marker = /^(`{3,})/.exec(line)?.[1];
    if (fence === null && marker) fence = marker;
    else if (fence !== null && marker && line === marker && marker.length >= fence.length)
      fence = null;
    else if (fence === null && line.startsWith('<details>')) open += 1;
    else if (fence === null && line === '</details>') open -= 1;
  }
  expect(fence).toBeNull();
  expect(open).toBe(0);
}

describe('plan renderers on random plans', () => {
  it('markdown is never longer than maxLength, and cuts cleanly', () => {
    fc.assert(
      fc.property(plans, maxLength, (p, max) => {
        expectValidPlan(p);
        const out = PLAN_RENDERERS.markdown(p, {
          palette: NO_COLORS,
          ...(max === undefined ? {} : { maxLength: max }),
        });
        const limit = max ?? DEFAULT_MAX_LENGTH;
        expect(out.length).toBeLessThanOrEqual(limit);
        if (limit < 400) return;
        const full = PLAN_RENDERERS.markdown(p, {
          palette: NO_COLORS,
          maxLength: Number.POSITIVE_INFINITY,
        });
        if (out !== full) expect(out.endsWith(NOTE_END)).toBe(true);
        if (out.startsWith('###')) expectBalanced(out);
      }),
      { numRuns: 300, seed: 20261129 },
    );
  });

  it('human and json never throw, and human ends with the summary line', () => {
    fc.assert(
      fc.property(plans, (p) => {
        const human = PLAN_RENDERERS.human(p, { palette: COLORS });
        if (p.operations.length > 0)
          expect(human.trimEnd().split('\n').at(-1)).toContain(
            `Plan: ${p.summary.create} to create`,
          );
        expect(PLAN_RENDERERS.human(p, { palette: NO_COLORS })).toBe(
          human.replace(/\u001b\[\d+m/g, ''),
        );
        expect(JSON.parse(PLAN_RENDERERS.json(p, { palette: NO_COLORS }))).toEqual(
          JSON.parse(JSON.stringify(p)),
        );
      }),
      { numRuns: 100, seed: 29112026 },
    );
  });
});
