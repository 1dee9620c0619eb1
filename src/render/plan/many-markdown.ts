// The markdown document of a many-environment plan (`plan --all-envs --format markdown`): a
// table of every environment (changes, destructive, status), then one collapsed section per
// environment with its plan. It has one total cap (a comment: 65,535 characters by default):
// when the sections do not all fit, the largest are cut first — each down to the same size, the
// smaller ones whole — then sections too small to say anything are reduced to their name, and a
// closing line says what was cut and how to see it whole.
import type { Plan } from '../../plan/types.js';
import { NO_COLORS } from '../colors.js';
import { markdown } from './markdown.js';
import { cutText, fenceFor, htmlText, mdCode, mdText, safeCut } from './md-escape.js';
import { plural } from '../../plural.js';

export interface EnvironmentSection {
  environment: string;
  /** undefined when the environment failed before it had a plan. */
  changes: number | undefined;
  destructive: number | undefined;
  status: string;
  ok: boolean;
  plan?: Plan;
  /** What the environment's run printed (warnings, errors), shown under its plan. */
  output: string;
}

/** Below this a cut section says too little: it is reduced to its name and status. */
const MIN_SECTION = 600;
/** The most of an environment's own output shown in its section. */
const OUTPUT_MAX = 4_000;

export function renderManyMarkdown(
  sections: readonly EnvironmentSection[],
  maxLength: number,
): string {
  const head = heading(sections);
  const reserve = 600 + Math.min(sections.length, 20) * 60;
  const table = tableOf(sections, Math.max(0, Math.floor((maxLength - head.length - reserve) / 2)));
  let budget = maxLength - head.length - table.length - reserve;
  // No section can be longer than the whole document: each is measured within that.
  const full = sections.map((s) => section(s, maxLength));
  const total = full.reduce((n, text) => n + text.length, 0);
  const shortened: string[] = [];
  const stubbed: string[] = [];
  let left = 0;
  let bodies = full;
  if (total > budget) {
    const cap = waterLevel(
      full.map((t) => t.length),
      budget,
    );
    bodies = sections.map((s, i) => {
      const text = full[i] as string;
      if (text.length <= cap) return text;
      if (cap >= MIN_SECTION) {
        shortened.push(s.environment);
        return section(s, cap);
      }
      stubbed.push(s.environment);
      return stub(s);
    });
    // Too many environments for even their names: the last are left to the table.
    const kept: string[] = [];
    for (const text of bodies) {
      if (text.length > budget) {
        left += 1;
        continue;
      }
      kept.push(text);
      budget -= text.length;
    }
    bodies = kept;
  }
  const note =
    shortened.length + stubbed.length + left > 0
      ? cutNote(shortened, stubbed, left, maxLength)
      : '';
  return safeCut(`${head}${table}${bodies.join('')}${note}`, maxLength);
}

function heading(sections: readonly EnvironmentSection[]): string {
  const failed = sections.filter((s) => !s.ok).length;
  const changed = sections.filter((s) => (s.changes ?? 0) > 0).length;
  const n = sections.length;
  return `## botform plan: ${plural(n, 'environment')}\n\n**${changed} with changes, ${failed} failed.**\n\n`;
}

/** The table of environments: failed first, then those with changes, within `budget`. */
function tableOf(sections: readonly EnvironmentSection[], budget: number): string {
  const order = [...sections].sort((a, b) => rank(a) - rank(b));
  let out = '| Environment | Changes | Destructive | Status |\n| --- | ---: | ---: | --- |\n';
  for (let i = 0; i < order.length; i++) {
    const s = order[i] as EnvironmentSection;
    const row = `| ${mdText(cutText(s.environment, 100))} | ${s.changes ?? '-'} | ${s.destructive ?? '-'} | ${s.ok ? '' : '❌ '}${mdText(cutText(s.status, 200))} |\n`;
    if (out.length + row.length > budget) {
      const rest = order.length - i;
      return `${out}\n_… and ${plural(rest, 'more environment')} without changes or failures not listed._\n\n`;
    }
    out += row;
  }
  return `${out}\n`;
}

function rank(s: EnvironmentSection): number {
  return !s.ok ? 0 : (s.changes ?? 0) > 0 ? 1 : 2;
}

/** One environment's collapsed section, its plan cut to fit `max` characters in all. */
function section(s: EnvironmentSection, max: number): string {
  const open = `<details${s.ok ? '' : ' open'}><summary><b>${htmlText(cutText(s.environment, 100))}</b>: ${htmlText(cutText(s.status, 200))}</summary>\n\n`;
  const close = '</details>\n\n';
  const output = outputBlock(s.output);
  if (!s.plan) return `${open}${output}${close}`;
  const room = max - open.length - close.length - output.length;
  const body = markdown(s.plan, { palette: NO_COLORS, maxLength: Math.max(0, room) });
  return `${open}${body.trimEnd()}\n\n${output}${close}`;
}

function stub(s: EnvironmentSection): string {
  return `<details><summary><b>${htmlText(cutText(s.environment, 100))}</b>: ${htmlText(cutText(s.status, 200))}</summary>\n\n_Not shown here: see it with_ ${mdCode(`botform plan --env ${s.environment}`)}.\n\n</details>\n\n`;
}

function outputBlock(text: string): string {
  const trimmed = text.trimEnd();
  if (!trimmed.trim()) return '';
  const lines = cutText(trimmed, OUTPUT_MAX).split('\n');
  const fence = fenceFor(lines);
  return `${fence}text\n${lines.join('\n')}\n${fence}\n\n`;
}

/** The largest size c such that every section cut to at most c fits in `budget` together. */
export function waterLevel(sizes: readonly number[], budget: number): number {
  const sorted = [...sizes].sort((a, b) => a - b);
  let before = 0;
  for (let i = 0; i < sorted.length; i++) {
    const rest = sorted.length - i;
    const level = Math.floor((budget - before) / rest);
    if (level < (sorted[i] as number)) return Math.max(0, level);
    before += sorted[i] as number;
  }
  return sorted.at(-1) ?? 0;
}

function cutNote(shortened: string[], stubbed: string[], left: number, max: number): string {
  const names = (list: string[]) =>
    list.length <= 5
      ? list.map((n) => mdCode(cutText(n, 60))).join(', ')
      : `${list
          .slice(0, 5)
          .map((n) => mdCode(cutText(n, 60)))
          .join(', ')} and ${list.length - 5} more`;
  const parts: string[] = [];
  if (shortened.length > 0) parts.push(`the plans of ${names(shortened)} are shortened`);
  if (stubbed.length > 0) parts.push(`${names(stubbed)} show only their status`);
  if (left > 0)
    parts.push(`${left} more environment${left === 1 ? ' is' : 's are'} only in the table`);
  return `_✂️ Cut to fit ${max.toLocaleString('en-US')} characters (\`--max-length\`, \`--forge\`): ${parts.join('; ')}. See an environment whole with \`botform plan --env NAME\`, or every plan as JSON with \`botform plan --all-envs --out DIR\`._\n`;
}
