// The field-by-field dialogue that forms and orders share: each field's label is asked in turn,
// each answer checked against the field's kind. A bad answer is asked again; a second bad
// answer to the same field takes the step's `on_error` when it has one.
import type { Step } from '../../model/scenario.js';
import { isRecord } from '../../model/json.js';
import { answerKind, defaultRetryText, parseAnswer, type AnswerKind } from '../answers.js';
import type { Turn } from '../turn.js';
import type { UserInput, Waiting } from '../types.js';
import { ignore, pressedButton } from './common.js';
import type { Outcome } from './meaning.js';

interface FieldSpec {
  name: string;
  label: string;
  kind: AnswerKind;
  required: boolean;
}

/** Answers that skip an optional field. */
const SKIP = new Set(['-', 'skip']);
const MAX_INVALID_ANSWERS = 2;

function fieldsOf(step: Step): FieldSpec[] {
  const raw = step.fields.fields;
  if (!Array.isArray(raw)) return [];
  return raw.filter(isRecord).flatMap((f) =>
    typeof f.name === 'string' && typeof f.label === 'string'
      ? [
          {
            name: f.name,
            label: f.label,
            kind: answerKind(f.kind),
            required: f.required !== false,
          },
        ]
      : [],
  );
}

/** Says the step's text, then asks the first field (or finishes at once when there are none). */
export function startFields(
  step: Step,
  turn: Turn,
  finish: (values: Record<string, string>) => Outcome,
): Outcome {
  turn.say(step, step.text);
  return askFrom(step, turn, 0, Object.create(null) as Record<string, string>, finish);
}

function askFrom(
  step: Step,
  turn: Turn,
  index: number,
  values: Record<string, string>,
  finish: (values: Record<string, string>) => Outcome,
): Outcome {
  const field = fieldsOf(step)[index];
  if (!field) return finish(values);
  turn.sayPlain(step, field.required ? field.label : `${field.label} (optional, "-" to skip)`);
  return { kind: 'wait', waiting: { kind: 'field', index, values, invalid: 0 } };
}

export function replyToField(
  step: Step,
  turn: Turn,
  input: UserInput,
  waiting: Waiting,
  finish: (values: Record<string, string>) => Outcome,
): Outcome {
  const pressed = pressedButton(step, turn, input);
  if (pressed) return pressed;
  if (waiting.kind !== 'field')
    return ignore(step, turn, waiting, `step "${step.key}" is not asking a field`);
  if (input.type !== 'text')
    return ignore(step, turn, waiting, `step "${step.key}" waits for a typed answer`);
  const field = fieldsOf(step)[waiting.index];
  if (!field) return finish(waiting.values);
  const values: Record<string, string> = Object.assign(
    Object.create(null) as Record<string, string>,
    waiting.values,
  );
  if (!field.required && SKIP.has(input.text.trim().toLowerCase()))
    return askFrom(step, turn, waiting.index + 1, values, finish);
  const value = parseAnswer(field.kind, input.text);
  if (value === undefined) {
    turn.emit({
      type: 'answer_rejected',
      step: step.key,
      expected: field.kind,
      answer: input.text,
    });
    const onError = turn.transition(step, 'on_error');
    if (waiting.invalid + 1 >= MAX_INVALID_ANSWERS && onError)
      return { kind: 'go', transition: onError };
    turn.sayPlain(step, defaultRetryText(field.kind));
    return { kind: 'wait', waiting: { ...waiting, invalid: waiting.invalid + 1 } };
  }
  values[field.name] = String(value);
  return askFrom(step, turn, waiting.index + 1, values, finish);
}

/** Saves each answered field as a variable of its name. */
export function saveFields(step: Step, turn: Turn, values: Record<string, string>): void {
  for (const field of fieldsOf(step)) {
    const value = values[field.name];
    if (value !== undefined)
      turn.setVar(step, field.name, field.kind === 'number' ? Number(value) : value);
  }
}
