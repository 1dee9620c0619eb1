// The runtime's meaning of each step type, on small scenarios.
import { describe, expect, it } from 'vitest';
import {
  start,
  step,
  startAsync,
  stepAsync,
  MAX_STEPS_PER_TURN,
  type TurnResult,
} from '../../src/runtime/index.js';
import { scenarioOf } from './scenario.js';

const texts = (r: TurnResult) => r.messages.map((m) => m.text);
const ids = (r: TurnResult) => r.transitions.map((t) => t.id);

describe('runtime', () => {
  it('message with buttons waits; a press takes the button; text takes next', () => {
    const s = scenarioOf({
      start: 'a',
      steps: {
        a: {
          type: 'message',
          text: 'Hi {{user.name}}',
          menu: [
            { text: 'Go', goto: 'b' },
            { text: 'Web', url: 'https://x.example' },
          ],
          next: 'c',
        },
        b: { type: 'message', text: 'B', end: true },
        c: { type: 'message', text: 'C', end: true },
      },
    });
    const first = start(s, { vars: { user: { name: 'Ann' } } });
    expect(first.messages).toStrictEqual([
      {
        step: 'a',
        text: 'Hi Ann',
        buttons: [{ text: 'Go' }, { text: 'Web', url: 'https://x.example' }],
      },
    ]);
    expect(first.state.at).toBe('a');
    const pressed = step(s, first.state, { type: 'press', label: 'Go' });
    expect(ids(pressed)).toStrictEqual(['a#button[0]']);
    expect(pressed.state.at).toBeNull();
    expect(pressed.events).toContainEqual({ type: 'ended', step: 'b', reason: 'end' });
    expect(ids(step(s, first.state, { type: 'text', text: 'hello' }))).toStrictEqual(['a#next']);
    // The caller's state is not changed.
    expect(first.state.at).toBe('a');
    expect(JSON.parse(JSON.stringify(first.state))).toStrictEqual({
      ...first.state,
      vars: { user: { name: 'Ann' } },
    });
  });

  it('question retries a bad answer and saves a good one', () => {
    const s = scenarioOf({
      start: 'q',
      steps: {
        q: {
          type: 'question',
          text: 'Age?',
          save_as: 'age',
          expect: 'number',
          retry_text: 'A number, please.',
          next: 'route',
        },
        route: { type: 'condition', branches: [{ if: 'age >= 18', goto: 'adult' }], else: 'minor' },
        adult: { type: 'message', text: 'Adult, {{age}}', end: true },
        minor: { type: 'message', text: 'Minor', end: true },
      },
    });
    const r1 = start(s);
    const r2 = step(s, r1.state, { type: 'text', text: 'old' });
    expect(texts(r2)).toStrictEqual(['A number, please.']);
    expect(r2.state.at).toBe('q');
    const r3 = step(s, r2.state, { type: 'text', text: '42' });
    expect(ids(r3)).toStrictEqual(['q#next', 'route#branch[0]']);
    expect(texts(r3)).toStrictEqual(['Adult, 42']);
    expect(r3.state.vars.age).toBe(42);
    expect(ids(step(s, r2.state, { type: 'text', text: '7' }))).toStrictEqual([
      'q#next',
      'route#else',
    ]);
  });

  it('form asks field by field and makes a lead; two bad answers take on_error', () => {
    const s = scenarioOf({
      start: 'f',
      steps: {
        f: {
          type: 'form',
          text: 'Your details',
          fields: [
            { name: 'name', label: 'Name' },
            { name: 'phone', label: 'Phone', kind: 'phone' },
            { name: 'note', label: 'Note', required: false },
          ],
          success_text: 'Thanks',
          next: 'done',
          on_error: 'oops',
        },
        done: { type: 'message', text: 'Done, {{name}}', end: true },
        oops: { type: 'message', text: 'Oops', end: true },
      },
    });
    let r = start(s);
    expect(texts(r)).toStrictEqual(['Your details', 'Name']);
    r = step(s, r.state, { type: 'text', text: 'Ann' });
    r = step(s, r.state, { type: 'text', text: '+39 333 1234567' });
    expect(texts(r)).toStrictEqual(['Note (optional, "-" to skip)']);
    const done = step(s, r.state, { type: 'text', text: '-' });
    expect(done.events).toContainEqual({
      type: 'lead_created',
      step: 'f',
      lead: { id: 1, step: 'f', fields: { name: 'Ann', phone: '+39 333 1234567' } },
    });
    expect(texts(done)).toStrictEqual(['Thanks', 'Done, Ann']);
    let bad = step(s, start(s).state, { type: 'text', text: 'Ann' });
    bad = step(s, bad.state, { type: 'text', text: 'no' });
    expect(bad.state.at).toBe('f');
    bad = step(s, bad.state, { type: 'text', text: 'still no' });
    expect(ids(bad)).toStrictEqual(['f#on_error']);
  });

  it('catalog, cart checkout and order make an order from the cart', () => {
    const s = scenarioOf({
      start: 'cat',
      steps: {
        cat: { type: 'catalog', text: 'Menu', menu: [{ text: 'Cart', goto: 'cart' }] },
        cart: { type: 'cart', text: 'Your cart', checkout_text: 'Pay', next: 'order' },
        order: {
          type: 'order',
          text: 'Order',
          fields: [{ name: 'name', label: 'Name' }],
          payment: 'cash',
          success_text: 'Ordered',
          next: 'thanks',
          on_error: 'empty',
        },
        thanks: { type: 'message', text: 'Order {{order.id}}: {{order.total}}', end: true },
        empty: { type: 'message', text: 'Empty', end: true },
      },
    });
    let r = start(s);
    r = step(s, r.state, { type: 'add', item: { name: 'Margherita', price: 8.5, qty: 2 } });
    expect(r.state.cart).toStrictEqual([{ name: 'Margherita', price: 8.5, qty: 2 }]);
    r = step(s, r.state, { type: 'press', label: 'Cart' });
    expect(r.messages[0]?.buttons).toStrictEqual([{ text: 'Pay' }]);
    expect(texts(r)[0]).toContain('Total: 17.00');
    r = step(s, r.state, { type: 'press', label: 'Pay' });
    r = step(s, r.state, { type: 'text', text: 'Ann' });
    expect(r.events.find((e) => e.type === 'order_created')).toMatchObject({
      order: { id: 1, total: 17, payment: 'cash', fields: { name: 'Ann' } },
    });
    expect(texts(r)).toStrictEqual(['Ordered', 'Order 1: 17']);
    expect(r.state.cart).toStrictEqual([]);
    // With an empty cart the order cannot be made.
    let e = start(s, { at: 'order' });
    e = step(s, e.state, { type: 'text', text: 'Ann' });
    expect(ids(e)).toStrictEqual(['order#on_error']);
  });

  it('operation: the port answers; 2xx saves and takes next, an error takes on_error', async () => {
    const s = scenarioOf({
      start: 'op',
      steps: {
        op: {
          type: 'operation',
          api: {
            method: 'GET',
            url: 'https://api.example.com/o/{id}',
            request: { required: { id: 'string' } },
            response: { example: { ok: true } },
            errors: [{ status: 404 }],
          },
          save_as: 'res',
          next: 'ok',
          on_error: 'bad',
        },
        ok: { type: 'message', text: 'ok={{res.ok}}', end: true },
        bad: { type: 'message', text: 'bad', end: true },
      },
    });
    const ex = start(s, { vars: { id: 'A 1' } });
    expect(texts(ex)).toStrictEqual(['ok=true']);
    expect(ex.events.find((e) => e.type === 'operation_called')).toMatchObject({
      request: { method: 'GET', url: 'https://api.example.com/o/A%201', body: { id: 'A 1' } },
    });
    expect(ids(start(s, {}, { callOperation: () => ({ status: 404, body: {} }) }))).toStrictEqual([
      'op#on_error',
    ]);
    const viaPromise = await startAsync(
      s,
      {},
      { callOperation: async () => ({ status: 200, body: { ok: 'yes' } }) },
    );
    expect(texts(viaPromise)).toStrictEqual(['ok=yes']);
  });

  it('randomizer draws by seed deterministically, or takes the forced variant; delay advances the clock', () => {
    const s = scenarioOf({
      start: 'r',
      steps: {
        r: {
          type: 'randomizer',
          variants: [
            { weight: 50, goto: 'a' },
            { weight: 50, goto: 'd' },
          ],
        },
        a: { type: 'message', text: 'A', end: true },
        d: { type: 'delay', seconds: 60, next: 'a' },
      },
    });
    const seen = new Set<string>();
    for (let seed = 0; seed < 20; seed++) {
      const a = start(s, { seed });
      expect(ids(start(s, { seed }))).toStrictEqual(ids(a));
      seen.add(ids(a)[0] ?? '');
    }
    expect([...seen].sort()).toStrictEqual(['r#variant[0]', 'r#variant[1]']);
    const forced = start(s, {}, { chooseVariant: () => 1 });
    expect(ids(forced)).toStrictEqual(['r#variant[1]', 'd#next']);
    expect(forced.state.clock).toBe(60);
  });

  it('an automatic loop stops at the bound with a clear error, never hangs', async () => {
    const s = scenarioOf(
      {
        start: 'a',
        steps: {
          a: { type: 'message', text: 'A', next: 'b' },
          b: { type: 'message', text: 'B', next: 'a' },
        },
      },
      { allowErrors: true },
    );
    const r = start(s);
    expect(r.error?.code).toBe('step-limit');
    expect(r.entered.length).toBe(MAX_STEPS_PER_TURN + 1);
    expect(r.state.at).toBeNull();
    const after = await stepAsync(s, r.state, { type: 'text', text: 'x' });
    expect(after.events).toStrictEqual([
      { type: 'input_ignored', step: null, reason: 'the conversation has ended' },
    ]);
  });

  it('a turn shares one expression budget and stops with a clear error when it runs out', {
    timeout: 20_000,
  }, () => {
    // 20,000 items: the condition alone is 400 million comparisons, and the loop of `a` and `c`
    // would evaluate the template a thousand times over the large list.
    const l = Array.from({ length: 20_000 }, (_, i) => i);
    const s = scenarioOf(
      {
        start: 'c',
        steps: {
          c: {
            type: 'condition',
            branches: [{ if: 'l.all(x, l.all(y, x + y >= 0))', goto: 'yes' }],
            else: 'no',
          },
          yes: { type: 'message', text: 'yes', end: true },
          no: { type: 'message', text: 'no', end: true },
        },
      },
      // `l` is a fixture variable the scenario does not declare.
      { allowErrors: true },
    );
    const r = start(s, { vars: { l } });
    expect(r.error).toMatchObject({ code: 'expression-limit', step: 'c' });
    expect(r.error?.message).toContain(
      'The condition "l.all(x, l.all(y, x + y >= 0))" at step "c" took too long',
    );
    expect(r.messages).toStrictEqual([]);
    expect(r.state.at).toBeNull();

    const loop = scenarioOf(
      {
        start: 'a',
        steps: {
          a: { type: 'message', text: 'Items: {{ l.filter(x, x > 0).size() }}', next: 'b' },
          b: { type: 'message', text: 'again', next: 'a' },
        },
      },
      { allowErrors: true },
    );
    const looped = start(loop, { vars: { l } });
    // Each evaluation alone is cheap; together they exceed the turn's budget before the step bound.
    expect(looped.error?.code).toBe('expression-limit');
    expect(looped.error?.message).toMatch(
      /^The template "Items: \{\{ l\.filter.*" at step "a" took too long/,
    );
    expect(looped.entered.length).toBeLessThan(MAX_STEPS_PER_TURN);
  });
});
