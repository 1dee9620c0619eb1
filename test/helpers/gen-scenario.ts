// fast-check arbitraries for valid scenario documents: every step type, awkward step names
// (spaces, other scripts, digits only, quotes, colons), texts that stress YAML and TS writers,
// buttons anywhere, and automatic transitions only forward, so that no endless loop is made.
import fc from 'fast-check';

const KEYS = [
  'welcome',
  'main_menu',
  'Main menu',
  'Меню',
  '123',
  "it's",
  'a: b',
  'x#y',
  'emoji 🍕',
  'order.done',
  'ends-here',
  'Q&A',
  '"quoted"',
  'tab_key',
  'z',
];
const TEXTS = [
  'Hi!',
  'Line one\nLine two',
  'Trailing   ',
  '  leading',
  'Quote "double" and \'single\'',
  'Back`tick and ${notAVar}',
  'Colon: here',
  '# not a comment',
  '- not a list',
  'multi\n\n  indented\nend',
  '🍕 Pizza',
  '\\backslash\\',
  'yes',
  'null',
  '123',
];
const LABELS = ['Menu', 'Back', '⬅️ Main menu', 'Go: now', "It's fine", '"Quoted"', 'Next ›', '123'];

export interface GeneratedScenario {
  start: string;
  steps: Record<string, Record<string, unknown>>;
}

export const scenarioArbitrary: fc.Arbitrary<GeneratedScenario> = fc
  .uniqueArray(fc.constantFrom(...KEYS), { minLength: 2, maxLength: 8 })
  .chain((keys) =>
    fc.tuple(...keys.map((key, i) => stepArbitrary(key, keys, i))).map((steps) => ({
      start: keys[0] as string,
      steps: Object.fromEntries(steps.map((s, i) => [keys[i] as string, s])),
    })),
  );

function stepArbitrary(
  _key: string,
  keys: string[],
  index: number,
): fc.Arbitrary<Record<string, unknown>> {
  const later = keys.slice(index + 1);
  const anyKey = fc.constantFrom(...keys);
  const laterKey =
    later.length > 0
      ? fc.option(fc.constantFrom(...later), { nil: undefined })
      : fc.constant(undefined);
  const text = fc.oneof(
    fc.constantFrom(...TEXTS),
    fc
      .string({ minLength: 1, maxLength: 20 })
      .filter(
        (s) => !/[\u0000-\u0008\u000b-\u001f\u007f\ud800-\udfff]/.test(s) && !s.includes('{{'),
      ),
  );
  const menu = fc
    .uniqueArray(
      fc.record({
        label: fc.constantFrom(...LABELS),
        target: fc.oneof(
          anyKey.map((goto) => ({ goto })),
          fc.constant({ url: 'https://example.com/x' }),
        ),
      }),
      { maxLength: 3, selector: (b) => b.label },
    )
    .map((items) => items.map((b) => ({ text: b.label, ...b.target })));
  const types =
    later.length > 0
      ? [
          'message',
          'question',
          'form',
          'operation',
          'delay',
          'condition',
          'randomizer',
          'catalog',
          'cart',
          'order',
          'handoff',
        ]
      : ['message', 'question', 'catalog', 'cart'];
  return fc.constantFrom(...types).chain((type) => {
    switch (type) {
      case 'condition':
        return fc
          .record({
            branches: fc.array(
              fc.record({
                if: fc.constantFrom('cart.total > 1', 'cart.total == 0', 'user.name != ""'),
                goto: fc.constantFrom(...later),
              }),
              { minLength: 1, maxLength: 3 },
            ),
            else: fc.constantFrom(...later),
          })
          .map((f) => ({ type, ...f }));
      case 'randomizer':
        return fc
          .tuple(
            fc.integer({ min: 1, max: 99 }),
            fc.constantFrom(...later),
            fc.constantFrom(...later),
          )
          .map(([w, a, b]) => ({
            type,
            variants: [
              { weight: w, goto: a },
              { weight: 100 - w, goto: b },
            ],
          }));
      case 'delay':
        return fc
          .tuple(
            fc.integer({ min: 1, max: 3600 }),
            fc.constantFrom(...later),
            fc.option(text, { nil: undefined }),
          )
          .map(([seconds, next, t]) => ({ type, ...(t ? { text: t } : {}), seconds, next }));
      case 'handoff':
        // no_operator is automatic: forward only, so no endless loop; next may go anywhere.
        return fc
          .tuple(
            text,
            fc.option(fc.constantFrom('support', 'sales'), { nil: undefined }),
            fc.constantFrom(...later),
            fc.option(anyKey, { nil: undefined }),
          )
          .map(([t, queue, noOperator, next]) => ({
            type,
            text: t,
            ...(queue ? { queue } : {}),
            ...(next ? { next } : {}),
            no_operator: noOperator,
          }));
      case 'operation':
        return fc
          .tuple(laterKey, fc.option(fc.constantFrom(...later), { nil: undefined }))
          .map(([next, onError]) => ({
            type,
            api: {
              method: 'GET',
              url: 'https://api.example.com/status',
              response: { example: { ok: true } },
              errors: [{ status: 500 }],
            },
            ...(next ? { next } : {}),
            ...(onError ? { on_error: onError } : {}),
            ...(!next && !onError ? { end: true } : {}),
          }));
      default:
        // A message without buttons moves on by itself: its `next` only goes forward.
        return fc
          .record({
            text,
            menu,
            next: type === 'message' ? laterKey : fc.option(anyKey, { nil: undefined }),
            extra: extraFields(type),
            end: fc.boolean(),
            description: fc.option(fc.constantFrom('A note.', 'Two\nlines'), { nil: undefined }),
          })
          .map((f) => {
            const step: Record<string, unknown> = { type, text: f.text, ...f.extra };
            if (f.description) step.description = f.description;
            if (f.menu.length > 0) step.menu = f.menu;
            if (f.next) step.next = f.next;
            const leads = f.next !== undefined || f.menu.some((b) => 'goto' in b);
            if (!leads || f.end) step.end = true;
            return step;
          });
    }
  });
}

function extraFields(type: string): fc.Arbitrary<Record<string, unknown>> {
  switch (type) {
    case 'question':
      return fc.record({
        save_as: fc.constantFrom('answer', 'email', 'n'),
        expect: fc.constantFrom('text', 'number', 'email'),
      });
    case 'form':
      return fc.constant({
        fields: [
          { name: 'name', label: 'Your name' },
          { name: 'phone', label: 'Phone', kind: 'phone', required: false },
        ],
      });
    case 'catalog':
      return fc.record({ show_prices: fc.boolean() });
    case 'order':
      return fc.record({ payment: fc.constantFrom('cash', 'card') });
    default:
      return fc.constant({});
  }
}
