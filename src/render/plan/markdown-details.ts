// One step's folded block of the markdown plan: `<details>` with a one-line summary, then the
// step's fields (creates, deletes) or its changes (updates; texts as ```diff blocks), then its
// buttons. Cut to a character budget when it has to be, always closing what it opened.
import { describeButton, extraCalls, stepFieldChanges, stepYaml } from './describe.js';
import type { StepGroup } from './group.js';
import { cutText, fenceFor, htmlCode, htmlText, mdCode, mdText, safeCut } from './md-escape.js';
import { plural } from '../../plural.js';

type Chunk =
  | { kind: 'text'; text: string }
  | { kind: 'list'; items: string[] }
  | { kind: 'code'; lang: string; lines: string[] };

const VERB = {
  create: ['➕', 'create'],
  update: ['✏️', 'update'],
  delete: ['🗑️', 'delete'],
} as const;
const BUTTON_SIGN = { create: '➕', update: '✏️', delete: '➖' } as const;
const CUT_NOTE = '_… the rest of this step is cut: the plan is too large for one comment._';
/** Below this many characters a cut block says too little to be worth showing. */
const MIN_PARTIAL = 400;

/** The whole block, or a cut one when `budget` is short (null when too short for even that). */
export function detailsBlock(
  group: StepGroup,
  budget: number,
): { text: string; complete: boolean } | null {
  const open = `<details><summary>${summary(group)}</summary>\n\n`;
  const close = '</details>\n\n';
  const chunks = bodyChunks(group);
  const full = open + renderChunks(chunks, Number.POSITIVE_INFINITY) + close;
  if (full.length <= budget) return { text: full, complete: true };
  const room = budget - open.length - close.length;
  if (budget < MIN_PARTIAL || room < CUT_NOTE.length + 2) return null;
  return { text: open + renderChunks(chunks, room) + close, complete: false };
}

function summary(group: StepGroup): string {
  const [emoji, verb] = VERB[group.action];
  let text = `${emoji} <b>${verb}</b> ${htmlCode(cutText(group.key, 100))}`;
  if (group.renamedFrom !== undefined)
    text += ` (renamed from ${htmlCode(cutText(group.renamedFrom, 100))})`;
  const facts: string[] = [];
  const view = group.after ?? group.before;
  if (group.action !== 'update' && view) facts.push(htmlText(cutText(view.type, 40)));
  if (group.action === 'update')
    facts.push(...stepFieldChanges(group).map((c) => htmlText(cutText(c.field, 40))));
  if (group.buttons.length > 0) facts.push(`${plural(group.buttons.length, 'button')}`);
  if (facts.length > 0) text += ` — ${facts.join(', ')}`;
  return text;
}

function bodyChunks(group: StepGroup): Chunk[] {
  const chunks: Chunk[] = [];
  const notes = extraCalls(group);
  if (notes.length > 0)
    chunks.push({
      kind: 'text',
      text: `_${notes.map((n) => n.replace(/calls? /, (m) => `API ${m}`)).join(', ')}._`,
    });
  if (group.op?.reason) chunks.push({ kind: 'text', text: `Reason: ${mdText(group.op.reason)}` });
  if (group.action === 'create' && group.after)
    chunks.push({ kind: 'code', lang: 'yaml', lines: stepYaml(group.after) });
  if (group.action === 'delete' && group.before)
    chunks.push({ kind: 'code', lang: 'yaml', lines: stepYaml(group.before) });
  if (group.action === 'update') {
    const inline: string[] = [];
    for (const change of stepFieldChanges(group)) {
      if (change.kind === 'inline')
        inline.push(
          `**${mdText(change.field)}**: ${mdCode(change.before)} → ${mdCode(change.after)}`,
        );
      else {
        if (inline.length > 0) chunks.push({ kind: 'list', items: inline.splice(0) });
        chunks.push({ kind: 'text', text: `**${mdText(change.field)}**` });
        chunks.push({
          kind: 'code',
          lang: 'diff',
          lines: change.lines.map((l) => (l.sign === '@' ? l.text : l.sign + l.text)),
        });
      }
    }
    if (inline.length > 0) chunks.push({ kind: 'list', items: inline });
  }
  if (group.buttons.length > 0) {
    chunks.push({ kind: 'text', text: '**Buttons**' });
    chunks.push({
      kind: 'list',
      items: group.buttons.map((op) => `${BUTTON_SIGN[op.action]} ${mdText(describeButton(op))}`),
    });
  }
  return chunks;
}

/** Chunks separated by blank lines; when over `room`, as much as fits, then a note saying so. */
function renderChunks(chunks: readonly Chunk[], room: number): string {
  const limit = room - CUT_NOTE.length - 2;
  let out = '';
  for (const chunk of chunks) {
    const whole = renderChunk(chunk);
    if (out.length + whole.length + 2 <= limit) {
      out += `${whole}\n\n`;
      continue;
    }
    out += partialChunk(chunk, limit - out.length);
    return `${out}${CUT_NOTE}\n`;
  }
  return out;
}

function renderChunk(chunk: Chunk): string {
  switch (chunk.kind) {
    case 'text':
      return chunk.text;
    case 'list':
      return chunk.items.map((item) => `- ${item}`).join('\n');
    case 'code': {
      const fence = fenceFor(chunk.lines);
      return [`${fence}${chunk.lang}`, ...chunk.lines, fence].join('\n');
    }
    default: {
      const never: never = chunk;
      return String(never);
    }
  }
}

/** The part of a chunk that fits in `room` (a list's first items, a code block's first lines), or nothing. */
function partialChunk(chunk: Chunk, room: number): string {
  if (chunk.kind === 'text') return '';
  if (chunk.kind === 'list') {
    let out = '';
    for (const item of chunk.items) {
      const line = `- ${item}\n`;
      if (out.length + line.length + 1 > room) break;
      out += line;
    }
    return out === '' ? '' : `${out}\n`;
  }
  const fence = fenceFor(chunk.lines);
  const open = `${fence}${chunk.lang}\n`;
  const close = `${fence}\n\n`;
  let space = room - open.length - close.length;
  if (space < 20) return '';
  let body = '';
  for (const line of chunk.lines) {
    if (line.length + 1 <= space) {
      body += `${line}\n`;
      space -= line.length + 1;
      continue;
    }
    if (space > 10) body += `${safeCut(line, space - 2)}…\n`;
    break;
  }
  return open + body + close;
}
