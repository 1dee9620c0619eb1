// Escaping user text (step names, button labels, messages) for a GitHub comment: markdown
// prose, HTML (inside <summary>), code spans, fenced blocks and Mermaid labels each have rules.
import { escapeHtmlText } from '../escape-html.js';

/** Newlines and runs of spaces as one space. */
function oneLine(s: string): string {
  return s.replace(/\s*[\r\n]+\s*/g, ' ');
}

/**
 * For HTML element content (a `<summary>`): markdown is not read there, entities are. An `@`
 * becomes its entity so that a label like "@support" does not notify anyone from a PR comment.
 */
export function htmlText(s: string): string {
  return noMentions(htmlBase(s));
}

function htmlBase(s: string): string {
  return escapeHtmlText(oneLine(s));
}

function noMentions(s: string): string {
  return s.replace(/@/g, '&#64;');
}

export function htmlCode(s: string): string {
  return `<code>${htmlText(s)}</code>`;
}

/** For markdown prose: HTML escaped, and markdown punctuation backslash-escaped. */
export function mdText(s: string): string {
  return noMentions(htmlBase(s).replace(/[\\`*_[\]|~#!]/g, (ch) => `\\${ch}`));
}

/** A code span that holds any text: a longer backtick fence than any run inside, padded when needed. */
export function mdCode(s: string): string {
  const text = oneLine(s);
  const fence = '`'.repeat(longestRun(text, '`') + 1);
  const pad = text.startsWith('`') || text.endsWith('`') || text === '' ? ' ' : '';
  return `${fence}${pad}${text}${pad}${fence}`;
}

/** The fence for a code block holding these lines: longer than any backtick run in them. */
export function fenceFor(lines: readonly string[]): string {
  let longest = 0;
  for (const line of lines) longest = Math.max(longest, longestRun(line, '`'));
  return '`'.repeat(Math.max(3, longest + 1));
}

function longestRun(s: string, ch: string): number {
  let longest = 0;
  let run = 0;
  for (const c of s) {
    run = c === ch ? run + 1 : 0;
    if (run > longest) longest = run;
  }
  return longest;
}

/** Mermaid's quoted labels: `"` and `#` and HTML-ish characters as entity codes, one line, capped. */
export function mermaidText(s: string, max = 40): string {
  const short = cutText(oneLine(s).trim(), max);
  return short
    .replace(/#/g, '#35;')
    .replace(/"/g, '#quot;')
    .replace(/&/g, '#amp;')
    .replace(/</g, '#lt;')
    .replace(/>/g, '#gt;')
    .replace(/`/g, '#96;')
    .replace(/\|/g, '#124;');
}

/** At most `max` characters, never splitting a surrogate pair. */
export function safeCut(s: string, max: number): string {
  if (s.length <= max) return s;
  if (max <= 0) return '';
  let end = max;
  const code = s.charCodeAt(end - 1);
  if (code >= 0xd800 && code <= 0xdbff) end -= 1;
  return s.slice(0, end);
}

/** At most `max` characters, with `…` when cut. */
export function cutText(s: string, max: number): string {
  return s.length <= max ? s : `${safeCut(s, Math.max(0, max - 1))}…`;
}
