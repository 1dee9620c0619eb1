// Definition, references and hover for step keys, all read from the occurrence index.
import type { Hover, Location, Position } from 'vscode-languageserver';
import { pathToFileURL } from 'node:url';
import { transitionsOf } from '../graph/transitions.js';
import type { Occurrence } from './occurrences.js';
import { rangeContains, toLspRange } from './positions.js';
import type { Snapshot } from './workspace.js';
import { plural } from '../plural.js';

export function occurrenceAt(
  snapshot: Snapshot,
  file: string,
  position: Position,
): Occurrence | undefined {
  return snapshot
    .occurrences()
    .get(file)
    ?.find((o) => rangeContains(o.range, position));
}

export function definitionOf(snapshot: Snapshot, key: string): Occurrence | undefined {
  const step = snapshot.result.scenario.steps.get(key);
  if (!step) return undefined;
  return snapshot
    .occurrences()
    .get(step.origin.file)
    ?.find((o) => o.role === 'definition' && o.key === key);
}

export function locationOf(snapshot: Snapshot, o: Occurrence): Location {
  return { uri: pathToFileURL(snapshot.absolute(o.file)).href, range: toLspRange(o.range) };
}

/** Every place that names the step as it is now (not old names under renamed_from). */
export function referencesTo(
  snapshot: Snapshot,
  key: string,
  includeDeclaration: boolean,
): Occurrence[] {
  const out: Occurrence[] = [];
  for (const list of snapshot.occurrences().values()) {
    for (const o of list) {
      if (o.key !== key || o.role === 'renamed_from') continue;
      if (o.role === 'definition' && !includeDeclaration) continue;
      out.push(o);
    }
  }
  return out;
}

export function hoverFor(snapshot: Snapshot, o: Occurrence): Hover {
  const range = toLspRange(o.range);
  if (o.role === 'renamed_from')
    return {
      range,
      contents: {
        kind: 'markdown',
        value: `Old key **${escapeMarkdown(o.key)}**: a step once had this name; the plan turns the rename into one update.`,
      },
    };
  const step = snapshot.result.scenario.steps.get(o.key);
  if (!step)
    return {
      range,
      contents: { kind: 'markdown', value: `No step **${escapeMarkdown(o.key)}** exists.` },
    };
  const def = definitionOf(snapshot, o.key);
  const lines = [
    `**${escapeMarkdown(step.key)}** · ${step.type} step${def ? ` — ${def.file}:${def.range.line}` : ''}`,
  ];
  if (step.text)
    lines.push(
      '',
      ...step.text
        .trim()
        .split('\n')
        .slice(0, 6)
        .map((l) => `> ${escapeMarkdown(l)}`),
    );
  const leads = transitionsOf(step);
  if (leads.length > 0) {
    lines.push('', 'Leads to:');
    for (const t of leads)
      lines.push(
        `- → **${escapeMarkdown(t.target)}** (${t.kind}${t.label !== undefined ? `: ${escapeMarkdown(t.label)}` : ''})`,
      );
  } else if (step.end) {
    lines.push('', 'Ends the conversation.');
  }
  const from = referencesTo(snapshot, o.key, false).filter((r) => r.role === 'reference').length;
  lines.push(
    '',
    `Reached by ${plural(from, 'transition')}${snapshot.result.scenario.start?.key === o.key ? '; the start step' : ''}.`,
  );
  return { range, contents: { kind: 'markdown', value: lines.join('\n') } };
}

function escapeMarkdown(s: string): string {
  return s.replace(/([\\`*_{}[\]<>#|])/g, '\\$1');
}
