// Comparing what the bot did with what a bot turn expects. Each check returns failures (with
// the document path of the expectation), never throws.
import { compileTextPattern } from './text-pattern.js';
import type { DocPath } from '../diagnostics/types.js';
import { isRecord } from '../model/json.js';
import type { BotMessage, RuntimeEvent, TurnResult } from '../runtime/types.js';
import type { BotTurn, TextCheck } from './types.js';

export interface Mismatch {
  path: DocPath;
  message: string;
  expected?: string;
  actual?: string;
}

/** `expected` is contained in `actual`: objects by their keys, arrays item by item, the rest equal. */
function isSubset(expected: unknown, actual: unknown): boolean {
  if (Array.isArray(expected))
    return (
      Array.isArray(actual) &&
      actual.length === expected.length &&
      expected.every((e, i) => isSubset(e, actual[i]))
    );
  if (isRecord(expected))
    return (
      isRecord(actual) &&
      Object.entries(expected).every(([k, v]) => Object.hasOwn(actual, k) && isSubset(v, actual[k]))
    );
  return Object.is(expected, actual) || (typeof expected === 'number' && expected === actual);
}

function textMatches(check: TextCheck, text: string): boolean {
  if (typeof check === 'string') return text === check || text.trimEnd() === check.trimEnd();
  if ('contains' in check) return text.includes(check.contains);
  const pattern = compileTextPattern(check.matches);
  return pattern.ok && pattern.test(text);
}

function describeCheck(check: TextCheck): string {
  return typeof check === 'string'
    ? check
    : 'contains' in check
      ? `a message containing "${check.contains}"`
      : `a message matching /${check.matches}/`;
}

const json = (v: unknown) => JSON.stringify(v, null, 2) ?? 'undefined';

/** The answer to check: what the bot did since the user's last turn. */
export interface Answer {
  reply: Pick<TurnResult, 'messages' | 'events' | 'entered'>;
  state: TurnResult['state'];
}

export function checkBotTurn(bot: BotTurn, answer: Answer, path: DocPath): Mismatch[] {
  const out: Mismatch[] = [];
  const at = (key: string, ...rest: (string | number)[]) => [...path, 'bot', key, ...rest];
  const { messages, events } = answer.reply;
  if (bot.step !== undefined) {
    const actual =
      answer.state.at ?? answer.reply.entered[answer.reply.entered.length - 1] ?? '(none)';
    if (actual !== bot.step)
      out.push({
        path: at('step'),
        message: `The bot is at step "${actual}", not "${bot.step}".`,
        expected: bot.step,
        actual,
      });
  }
  if (bot.ended !== undefined && bot.ended !== (answer.state.at === null)) {
    out.push({
      path: at('ended'),
      message: bot.ended
        ? `The conversation has not ended; the bot waits at "${answer.state.at}".`
        : 'The conversation has ended.',
    });
  }
  if (bot.says !== undefined) out.push(...checkSays(bot.says, messages, at('says')));
  if (bot.buttons !== undefined) {
    const shown =
      [...messages]
        .reverse()
        .find((m) => m.buttons.length > 0)
        ?.buttons.map((b) => b.text) ?? [];
    if (json(shown) !== json(bot.buttons))
      out.push({
        path: at('buttons'),
        message: 'The buttons differ.',
        expected: bot.buttons.join('\n'),
        actual: shown.join('\n'),
      });
  }
  if (bot.vars !== undefined) {
    for (const [name, value] of Object.entries(bot.vars)) {
      const actual = Object.hasOwn(answer.state.vars, name) ? answer.state.vars[name] : undefined;
      if (!isSubset(value, actual))
        out.push({
          path: at('vars', name),
          message: `Variable \`${name}\` differs.`,
          expected: json(value),
          actual: actual === undefined ? '(not set)' : json(actual),
        });
    }
  }
  if (bot.lead !== undefined) out.push(...checkMade('lead', bot.lead, events, at('lead')));
  if (bot.order !== undefined) out.push(...checkMade('order', bot.order, events, at('order')));
  if (bot.called !== undefined) {
    const calls = events.filter(
      (e): e is Extract<RuntimeEvent, { type: 'operation_called' }> =>
        e.type === 'operation_called' && e.step === bot.called?.operation,
    );
    const wanted = bot.called;
    if (calls.length === 0)
      out.push({
        path: at('called'),
        message: `Operation "${wanted.operation}" was not called in this answer.`,
      });
    else if (
      !calls.some(
        (c) =>
          (wanted.request === undefined || isSubset(wanted.request, c.request.body)) &&
          (wanted.status === undefined || wanted.status === c.response.status),
      )
    ) {
      const last = calls[calls.length - 1];
      out.push({
        path: at('called'),
        message: `Operation "${wanted.operation}" was called differently.`,
        expected: json({ request: wanted.request, status: wanted.status }),
        actual: json({ request: last?.request.body, status: last?.response.status }),
      });
    }
  }
  out.push(...checkNegatives(bot, answer, path));
  return out;
}

/**
 * The negative and partial checks: not_says, buttons_include, no_lead, no_order, not_called,
 * not_entered, image.
 */
function checkNegatives(bot: BotTurn, answer: Answer, path: DocPath): Mismatch[] {
  const out: Mismatch[] = [];
  const at = (key: string, ...rest: (string | number)[]) => [...path, 'bot', key, ...rest];
  const { messages, events } = answer.reply;
  if (bot.not_says !== undefined) {
    const checks = Array.isArray(bot.not_says) ? bot.not_says : [bot.not_says];
    checks.forEach((check, i) => {
      const said = messages.find((m) => textMatches(check, m.text));
      if (said)
        out.push({
          path: Array.isArray(bot.not_says) ? at('not_says', i) : at('not_says'),
          message: `The bot said ${typeof check === 'string' ? 'this' : describeCheck(check)}, which it should not.`,
          expected: `no ${typeof check === 'string' ? `message "${check}"` : describeCheck(check)}`,
          actual: said.text,
        });
    });
  }
  if (bot.buttons_include !== undefined) {
    const shown = new Set(messages.flatMap((m) => m.buttons.map((b) => b.text)));
    const missing = bot.buttons_include.filter((label) => !shown.has(label));
    if (missing.length > 0)
      out.push({
        path: at('buttons_include'),
        message: `The bot did not show ${missing.map((l) => `"${l}"`).join(', ')}.`,
        expected: bot.buttons_include.join('\n'),
        actual: [...shown].join('\n') || '(no buttons)',
      });
  }
  const made = (type: 'lead_created' | 'order_created') => events.filter((e) => e.type === type);
  if (bot.no_lead === true && made('lead_created').length > 0)
    out.push({
      path: at('no_lead'),
      message: 'A lead was made in this answer.',
      actual: json(made('lead_created').map((e) => (e.type === 'lead_created' ? e.lead : e))[0]),
    });
  if (bot.no_order === true && made('order_created').length > 0)
    out.push({
      path: at('no_order'),
      message: 'An order was made in this answer.',
      actual: json(made('order_created').map((e) => (e.type === 'order_created' ? e.order : e))[0]),
    });
  if (bot.not_called !== undefined) {
    const list = Array.isArray(bot.not_called) ? bot.not_called : [bot.not_called];
    list.forEach((operation, i) => {
      const call = events.find((e) => e.type === 'operation_called' && e.step === operation);
      if (call?.type === 'operation_called')
        out.push({
          path: Array.isArray(bot.not_called) ? at('not_called', i) : at('not_called'),
          message: `Operation "${operation}" was called in this answer (status ${call.response.status}).`,
        });
    });
  }
  if (bot.not_entered !== undefined) {
    const list = Array.isArray(bot.not_entered) ? bot.not_entered : [bot.not_entered];
    const entered = answer.reply.entered;
    list.forEach((key, i) => {
      if (entered.includes(key))
        out.push({
          path: Array.isArray(bot.not_entered) ? at('not_entered', i) : at('not_entered'),
          message: `The bot passed through step "${key}" in this answer.`,
          expected: `not through "${key}"`,
          actual: entered.join(' → '),
        });
    });
  }
  if (bot.image !== undefined) {
    const check = bot.image;
    const images = messages.flatMap((m) => (m.image === undefined ? [] : [m.image]));
    if (!images.some((url) => textMatches(check, url)))
      out.push({
        path: at('image'),
        message:
          images.length === 0
            ? 'The bot showed no image in this answer.'
            : `The bot showed no image ${
                typeof check === 'string'
                  ? 'with this URL'
                  : 'contains' in check
                    ? `whose URL contains "${check.contains}"`
                    : `whose URL matches /${check.matches}/`
              }.`,
        expected: typeof check === 'string' ? check : describeCheck(check),
        actual: images.join('\n') || '(no image)',
      });
  }
  return out;
}

function checkSays(
  says: TextCheck | TextCheck[],
  messages: readonly BotMessage[],
  path: DocPath,
): Mismatch[] {
  const texts = messages.map((m) => m.text);
  const all = texts.join('\n\n');
  if (!Array.isArray(says)) {
    if (texts.some((t) => textMatches(says, t))) return [];
    const actual = typeof says === 'string' ? closest(says, texts) : all;
    return [
      {
        path,
        message:
          texts.length === 0
            ? 'The bot said nothing.'
            : `The bot did not say ${typeof says === 'string' ? 'this' : describeCheck(says)}.`,
        expected: describeCheck(says),
        actual,
      },
    ];
  }
  // A list: each check matches a later message than the one before.
  let from = 0;
  for (let i = 0; i < says.length; i++) {
    const check = says[i] as TextCheck;
    const found = texts.findIndex((t, n) => n >= from && textMatches(check, t));
    if (found < 0)
      return [
        {
          path: [...path, i],
          message: `Message ${i + 1} of the expected ones was not said (in order).`,
          expected: describeCheck(check),
          actual: all,
        },
      ];
    from = found + 1;
  }
  return [];
}

/** The message most like the expected text, for a readable diff. */
function closest(expected: string, texts: readonly string[]): string {
  let best = texts[texts.length - 1] ?? '';
  let bestScore = -1;
  for (const t of texts) {
    const common = [...new Set(expected.split(/\s+/))].filter((w) => t.includes(w)).length;
    if (common > bestScore) {
      best = t;
      bestScore = common;
    }
  }
  return best;
}

function checkMade(
  kind: 'lead' | 'order',
  expected: Record<string, unknown>,
  events: readonly RuntimeEvent[],
  path: DocPath,
): Mismatch[] {
  const made = events.flatMap((e) =>
    e.type === 'lead_created' && kind === 'lead'
      ? [e.lead]
      : e.type === 'order_created' && kind === 'order'
        ? [e.order]
        : [],
  );
  if (made.length === 0) return [{ path, message: `No ${kind} was made in this answer.` }];
  if (made.some((m) => isSubset(expected, m))) return [];
  return [
    {
      path,
      message: `The ${kind} made differs.`,
      expected: json(expected),
      actual: json(made[made.length - 1]),
    },
  ];
}
