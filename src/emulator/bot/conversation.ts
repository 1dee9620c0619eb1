// One turn of the emulator's bot through the runtime — the same code `botform test` runs locally.
// The user's first message starts the conversation (its text is not an answer, like a
// messenger's "/start"); later texts are answers: a text equal to a button label of the step the
// bot waits at presses that button, anything else is a typed answer.
import { isRecord } from '../../model/json.js';
import type { Scenario } from '../../model/scenario.js';
import { startAsync, stepAsync } from '../../runtime/index.js';
import type {
  AsyncRuntimePorts,
  CartItem,
  ConversationState,
  JsonObject,
  OperationResult,
  StartOptions,
  TurnResult,
  UserInput,
} from '../../runtime/index.js';
import type { BotUserRecord, TestFixtures } from '../../remote/contract.js';
import { callOperation, type Outgoing } from './operations.js';
import type { BotTurn, Converse } from './runner.js';

export function createRuntimeConverse(outgoing: Outgoing): Converse {
  return async ({ scenario, state, user, text, messageType }) => {
    const fixtures = user.test_fixtures ?? {};
    const ports = portsFor(scenario, fixtures, outgoing);
    const result = isConversationState(state)
      ? await stepAsync(
          scenario,
          revive(state),
          inputFor(scenario, state, text, messageType),
          ports,
        )
      : await startAsync(scenario, startOptions(user, fixtures), ports);
    return toBotTurn(result);
  };
}

function startOptions(user: BotUserRecord, fixtures: TestFixtures): StartOptions {
  const vars = Object.assign(
    Object.create(null) as JsonObject,
    structuredClone(fixtures.vars ?? {}),
  ) as JsonObject;
  // The profile the platform knows is the user's `user.*`; a test's own `user` fixture wins.
  const fixtureUser = isRecord(vars.user) ? vars.user : {};
  vars.user = { ...structuredClone(user.custom_data), ...fixtureUser } as JsonObject;
  return {
    vars,
    ...(fixtures.cart ? { cart: fixtures.cart } : {}),
    ...(fixtures.start ? { at: fixtures.start } : {}),
    ...(fixtures.seed !== undefined ? { seed: fixtures.seed } : {}),
  };
}

function portsFor(
  scenario: Scenario,
  fixtures: TestFixtures,
  outgoing: Outgoing,
): AsyncRuntimePorts {
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
      return callOperation(scenario, call, outgoing);
    },
  };
}

/** message_type 1 carries a product added to the cart (a catalog's "add"), as JSON; see parseCartItem. */
export const ADD_TO_CART_MESSAGE_TYPE = 1;

function inputFor(
  scenario: Scenario,
  state: ConversationState,
  text: string,
  messageType: number,
): UserInput {
  if (messageType === ADD_TO_CART_MESSAGE_TYPE) {
    const item = parseCartItem(text);
    if (item) return { type: 'add', item };
  }
  const step = state.at === null ? undefined : scenario.steps.get(state.at);
  if (state.waiting?.kind === 'choice' && step?.menu.some((button) => button.text === text))
    return { type: 'press', label: text };
  return { type: 'text', text };
}

/** {name, price, qty?, sku?} as JSON, or undefined. */
export function parseCartItem(text: string): CartItem | undefined {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return undefined;
  }
  if (
    !isRecord(value) ||
    typeof value.name !== 'string' ||
    typeof value.price !== 'number' ||
    !Number.isFinite(value.price)
  )
    return undefined;
  const qty = value.qty ?? 1;
  if (typeof qty !== 'number' || !Number.isSafeInteger(qty) || qty < 1) return undefined;
  return {
    name: value.name,
    price: value.price,
    qty,
    ...(typeof value.sku === 'string' ? { sku: value.sku } : {}),
  };
}

function isConversationState(value: unknown): value is ConversationState {
  return isRecord(value) && value.format === 'botform-conversation' && value.version === 1;
}

/** A stored state comes back from JSON; its variables go back into a prototype-free object. */
function revive(state: ConversationState): ConversationState {
  return { ...state, vars: Object.assign(Object.create(null) as JsonObject, state.vars) };
}

// What the local runner's checks read besides messages (see conversations/expect.ts).
const TRACED_EVENTS = new Set([
  'lead_created',
  'order_created',
  'operation_called',
  'input_ignored',
]);

function toBotTurn(result: TurnResult): BotTurn {
  const turn: BotTurn = {
    state: result.state,
    currentStep: result.state.at,
    messages: result.messages.map((m) => ({
      text: m.text,
      buttons: m.buttons.map((b) => b.text),
      step: m.step,
    })),
    leads: [],
    orders: [],
    trace: {
      at: result.state.at,
      vars: result.state.vars,
      entered: result.entered,
      events: result.events.filter((e) => TRACED_EVENTS.has(e.type)),
      error: result.error ? { code: result.error.code, message: result.error.message } : null,
    },
  };
  for (const event of result.events) {
    if (event.type === 'lead_created')
      turn.leads.push({ step: event.step, fields: { ...event.lead.fields } });
    if (event.type === 'order_created') {
      const { items, fields, total, payment } = event.order;
      turn.orders.push({ step: event.step, fields: { ...fields }, items, total, payment });
    }
  }
  return turn;
}
