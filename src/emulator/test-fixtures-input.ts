// Reading `test_fixtures` of a user registration (an emulator extension, see TestFixtures):
// every part checked, so that the bot never meets a malformed fixture mid-conversation.
import { toCelContext, ValueLimitError } from '../expr/values.js';
import { isRecord } from '../model/json.js';
import type { TestFixtures } from '../remote/contract.js';

/** The fixtures, or a message naming the first problem. */
export function readTestFixtures(
  value: unknown,
): { ok: true; value: TestFixtures | null } | { ok: false; message: string } {
  if (value === undefined || value === null) return { ok: true, value: null };
  if (!isRecord(value)) return { ok: false, message: 'test_fixtures: an object is required' };
  const out: TestFixtures = {};
  for (const key of Object.keys(value)) {
    if (!['start', 'vars', 'cart', 'random', 'stubs', 'seed'].includes(key))
      return { ok: false, message: `test_fixtures.${key}: unknown field` };
  }
  if (value.start !== undefined) {
    if (typeof value.start !== 'string' || value.start === '')
      return { ok: false, message: 'test_fixtures.start: a step name is required' };
    out.start = value.start;
  }
  if (value.seed !== undefined) {
    if (typeof value.seed !== 'number' || !Number.isSafeInteger(value.seed))
      return { ok: false, message: 'test_fixtures.seed: an integer is required' };
    out.seed = value.seed;
  }
  if (value.vars !== undefined) {
    if (!isRecord(value.vars))
      return { ok: false, message: 'test_fixtures.vars: an object is required' };
    // Checked now with the limits every expression is evaluated under: variables the runtime
    // would refuse (too deep, too many values) would leave the user registered and never answered.
    try {
      toCelContext(value.vars);
    } catch (error) {
      if (!(error instanceof ValueLimitError)) throw error;
      return { ok: false, message: `test_fixtures.vars: ${error.message}` };
    }
    out.vars = value.vars;
  }
  if (value.cart !== undefined) {
    if (!Array.isArray(value.cart))
      return { ok: false, message: 'test_fixtures.cart: a list is required' };
    const cart: NonNullable<TestFixtures['cart']> = [];
    for (const [i, item] of value.cart.entries()) {
      const ok =
        isRecord(item) &&
        typeof item.name === 'string' &&
        typeof item.price === 'number' &&
        Number.isFinite(item.price) &&
        typeof item.qty === 'number' &&
        Number.isSafeInteger(item.qty) &&
        item.qty > 0 &&
        (item.sku === undefined || typeof item.sku === 'string');
      if (!ok)
        return {
          ok: false,
          message: `test_fixtures.cart[${i}]: {name, price, qty, sku?} is required`,
        };
      cart.push({
        name: item.name as string,
        price: item.price as number,
        qty: item.qty as number,
        ...(typeof item.sku === 'string' ? { sku: item.sku } : {}),
      });
    }
    out.cart = cart;
  }
  if (value.random !== undefined) {
    if (!isRecord(value.random))
      return {
        ok: false,
        message: 'test_fixtures.random: an object of step → variant index is required',
      };
    const random: Record<string, number> = Object.create(null) as Record<string, number>;
    for (const [step, index] of Object.entries(value.random)) {
      if (typeof index !== 'number' || !Number.isSafeInteger(index) || index < 0)
        return {
          ok: false,
          message: `test_fixtures.random.${step}: a variant index (0 or more) is required`,
        };
      random[step] = index;
    }
    out.random = { ...random };
  }
  if (value.stubs !== undefined) {
    if (!isRecord(value.stubs))
      return {
        ok: false,
        message: 'test_fixtures.stubs: an object of step → {status, body} is required',
      };
    const stubs: NonNullable<TestFixtures['stubs']> = Object.create(null) as NonNullable<
      TestFixtures['stubs']
    >;
    for (const [step, stub] of Object.entries(value.stubs)) {
      if (
        !isRecord(stub) ||
        typeof stub.status !== 'number' ||
        !Number.isSafeInteger(stub.status) ||
        stub.status < 100 ||
        stub.status > 599
      ) {
        return {
          ok: false,
          message: `test_fixtures.stubs.${step}: {status: 100..599, body} is required`,
        };
      }
      stubs[step] = { status: stub.status, body: stub.body ?? null };
    }
    out.stubs = { ...stubs };
  }
  return { ok: true, value: out };
}
