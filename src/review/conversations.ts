// Conversations played on both versions of a scenario: the user's side of each (presses, texts,
// fixtures) is kept and every expectation dropped, a bot turn is observed after each user turn,
// and what the bot did there — steps entered, replies, buttons, leads, orders, calls — is the
// conversation's transcript. A behaviour change is a conversation whose transcripts part.
import type { SourceLocator } from '../diagnostics/types.js';
import type { Scenario } from '../model/scenario.js';
import type { Answer } from '../conversations/expect.js';
import { runTest } from '../conversations/run.js';
import type { TestCase, TurnSpec } from '../conversations/types.js';
import { transitionKey } from './diff.js';

/** What the bot did after one user turn (or at the start). */
export interface TranscriptTurn {
  /** The user's turn that led here: `press "Checkout"`, `text "42"`; `start` for the first. */
  input: string;
  steps: string[];
  messages: { step: string; text: string }[];
  /** The buttons of the turn's last message with buttons, and its step. */
  buttons: { step: string; labels: string[] } | null;
  /** Leads, orders and operation calls made, as one line each. */
  effects: string[];
}

export interface Conversation {
  /** Where it comes from: a test of the repository, or a path `test generate` walks. */
  origin: 'test' | 'generated';
  file: string;
  name: string;
  test: TestCase;
}

/** The test with its user turns only, and an empty bot turn after each (and at the start). */
function userSide(test: TestCase): TestCase {
  const turns: TurnSpec[] = [{ bot: {}, path: ['start'] }];
  for (const turn of test.turns)
    if (!('bot' in turn)) turns.push(turn, { bot: {}, path: turn.path });
  return { ...test, turns };
}

/** The test's step names (its start, forced variants, stubs) in another version's names. */
function inNames(test: TestCase, name: (key: string) => string): TestCase {
  const keys = <T>(record: Record<string, T> | undefined) =>
    record && Object.fromEntries(Object.entries(record).map(([k, v]) => [name(k), v]));
  return {
    ...test,
    ...(test.start !== undefined ? { start: name(test.start) } : {}),
    ...(test.random !== undefined
      ? {
          random: Object.fromEntries(
            Object.entries(test.random).map(([k, v]) => [
              name(k),
              typeof v === 'string' ? name(v) : v,
            ]),
          ),
        }
      : {}),
    ...(test.stubs !== undefined ? { stubs: keys(test.stubs) } : {}),
  } as TestCase;
}

const inputOf = (turn: TurnSpec | undefined): string => {
  if (!turn || 'bot' in turn) return 'start';
  if ('operator' in turn)
    return 'says' in turn.operator ? `operator says "${turn.operator.says}"` : 'operator closes';
  const u = turn.user;
  return 'press' in u
    ? `press "${u.press}"`
    : 'text' in u
      ? `text "${u.text}"`
      : `add ${u.add.name}`;
};

/** Plays the conversation on `scenario`; `rename` maps this version's step names to head's. */
export function transcriptOf(
  conversation: Conversation,
  scenario: Scenario,
  locator: SourceLocator,
  rename: (key: string) => string = (k) => k,
  /** Head's step names to this version's, for the test's `start` and fixtures. */
  toHere: (key: string) => string = (k) => k,
): { turns: TranscriptTurn[]; walked: string[]; entered: string[] } {
  const test = userSide(inNames(conversation.test, toHere));
  const out: TranscriptTurn[] = [];
  let previous: TurnSpec | undefined;
  const userTurns = test.turns.filter((t) => !('bot' in t));
  const result = runTest(test, scenario, locator, (_turn, answer: Answer) => {
    previous = out.length === 0 ? undefined : userTurns[out.length - 1];
    const { messages, events, entered } = answer.reply;
    out.push({
      input: inputOf(previous),
      steps: entered.map(rename),
      messages: messages.map((m) => ({ step: rename(m.step), text: m.text })),
      buttons: lastButtons(messages, rename),
      effects: events.map((e) => effectOf(e, rename)).filter((e): e is string => e !== undefined),
    });
  });
  // The run stops at an input the bot does not take: that turn is one where it does not move.
  const stoppedAt = userTurns[out.length - 1];
  if (out.length > 0 && out.length <= userTurns.length && stoppedAt)
    out.push({ input: inputOf(stoppedAt), steps: [], messages: [], buttons: null, effects: [] });
  return {
    turns: out,
    walked: result.transitions.map((t) => transitionKey(rename(t.from), t.kind, t.index)),
    entered: result.entered.map(rename),
  };
}

function effectOf(
  event: Answer['reply']['events'][number],
  rename: (key: string) => string,
): string | undefined {
  switch (event.type) {
    case 'lead_created':
      return `a lead at ${rename(event.step)}`;
    case 'order_created':
      return `an order at ${rename(event.step)}`;
    case 'operation_called':
      return `calls ${rename(event.step)} (${event.response.status})`;
    case 'handed_off':
      return `hand-off at ${rename(event.step)}`;
    default:
      return undefined;
  }
}

function lastButtons(
  messages: readonly { step: string; buttons: readonly { text: string }[] }[],
  rename: (key: string) => string,
): TranscriptTurn['buttons'] {
  for (let i = messages.length - 1; i >= 0; i--) {
    const m = messages[i] as (typeof messages)[number];
    if (m.buttons.length > 0) return { step: rename(m.step), labels: m.buttons.map((b) => b.text) };
  }
  return null;
}

/** One way two transcripts part, keyed so that the same change seen by many conversations is one. */
export interface Difference {
  key: string;
  kind: 'route' | 'says' | 'buttons' | 'effects';
  /** The turn where it shows (0: the start). */
  turn: number;
  before: string[];
  after: string[];
}

const said = (m: { step: string; text: string } | undefined) =>
  m === undefined ? '(nothing)' : `${m.step} says ${JSON.stringify(m.text)}`;

/**
 * Where two transcripts of one conversation part: each reply, button list or effect that differs
 * while both are at the same steps, and the first turn where the steps themselves differ (after
 * it, every difference is a consequence, so none is listed).
 */
export function differences(
  a: readonly TranscriptTurn[],
  b: readonly TranscriptTurn[],
): Difference[] {
  const out: Difference[] = [];
  const n = Math.max(a.length, b.length);
  for (let i = 0; i < n; i++) {
    const x = a[i];
    const y = b[i];
    if (!x || !y || JSON.stringify(x.steps) !== JSON.stringify(y.steps)) {
      const input = (x ?? y)?.input ?? 'start';
      const route = (t: TranscriptTurn | undefined) =>
        t
          ? [
              `${t.input === 'start' ? 'starts' : t.input}: ${t.steps.join(' → ') || '(the bot does not move)'}`,
              ...t.messages.map(said),
            ]
          : ['(the conversation does not get here)'];
      out.push({
        key: `route|${input}|${JSON.stringify(x?.steps)}|${JSON.stringify(y?.steps)}`,
        kind: 'route',
        turn: i,
        before: route(x),
        after: route(y),
      });
      break;
    }
    const count = Math.max(x.messages.length, y.messages.length);
    for (let j = 0; j < count; j++) {
      const p = x.messages[j];
      const q = y.messages[j];
      if (p?.text !== q?.text)
        out.push({
          key: `says|${said(p)}|${said(q)}`,
          kind: 'says',
          turn: i,
          before: [said(p)],
          after: [said(q)],
        });
    }
    if (JSON.stringify(x.buttons) !== JSON.stringify(y.buttons)) {
      const shown = (t: TranscriptTurn) =>
        t.buttons
          ? `${t.buttons.step} offers ${t.buttons.labels.map((l) => JSON.stringify(l)).join(', ')}`
          : '(no buttons)';
      out.push({
        key: `buttons|${shown(x)}|${shown(y)}`,
        kind: 'buttons',
        turn: i,
        before: [shown(x)],
        after: [shown(y)],
      });
    }
    if (JSON.stringify(x.effects) !== JSON.stringify(y.effects))
      out.push({
        key: `effects|${x.effects.join(';')}|${y.effects.join(';')}`,
        kind: 'effects',
        turn: i,
        before: x.effects.length > 0 ? x.effects : ['(no lead, order or call)'],
        after: y.effects.length > 0 ? y.effects : ['(no lead, order or call)'],
      });
  }
  return out;
}
