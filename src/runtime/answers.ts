// Checking a typed answer against the kind a question (`expect`) or a form field (`kind`) asks
// for, and the value it is saved as.
import type { Json } from '../model/json.js';

export type AnswerKind = 'text' | 'number' | 'email' | 'phone' | 'date';

export function answerKind(value: unknown): AnswerKind {
  return value === 'number' || value === 'email' || value === 'phone' || value === 'date'
    ? value
    : 'text';
}

const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;
const PHONE = /^\+?[0-9][0-9 ()-]{5,19}$/;
const ISO_DATE = /^\d{4}-\d{2}-\d{2}$/;
const DOTTED_DATE = /^(\d{1,2})[./](\d{1,2})[./](\d{4})$/;

/** The value an answer is saved as, or undefined when it is not of the kind asked for. */
export function parseAnswer(kind: AnswerKind, raw: string): Json | undefined {
  const text = raw.trim();
  if (text === '') return undefined;
  switch (kind) {
    case 'text':
      return text;
    case 'number': {
      const n = Number(text.replace(',', '.'));
      return Number.isFinite(n) && /^[-+]?[0-9]/.test(text) ? n : undefined;
    }
    case 'email':
      return EMAIL.test(text) ? text : undefined;
    case 'phone':
      return PHONE.test(text) && text.replace(/\D/g, '').length >= 6 ? text : undefined;
    case 'date': {
      if (ISO_DATE.test(text))
        return validDate(
          Number(text.slice(0, 4)),
          Number(text.slice(5, 7)),
          Number(text.slice(8, 10)),
        )
          ? text
          : undefined;
      const m = DOTTED_DATE.exec(text);
      if (!m) return undefined;
      const [day, month, year] = [Number(m[1]), Number(m[2]), Number(m[3])];
      return validDate(year, month, day)
        ? `${year}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`
        : undefined;
    }
  }
}

function validDate(year: number, month: number, day: number): boolean {
  const d = new Date(Date.UTC(year, month - 1, day));
  return d.getUTCFullYear() === year && d.getUTCMonth() === month - 1 && d.getUTCDate() === day;
}

const KIND_WORDS: Record<AnswerKind, string> = {
  text: 'an answer',
  number: 'a number',
  email: 'an e-mail address',
  phone: 'a phone number',
  date: 'a date (YYYY-MM-DD)',
};

/** The bot's default retry prompt for a bad answer. */
export function defaultRetryText(kind: AnswerKind): string {
  return `Please send ${KIND_WORDS[kind]}.`;
}
