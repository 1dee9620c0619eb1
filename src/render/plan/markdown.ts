// The pull-request comment: counts first, every deletion named in a caution block, per-step
// details folded in <details>, then a Mermaid diagram of the changed part of the graph. Never
// longer than `maxLength` (a GitHub comment holds 65,535 characters): the counts, the deletions
// and the diagram come first; per-step details are cut, and a note says what is not shown.
import type { Plan, PlanWarning } from '../../plan/types.js';
import { describeButton } from './describe.js';
import {
  deletionCounts,
  deletionPhrase,
  type Group,
  groupPlan,
  type ShopGroup,
  summaryLine,
} from './group.js';
import { NO_CHANGES } from './human.js';
import type { PlanRenderer } from './types.js';
import { detailsBlock } from './markdown-details.js';
import { cutText, mdCode, mdText, safeCut } from './md-escape.js';
import { mermaidDiagram } from './mermaid.js';
import { plural } from '../../plural.js';

export const DEFAULT_MAX_LENGTH = 65_535;
/** Warnings are listed up to this many characters (or a quarter of the room left); the rest are counted. */
const WARNINGS_MAX = 4_000;
/** A listed name or message longer than this is cut. */
const ITEM_MAX = 300;
const DETAILS_HEADING = '#### Changes\n\n';
const DIAGRAM_HEADING = '#### Changed part of the graph\n\n';
const RUN_LOCALLY =
  'the plan is too large for one comment. Run `botform plan` locally for the full plan.';

export const markdown: PlanRenderer = (plan, options) => {
  const requested = options.maxLength;
  const max =
    requested === undefined || Number.isNaN(requested)
      ? DEFAULT_MAX_LENGTH
      : Math.max(0, Math.floor(requested));
  return safeCut(`${compose(plan, max).trimEnd()}\n`, max);
};

function compose(plan: Plan, max: number): string {
  const groups = groupPlan(plan);
  const head = header(plan);
  const reserve = Math.max(note(0).length, note(groups.length).length);
  if (groups.length === 0) {
    const warnings = quoteList(
      'WARNING',
      `${plural(plan.warnings.length, 'warning')}:`,
      warningItems(plan.warnings),
      plan.warnings.length,
      max - head.length - NO_CHANGES.length - 2 - reserve,
    );
    return `${head}${NO_CHANGES}\n\n${warnings.text}${warnings.cut ? note(0) : ''}`;
  }
  if (head.length + reserve > max) return `**${summaryLine(plan)}**\n\n_… ${RUN_LOCALLY}_\n`;
  let left = max - head.length - reserve;

  // The deletions and the diagram come first; when both cannot be whole, each gets at least half.
  const counts = deletionCounts(groups);
  const deletions = (budget: number) =>
    quoteList(
      'CAUTION',
      `${deletionPhrase(counts)} will be deleted:`,
      deletionItems(groups),
      counts.steps + counts.buttons,
      budget,
    );
  const wanted = deletions(left).text.length;
  const diagram = diagramSection(groups, left - Math.min(wanted, Math.floor(left / 2)));
  left -= diagram.text.length;
  const caution = deletions(left);
  left -= caution.text.length;
  const warnings = quoteList(
    'WARNING',
    `${plural(plan.warnings.length, 'warning')}:`,
    warningItems(plan.warnings),
    plan.warnings.length,
    Math.min(left, Math.max(WARNINGS_MAX, Math.floor(left / 4))),
  );
  left -= warnings.text.length + DETAILS_HEADING.length;

  let details = '';
  let shown = 0;
  let complete = true;
  for (const group of groups) {
    const block =
      group.kind === 'shop'
        ? { text: `${shopLine(group)}\n\n`, complete: true }
        : detailsBlock(group, left);
    if (!block || block.text.length > left) break;
    details += block.text;
    left -= block.text.length;
    shown += 1;
    if (!block.complete) {
      complete = false;
      break;
    }
  }
  const cut = shown < groups.length || !complete || diagram.cut || caution.cut || warnings.cut;
  const detailsText = details === '' ? '' : DETAILS_HEADING + details;
  return (
    head +
    caution.text +
    warnings.text +
    detailsText +
    diagram.text +
    (cut ? note(groups.length - shown) : '')
  );
}

/** The diagram under its heading, with a note when it shows only part of the changed steps. */
function diagramSection(groups: readonly Group[], budget: number): { text: string; cut: boolean } {
  const cutNote = (shown: number, total: number) =>
    `_The diagram shows ${shown} of ${total} changed steps._\n\n`;
  const diagram = mermaidDiagram(
    groups,
    budget - DIAGRAM_HEADING.length - 2 - cutNote(groups.length, groups.length).length,
  );
  if (!diagram) return { text: '', cut: true };
  const text = `${DIAGRAM_HEADING}${diagram.text}\n\n`;
  if (diagram.shownChanged === diagram.totalChanged) return { text, cut: false };
  return { text: text + cutNote(diagram.shownChanged, diagram.totalChanged), cut: true };
}

function header(plan: Plan): string {
  const files = plan.scenario.files.length;
  const where = `${mdText(plan.target.api)} · scenario ${mdCode(plan.scenario.digest.replace(/^[a-z0-9]+:/i, '').slice(0, 12))} (${plural(files, 'file')}) · botform ${mdText(plan.botform_version)}`;
  return `### botform plan for shop ${plan.target.shop_id}\n\n**${summaryLine(plan)}**\n\n<sub>${where}</sub>\n\n`;
}

function note(notShown: number): string {
  if (notShown === 0) return `_… Parts of the plan are not shown: ${RUN_LOCALLY}_\n`;
  return `_… ${plural(notShown, 'more step')} not shown: ${RUN_LOCALLY}_\n`;
}

function shopLine(group: ShopGroup): string {
  const name = (start: string | null | undefined) =>
    start === null || start === undefined ? '_(none)_' : mdCode(start);
  if (group.action === 'create' || !group.before)
    return `**Start step:** ${name(group.after?.start)}`;
  if (group.action === 'delete' || !group.after)
    return `**Start step:** ${name(group.before.start)} (cleared)`;
  return `**Start step:** ${name(group.before.start)} → ${name(group.after.start)}`;
}

function* deletionItems(groups: readonly Group[]): Generator<string> {
  for (const g of groups) {
    if (g.kind !== 'step') continue;
    const stepDeleted = g.action === 'delete' && g.op !== undefined;
    const key = mdCode(cutText(g.key, ITEM_MAX));
    if (stepDeleted) yield `- step ${key}`;
    for (const op of g.buttons) {
      if (op.action !== 'delete') continue;
      const what = mdText(cutText(describeButton(op), ITEM_MAX));
      yield stepDeleted ? `  - ${what}` : `- ${what} of step ${key}`;
    }
  }
}

function* warningItems(warnings: readonly PlanWarning[]): Generator<string> {
  for (const w of warnings)
    yield `- ${mdText(cutText(w.message, ITEM_MAX))} (${mdCode(cutText(w.code, ITEM_MAX))})`;
}

/**
 * A GitHub alert (`> [!CAUTION]`) with a bold title and a list, as many items as fit in
 * `budget`, then "… and N more". Empty when there is nothing to list or no room for the title.
 */
function quoteList(
  kind: 'CAUTION' | 'WARNING',
  title: string,
  items: Iterable<string>,
  total: number,
  budget: number,
): { text: string; cut: boolean } {
  if (total === 0) return { text: '', cut: false };
  const more = (n: number) => `> - … and ${n} more\n`;
  let text = `> [!${kind}]\n> **${title}**\n`;
  if (text.length + more(total).length + 1 > budget) return { text: '', cut: true };
  let listed = 0;
  for (const item of items) {
    const line = `> ${item}\n`;
    if (text.length + line.length + more(total).length + 1 > budget)
      return { text: `${text}${more(total - listed)}\n`, cut: true };
    text += line;
    listed += 1;
  }
  return { text: `${text}\n`, cut: false };
}
