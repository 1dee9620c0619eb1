// `botform review` as text: stylish for a terminal, markdown for a pull-request comment (cut to
// the forge's limit with a closing line), JSON as data. Each behaviour change reads as the user's
// inputs, then what the bot did before and after at the turn where they part.
import type { BehaviourChange, Review } from '../../review/index.js';
import { plural } from '../../plural.js';
import { type Annotation, renderAnnotations } from '../github-annotations.js';
import { mdCode, mdText } from '../plan/md-escape.js';

const KIND: Record<BehaviourChange['kind'], string> = {
  route: 'Another way',
  says: 'A reply changes',
  buttons: 'Other buttons',
  effects: 'Another lead, order or call',
};

const inputsLine = (c: BehaviourChange) =>
  c.inputs.length === 0 ? 'at the start' : `after ${c.inputs.join(' → ')}`;

export function reviewText(review: Review): string {
  const lines: string[] = [];
  const { covered, total } = review.patchCoverage;
  lines.push(`Behaviour changes: ${plural(review.behaviourChanges.length, 'change')}.`);
  for (const c of review.behaviourChanges) {
    lines.push(
      '',
      `  ${KIND[c.kind]}, seen by ${plural(c.count, 'conversation')}: ${inputsLine(c)}`,
    );
    lines.push(`    e.g. ${c.conversations[0]?.file} › ${c.conversations[0]?.name}`);
    lines.push('    before:', ...c.before.map((l) => `      ${l}`));
    lines.push('    after: ', ...c.after.map((l) => `      ${l}`));
  }
  lines.push(
    '',
    `Patch coverage: ${covered}/${total} new or changed transitions walked by a test${total > 0 ? ` (${((covered / total) * 100).toFixed(1)}%)` : ''}.`,
  );
  for (const u of review.uncoveredTransitions)
    lines.push(
      `  ${u.file}:${u.line}:${u.column}  ${u.from} → ${u.to} (${u.kind}${u.label !== undefined ? ` "${u.label}"` : ''}) is walked by no test`,
    );
  lines.push('', `Affected tests: ${review.affectedTests.length}.`);
  for (const t of review.affectedTests) lines.push(`  ${t.file} › ${t.name}`);
  if (review.renamed.length > 0)
    lines.push('', `Renamed: ${review.renamed.map(([a, b]) => `${a} → ${b}`).join(', ')}.`);
  if (review.removedSteps.length > 0)
    lines.push(`Removed steps: ${review.removedSteps.join(', ')}.`);
  for (const n of review.notes) lines.push('', n);
  return `${lines.join('\n')}\n`;
}

export function reviewJson(review: Review): string {
  return `${JSON.stringify(
    {
      behaviour_changes: review.behaviourChanges.map((c) => ({
        kind: c.kind,
        count: c.count,
        conversations: c.conversations,
        inputs: c.inputs,
        before: c.before,
        after: c.after,
      })),
      uncovered_transitions: review.uncoveredTransitions,
      patch_coverage: review.patchCoverage,
      affected_tests: review.affectedTests,
      renamed: review.renamed,
      removed_steps: review.removedSteps,
      changed_steps: review.changedSteps,
      notes: review.notes,
    },
    null,
    2,
  )}\n`;
}

/** Markdown for a pull-request comment, never longer than `maxLength` characters. */
export function reviewMarkdown(review: Review, maxLength = 65_000): string {
  const { covered, total } = review.patchCoverage;
  const head = [
    '### botform review',
    '',
    `**${plural(review.behaviourChanges.length, 'behaviour change')}** · patch coverage ${covered}/${total}${total > 0 ? ` (${((covered / total) * 100).toFixed(1)}%)` : ''} · ${plural(review.affectedTests.length, 'affected test')}`,
    '',
  ];
  const blocks: string[] = [];
  for (const c of review.behaviourChanges) {
    const example = c.conversations[0];
    blocks.push(
      [
        `#### ${KIND[c.kind]}, seen by ${plural(c.count, 'conversation')}: ${mdText(inputsLine(c))}`,
        '',
        `Example: ${mdCode(example?.file ?? '')} › ${mdText(example?.name ?? '')}`,
        '',
        '| before | after |',
        '|---|---|',
        `| ${c.before.map(mdText).join('<br>')} | ${c.after.map(mdText).join('<br>')} |`,
        '',
      ].join('\n'),
    );
  }
  if (review.uncoveredTransitions.length > 0)
    blocks.push(
      [
        '#### New or changed transitions no test walks',
        '',
        ...review.uncoveredTransitions.map(
          (u) =>
            `- ${mdCode(`${u.file}:${u.line}`)} ${mdText(`${u.from} → ${u.to}`)} (${u.kind}${u.label !== undefined ? ` ${mdText(JSON.stringify(u.label))}` : ''})`,
        ),
        '',
      ].join('\n'),
    );
  if (review.affectedTests.length > 0)
    blocks.push(
      [
        '#### Affected tests',
        '',
        ...review.affectedTests.map((t) => `- ${mdCode(t.file)} › ${mdText(t.name)}`),
        '',
      ].join('\n'),
    );
  for (const n of review.notes) blocks.push(`> ${mdText(n)}\n`);
  let out = `${head.join('\n')}\n`;
  for (let i = 0; i < blocks.length; i++) {
    const block = blocks[i] as string;
    const rest = `_… ${plural(blocks.length - i, 'more section')} not shown: run botform review locally._\n`;
    if (out.length + block.length + 1 + rest.length > maxLength) return out + rest;
    out += `${block}\n`;
  }
  return out;
}

/**
 * GitHub annotations: a warning on each new or rerouted transition no test walks, through the
 * one annotation renderer (ordered, 10 per level, a closing count), and a notice per behaviour
 * change. Below --min-patch-coverage, the verdict comes first as an error.
 */
export function reviewGithub(review: Review, failure: string | undefined): string {
  const annotations: Annotation[] = [
    ...review.uncoveredTransitions.map(
      (u): Annotation => ({
        level: 'warning',
        title: 'botform review: no test walks this',
        message: `${u.from} → ${u.to} (${u.kind}${u.label !== undefined ? ` "${u.label}"` : ''}) is new or rerouted, and no test walks it.`,
        file: u.file,
        line: u.line,
        column: u.column,
      }),
    ),
    ...review.behaviourChanges.map(
      (c): Annotation => ({
        level: 'notice',
        title: `botform review: ${KIND[c.kind].toLowerCase()}`,
        message: `${plural(c.count, 'conversation')}, ${inputsLine(c)}: ${c.before.join('; ')} → ${c.after.join('; ')}`,
      }),
    ),
  ];
  const pinned: Annotation[] = failure
    ? [{ level: 'error', title: 'botform review', message: failure }]
    : [];
  return renderAnnotations(annotations, { seeAll: 'botform review locally' }, pinned);
}
