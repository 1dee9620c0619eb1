// The runtime's data: a conversation's state, the user's input, and what one turn produces.
// Everything here is plain JSON-serialisable data, so the emulator can store a conversation's
// state per bot user and tests can compare results with toStrictEqual.
import type { TransitionKind } from '../graph/transitions.js';
import type { Json } from '../model/json.js';

export type { Json } from '../model/json.js';
export type JsonObject = { [key: string]: Json };

export interface CartItem {
  name: string;
  price: number;
  qty: number;
  sku?: string;
}

/** What the bot waits for at the step it stopped at. */
export type Waiting =
  /** A button press (or a text answer, which takes the step's `next`). */
  | { kind: 'choice' }
  /** A question's answer, checked against its `expect`. */
  | { kind: 'answer' }
  /** A form's or an order's field, one by one; `invalid` counts bad answers to this field. */
  | { kind: 'field'; index: number; values: Record<string, string>; invalid: number }
  /** A live operator has the conversation (a hand-off); the bot takes over when the operator closes it. */
  | { kind: 'operator' };

export interface ConversationState {
  format: 'botform-conversation';
  version: 1;
  /** The step the bot waits at; null once the conversation has ended. */
  at: string | null;
  waiting: Waiting | null;
  /** Variables: fixtures (`user`, ...), `save_as` values, form and order fields. */
  vars: JsonObject;
  cart: CartItem[];
  /** How many leads and orders this conversation made (their ids are numbered from 1). */
  leads: number;
  orders: number;
  /** Virtual time in seconds since the conversation started; delays advance it. */
  clock: number;
  /** The randomizer's generator state (a 32-bit integer). */
  rng: number;
  /** How the conversation ended, when it has. */
  ended: EndReason | null;
}

export type EndReason = 'end' | 'no-transition' | 'operation-failed' | 'order-failed' | 'error';

export type UserInput =
  | { type: 'press'; label: string }
  | { type: 'text'; text: string }
  /** The user picks a product in a catalog (the platform's product card "add" button). */
  | { type: 'add'; item: CartItem }
  /** The live operator closed a handed-off conversation: the bot takes over again. */
  | { type: 'operator_closed' }
  /** The live operator of a handed-off conversation writes to the user (shown like the bot's messages). */
  | { type: 'operator_says'; text: string };

export interface OutButton {
  text: string;
  url?: string;
}

export interface BotMessage {
  step: string;
  text: string;
  buttons: OutButton[];
  /** The image sent with the text (a message step's `image:`), when it has one. */
  image?: string;
}

/** A transition the conversation walked, identified as CONTRACTS.md says. */
export interface TakenTransition {
  id: string;
  from: string;
  kind: TransitionKind;
  index?: number;
  to: string;
}

export interface OperationRequest {
  method: string;
  /** The declared URL with {placeholders} filled; ${secret:NAME} references stay references. */
  url: string;
  body: JsonObject;
}

export interface OperationCall {
  step: string;
  /** The step's declared API (seed 002), as written. */
  api: Record<string, unknown>;
  request: OperationRequest;
}

export interface OperationResult {
  status: number;
  body: Json;
}

interface Lead {
  id: number;
  step: string;
  fields: Record<string, string>;
}

export interface Order {
  id: number;
  step: string;
  fields: Record<string, string>;
  items: CartItem[];
  total: number;
  payment: string | null;
}

export type RuntimeEvent =
  | { type: 'lead_created'; step: string; lead: Lead }
  | { type: 'order_created'; step: string; order: Order }
  | { type: 'operation_called'; step: string; request: OperationRequest; response: OperationResult }
  | { type: 'variable_saved'; step: string; name: string; value: Json }
  | { type: 'added_to_cart'; step: string; item: CartItem }
  | { type: 'answer_rejected'; step: string; expected: string; answer: string }
  | { type: 'delayed'; step: string; seconds: number }
  | { type: 'handed_off'; step: string; queue: string | null }
  | { type: 'relayed_to_operator'; step: string; text: string }
  | { type: 'expression_failed'; step: string; expression: string; message: string }
  | { type: 'input_ignored'; step: string | null; reason: string }
  | { type: 'ended'; step: string; reason: EndReason };

export interface RuntimeError {
  /** expression-limit: a condition or template ran out of the turn's evaluation budget. */
  code: 'step-limit' | 'unknown-step' | 'not-started' | 'expression-limit';
  message: string;
  step: string | null;
}

export interface TurnResult {
  state: ConversationState;
  messages: BotMessage[];
  transitions: TakenTransition[];
  /** Every step entered this turn, in order (a step entered twice appears twice). */
  entered: string[];
  events: RuntimeEvent[];
  /**
   * Set when the turn stopped on a problem of the scenario (a loop past the bound, a missing
   * step, an expression past its budget).
   */
  error?: RuntimeError;
}

export interface RuntimePorts {
  /** Calls an operation's API. Default: the declared example response with status 200. */
  callOperation?: (call: OperationCall) => OperationResult;
  /** Forces a randomizer's variant (its index), or undefined to draw from the seeded generator. */
  chooseVariant?: (step: string, variantCount: number) => number | undefined;
  /** Whether a live operator takes a hand-off (of this queue, null for the shop's default). Default: none is. */
  operatorAvailable?: (step: string, queue: string | null) => boolean;
}

export interface AsyncRuntimePorts extends Omit<RuntimePorts, 'callOperation'> {
  callOperation?: (call: OperationCall) => OperationResult | Promise<OperationResult>;
}

export interface StartOptions {
  /** The step to start at; the scenario's start by default. */
  at?: string;
  /** Fixture variables, e.g. {user: {is_subscriber: true}}. */
  vars?: JsonObject;
  cart?: CartItem[];
  /** Seed of the randomizer's generator (default 1). */
  seed?: number;
}
