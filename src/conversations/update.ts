// Golden updates (`botform test --update`): the failing `step`, `says` and `buttons` of bot turns
// rewritten from what the bot now does, in the test file's own text: each new value replaces the
// characters of the old one (found through the YAML document's node ranges), so comments, order,
// quoting and layout stay. Passing turns, user turns
// and other checks are never touched; a failing check of another kind is listed as not updated.
import { createTwoFilesPatch } from 'diff';
import { Document, isNode, parseDocument, visit } from 'yaml';
import type { DocPath } from '../diagnostics/types.js';
import type { Answer, Mismatch } from './expect.js';
import type { BotTurn } from './types.js';

/** What a bot turn of a test saw: recorded by the driver when the turn is checked. */
export interface ObservedTurn {
  path: DocPath;
  bot: BotTurn;
  answer: Answer;
  mismatches: readonly Mismatch[];
}

export interface FileUpdate {
  file: string;
  before: string;
  after: string;
  /** Expectations rewritten. */
  changed: number;
  /** Failing checks this cannot rewrite (not step, says or buttons), with where they are. */
  kept: { path: DocPath; message: string }[];
  /** Set when the file was left alone as a whole, and why. */
  refused?: string;
}

const UPDATABLE = new Set(['step', 'says', 'buttons']);

interface Edit {
  start: number;
  end: number;
  text: string;
  path: DocPath;
  value: unknown;
}

/**
 * The file's text with the failing expectations of `observed` rewritten: each new value replaces
 * the old one's characters, written on one line (flow style); everything else stays as it was.
 */
export function updateTestFile(
  file: string,
  text: string,
  observed: readonly ObservedTurn[],
): FileUpdate {
  const out: FileUpdate = { file, before: text, after: text, changed: 0, kept: [] };
  const failing = observed.filter((o) => o.mismatches.length > 0);
  if (failing.length === 0) return out;
  const doc = parseDocument(text);
  if (doc.errors.length > 0) {
    out.refused = 'it does not parse';
    return out;
  }
  const edits: Edit[] = [];
  for (const turn of failing) {
    const keys = new Set<string>();
    for (const m of turn.mismatches) {
      const key = m.path[turn.path.length + 1];
      if (m.path[turn.path.length] === 'bot' && typeof key === 'string' && UPDATABLE.has(key))
        keys.add(key);
      else out.kept.push({ path: m.path, message: m.message });
    }
    for (const key of ['step', 'says', 'buttons']) {
      if (!keys.has(key)) continue;
      const path = [...turn.path, 'bot', key];
      const value = expectationOf(key, turn.answer);
      const node = doc.getIn(path, true);
      if (value === undefined || !isNode(node) || !node.range) {
        out.kept.push({ path, message: 'The bot said nothing here; remove the check by hand.' });
        continue;
      }
      edits.push({ start: node.range[0], end: node.range[1], text: inline(value), path, value });
    }
  }
  let after = text;
  for (const e of [...edits].sort((a, b) => b.start - a.start))
    after = after.slice(0, e.start) + e.text + after.slice(e.end);
  // What was written must read back as the new values, the rest as before.
  const check = parseDocument(after);
  const same = (a: unknown, b: unknown) => JSON.stringify(a) === JSON.stringify(b);
  if (check.errors.length > 0 || !edits.every((e) => same(check.getIn(e.path), e.value))) {
    out.refused = 'the new values could not be written in place';
    return out;
  }
  out.after = after;
  out.changed = edits.length;
  return out;
}

function expectationOf(key: string, answer: Answer): unknown {
  const { messages, entered } = answer.reply;
  if (key === 'step') return answer.state.at ?? entered[entered.length - 1] ?? '';
  if (key === 'buttons')
    return ([...messages].reverse().find((m) => m.buttons.length > 0)?.buttons ?? []).map(
      (b) => b.text,
    );
  const texts = messages.map((m) => m.text);
  if (texts.length === 0) return undefined;
  return texts.length === 1 ? texts[0] : texts;
}

/** A value as YAML on one line: collections in flow style, texts of several lines quoted. */
function inline(value: unknown): string {
  const doc = new Document(value);
  visit(doc, {
    Scalar(_, node) {
      if (typeof node.value === 'string' && node.value.includes('\n')) node.type = 'QUOTE_DOUBLE';
    },
    Seq(_, node) {
      node.flow = true;
    },
    Map(_, node) {
      node.flow = true;
    },
  });
  return doc.toString({ lineWidth: 0, flowCollectionPadding: false }).replace(/\n$/, '');
}

/** A unified diff of one file's update, as `diff -u` prints it. */
export function updateDiff(update: FileUpdate): string {
  return createTwoFilesPatch(update.file, update.file, update.before, update.after, '', '', {
    context: 2,
  });
}
