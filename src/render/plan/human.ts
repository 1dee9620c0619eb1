// The terminal format, Terraform-like: deletions first and flagged, then creates, then
// updates, one block per step with its buttons nested under it; updates show only what changes,
// multi-line texts as unified diffs; the summary line last.
import type { PlanAction } from '../../plan/types.js';
import type { Palette } from '../colors.js';
import {
  describeButton,
  describeShop,
  extraCalls,
  type FieldChange,
  stepFieldChanges,
  stepYaml,
} from './describe.js';
import {
  deletionCounts,
  deletionPhrase,
  type Group,
  groupPlan,
  type StepGroup,
  summaryLine,
} from './group.js';
import type { PlanRenderer } from './types.js';
import type { DiffLine } from './text-diff.js';

export const NO_CHANGES = 'No changes. The live shop matches the scenario.';

const STEP = '  ';
const NESTED = '      ';
const DIFF = '        ';

export const human: PlanRenderer = (plan, options) => {
  const c = options.palette;
  const groups = groupPlan(plan);
  const lines: string[] = [];
  if (groups.length === 0) {
    lines.push(...warningLines(plan.warnings, c));
    lines.push(c.green(NO_CHANGES));
    return `${lines.join('\n')}\n`;
  }
  const where = plan.target.api === 'embedded' ? 'the embedded emulator' : visible(plan.target.api);
  lines.push(c.bold(`botform plan for shop ${plan.target.shop_id} at ${where}`), '');
  lines.push(
    `Symbols: ${sign('delete', c)} delete, ${sign('create', c)} create, ${sign('update', c)} update`,
    '',
  );
  const deleting = deletionCounts(groups);
  if (deleting.steps + deleting.buttons > 0)
    lines.push(c.red(c.bold(`! ${deletionPhrase(deleting)} will be deleted (destroy)`)), '');
  for (const group of groups) lines.push(...groupLines(group, c), '');
  lines.push(...warningLines(plan.warnings, c));
  lines.push(c.bold(summaryLine(plan)));
  return `${lines.join('\n')}\n`;
};

function sign(action: PlanAction, c: Palette): string {
  switch (action) {
    case 'create':
      return c.green('+');
    case 'update':
      return c.yellow('~');
    case 'delete':
      return c.red('-');
    default: {
      const never: never = action;
      return String(never);
    }
  }
}

function groupLines(group: Group, c: Palette): string[] {
  if (group.kind === 'shop')
    return [`${STEP}${sign(group.action, c)} ${visible(describeShop(group))}`];
  // Deletions are red as a whole, not just by their sign.
  const header = group.action === 'delete' ? c.red(stepHeader(group, c)) : stepHeader(group, c);
  const lines = [`${STEP}${sign(group.action, c)} ${header}`];
  const reason = group.op?.reason;
  if (reason) lines.push(`${NESTED}${c.dim(`# ${visible(oneLine(reason))}`)}`);
  if (group.action === 'create' && group.after)
    lines.push(...stepYaml(group.after).map((l) => NESTED + l));
  else if (group.action === 'delete' && group.before)
    lines.push(...stepYaml(group.before).map((l) => NESTED + l));
  else for (const change of stepFieldChanges(group)) lines.push(...changeLines(change, c));
  for (const op of group.buttons) {
    const text = visible(describeButton(op));
    lines.push(`${NESTED}${sign(op.action, c)} ${op.action === 'delete' ? c.red(text) : text}`);
  }
  return lines;
}

function stepHeader(group: StepGroup, c: Palette): string {
  let header = `step ${c.bold(visible(JSON.stringify(group.key)))}`;
  if (group.renamedFrom !== undefined)
    header += ` (renamed from ${visible(JSON.stringify(group.renamedFrom))})`;
  const notes = extraCalls(group);
  if (notes.length > 0) header += c.dim(` (${notes.join(', ')})`);
  return header;
}

function changeLines(change: FieldChange, c: Palette): string[] {
  const field = visible(change.field);
  if (change.kind === 'inline')
    return [
      `${NESTED}${field}: ${c.red(visible(change.before))} → ${c.green(visible(change.after))}`,
    ];
  return [
    `${NESTED}${field}:`,
    ...change.lines.map(
      (line) => DIFF + diffLine({ sign: line.sign, text: visible(line.text) }, c),
    ),
  ];
}

function diffLine(line: DiffLine, c: Palette): string {
  switch (line.sign) {
    case '@':
      return c.cyan(line.text);
    case '-':
      return c.red(`-${line.text}`);
    case '+':
      return c.green(`+${line.text}`);
    case ' ':
      return ` ${line.text}`;
    default: {
      const never: never = line.sign;
      return String(never);
    }
  }
}

function warningLines(
  warnings: readonly { code: string; message: string }[],
  c: Palette,
): string[] {
  if (warnings.length === 0) return [];
  return [
    c.yellow(c.bold('Warnings:')),
    ...warnings.map(
      (w) => `${STEP}${c.yellow('!')} ${visible(oneLine(w.message))}  ${c.dim(visible(w.code))}`,
    ),
    '',
  ];
}

function oneLine(s: string): string {
  return s.replace(/\s*\n\s*/g, ' ');
}

/** Control characters from live data (an escape sequence in a message) shown, not obeyed. */
function visible(s: string): string {
  return s.replace(
    /[\u0000-\u0008\u000b-\u001f\u007f-\u009f]/g,
    (ch) => `\\u${ch.charCodeAt(0).toString(16).padStart(4, '0')}`,
  );
}
