// Property: on generated valid scenarios and random input sequences, the runtime never throws,
// always terminates, reports only steps and transitions that exist, and its state survives JSON.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { transitionsOf } from '../../src/graph/transitions.js';
import {
  start,
  step,
  transitionId,
  type ConversationState,
  type TurnResult,
  type UserInput,
} from '../../src/runtime/index.js';
import { scenarioArbitrary } from '../helpers/gen-scenario.js';
import { scenarioOf } from './scenario.js';

const LABELS = [
  'Menu',
  'Back',
  '⬅️ Main menu',
  'Go: now',
  "It's fine",
  '"Quoted"',
  'Next ›',
  '123',
  'Checkout',
  'nope',
];

const inputArbitrary: fc.Arbitrary<UserInput> = fc.oneof(
  fc.constantFrom(...LABELS).map((label): UserInput => ({ type: 'press', label })),
  fc
    .oneof(
      fc.constantFrom('42', 'a@b.co', '+39 333 1234567', '2027-01-31', '-', 'skip', '', 'hello'),
      fc.string({ maxLength: 12 }),
    )
    .map((text): UserInput => ({ type: 'text', text })),
  fc
    .record({
      name: fc.constantFrom('Pizza', 'Cola'),
      price: fc.integer({ min: 0, max: 30 }),
      qty: fc.integer({ min: 1, max: 3 }),
    })
    .map((item): UserInput => ({ type: 'add', item })),
);

describe('runtime properties', () => {
  it('never throws, terminates, and reports only steps and transitions that exist', () => {
    fc.assert(
      fc.property(
        scenarioArbitrary,
        fc.array(inputArbitrary, { maxLength: 15 }),
        fc.integer(),
        fc.array(fc.constantFrom(200, 201, 404, 500), { minLength: 1, maxLength: 4 }),
        fc.option(fc.nat({ max: 3 }), { nil: undefined }),
        (generated, inputs, seed, statuses, forced) => {
          const scenario = scenarioOf(generated);
          const known = new Map(
            [...scenario.steps.values()].map((s) => [
              s.key,
              new Set(transitionsOf(s).map((t) => transitionId(s.key, t.kind, t.index))),
            ]),
          );
          let calls = 0;
          const ports = {
            callOperation: () => ({
              status: statuses[calls++ % statuses.length] ?? 200,
              body: { ok: true },
            }),
            chooseVariant: () => forced,
          };
          const checkTurn = (r: TurnResult, state: ConversationState | null) => {
            expect(r.error).toBeUndefined();
            for (const key of r.entered) expect(known.has(key), key).toBe(true);
            for (const t of r.transitions) {
              expect(known.get(t.from)?.has(t.id), t.id).toBe(true);
              expect(known.has(t.to), t.to).toBe(true);
            }
            if (r.state.at !== null) expect(known.has(r.state.at)).toBe(true);
            expect(JSON.parse(JSON.stringify(r.state))).toStrictEqual(
              JSON.parse(JSON.stringify(r.state)),
            );
            if (state) expect(r.state).not.toBe(state);
          };
          let result = start(scenario, { seed }, ports);
          checkTurn(result, null);
          for (const input of inputs) {
            const before = JSON.stringify(result.state);
            const next = step(scenario, result.state, input, ports);
            // The caller's state is never changed.
            expect(JSON.stringify(result.state)).toBe(before);
            checkTurn(next, result.state);
            // Replaying the same turn from the JSON of the state gives the same answer.
            calls -= next.events.filter((e) => e.type === 'operation_called').length;
            const replay = step(scenario, JSON.parse(before) as ConversationState, input, ports);
            expect(replay.transitions).toStrictEqual(next.transitions);
            expect(replay.messages).toStrictEqual(next.messages);
            result = next;
          }
        },
      ),
      { numRuns: 500, seed: 131313 },
    );
  });
});
