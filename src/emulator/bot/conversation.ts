// One turn of the emulator's bot through the runtime — the same code `botform test` runs locally.
// The user's first message starts the conversation (its text is not an answer, like a
// messenger's "/start"); later texts are answers: a text equal to a button label of the step the
// bot waits at presses that button, anything else is a typed answer.
import { isRecord } from '../../model/json.js';
import type { Scenario } from '../../model/scenario.js';
import { startAsync, stepAsync } from '../../runtime/index.js';
import type { AsyncRuntimePorts, ConversationState, JsonObject, OperationResult, StartOptions, TurnResult, UserInput } from '../../runtime/index.js';
import type { BotUserRecord, TestFixtures } from '../../remote/contract.js';
import { callOperation } from './operations.js';
import type { BotTurn, Converse } from './runner.js';

export function createRuntimeConverse(closing: AbortSignal): Converse {
  return async ({ scenario, state, user, text }) => {
    const fixtures = user.test_fixtures ?? {};
    const ports = portsFor(scenario, fixtures, closing);
    const result = isConversationState(state)
      ? await stepAsync(scenario, revive(state), inputFor(scenario, state, text), ports)
      : await startAsync(scenario, startOptions(user, fixtures), ports);
    return toBotTurn(result);
  };
}

function startOptions(user: BotUserRecord, fixtures: TestFixtures): StartOptions {
  const vars = Object.assign(Object.create(null) as JsonObject, structuredClone(fixtures.vars ?? {})) as JsonObject;
  // The profile the platform knows is the user's `user.*`; a test's own `user` fixture wins.
  const fixtureUser = isRecord(vars.user) ? vars.user : {};
  vars.user = { ...structuredClone(user.custom_data), ...fixtureUser } as JsonObject;
  return { vars, ...(fixtures.cart ? { cart: fixtures.cart } : {}), ...(fixtures.start ? { at: fixtures.start } : {}) };
}

function portsFor(scenario: Scenario, fixtures: TestFixtures, closing: AbortSignal): AsyncRuntimePorts {
  const random = new Map(Object.entries(fixtures.random ?? {}));
  const stubs = new Map(Object.entries(fixtures.stubs ?? {}));
  return {
    chooseVariant: (step, count) => {
      const index = random.get(step);
      return index !== undefined && index < count ? index : undefined;
    },
    callOperation: (call) => {
      const stub = stubs.get(call.step);
      if (stub) return { status: stub.status, body: structuredClone(stub.body) } as OperationResult;
      return callOperation(scenario, call, closing);
    },
  };
}

function inputFor(scenario: Scenario, state: ConversationState, text: string): UserInput {
  const step = state.at === null ? undefined : scenario.steps.get(state.at);
  if (state.waiting?.kind === 'choice' && step?.menu.some((button) => button.text === text)) return { type: 'press', label: text };
  return { type: 'text', text };
}

function isConversationState(value: unknown): value is ConversationState {
  return isRecord(value) && value.format === 'botform-conversation' && value.version === 1;
}

/** A stored state comes back from JSON; its variables go back into a prototype-free object. */
function revive(state: ConversationState): ConversationState {
  return { ...state, vars: Object.assign(Object.create(null) as JsonObject, state.vars) };
}

function toBotTurn(result: TurnResult): BotTurn {
  const turn: BotTurn = {
    state: result.state,
    currentStep: result.state.at,
    messages: result.messages.map((m) => ({ text: m.text, buttons: m.buttons.map((b) => b.text), step: m.step })),
    leads: [],
    orders: [],
  };
  for (const event of result.events) {
    if (event.type === 'lead_created') turn.leads.push({ step: event.step, fields: { ...event.lead.fields } });
    if (event.type === 'order_created') {
      const { items, step: _step, id: _id, fields, ...rest } = event.order;
      turn.orders.push({ step: event.step, fields: { ...fields, ...rest }, items });
    }
  }
  return turn;
}
