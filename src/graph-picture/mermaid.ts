// The picture as a Mermaid flowchart, for a README or a wiki page: the same marks as the DOT
// picture within what Mermaid can say (classes per type and problem, thick arrows automatic,
// dotted after an answer, labelled arrows buttons).
import { MARK, styleOfType } from './type-styles.js';
import type { Picture, PictureNode } from './model.js';

export function pictureToMermaid(
  picture: Picture,
  linkOf?: (node: PictureNode) => string | undefined,
): string {
  const ids = new Map(picture.nodes.map((n, i) => [n.key, `s${i}`]));
  const lines = ['flowchart TD'];
  const classes = new Map<string, string>();
  for (const n of picture.nodes) {
    const id = ids.get(n.key) as string;
    const marks = [
      n.start ? '▶ start' : '',
      n.entry ? '▶ entry' : '',
      n.end ? '■ end' : '',
      n.hits !== undefined ? `${n.hits}×` : '',
    ].filter(Boolean);
    const title = n.type === 'missing' ? `missing: ${n.key}` : `${n.key}`;
    const sub =
      n.type === 'missing'
        ? ''
        : `<br/><small>${n.type}${marks.length ? ` · ${marks.join(' · ')}` : ''}</small>`;
    lines.push(
      `  ${id}${n.end ? '([' : '["'}${n.end ? '"' : ''}${text(title)}${sub}"${n.end ? '])' : ']'}`,
    );
    const cls =
      n.type === 'missing'
        ? 'missing'
        : n.problems.includes('loop') || n.problems.includes('error')
          ? 'problem'
          : n.problems.includes('unreachable')
            ? 'unreachable'
            : `t_${n.type}`;
    if (!classes.has(cls)) classes.set(cls, classDef(cls));
    lines.push(`  class ${id} ${cls}`);
    const link = linkOf?.(n);
    if (link)
      lines.push(
        `  click ${id} href "${link.replace(/"/g, '%22')}" "${text(`${n.file}:${n.line}`)}"`,
      );
  }
  const linkStyles: string[] = [];
  picture.edges.forEach((e, i) => {
    const arrow = e.kind === 'button' ? '-->' : e.automatic ? '==>' : '-.->';
    const label = [e.label ?? '', picture.coverage ? `${e.hits ?? 0}×` : '']
      .filter(Boolean)
      .join(' · ');
    lines.push(
      `  ${ids.get(e.from)} ${arrow}${label ? `|"${text(label.length > 24 ? `${label.slice(0, 23)}…` : label)}"|` : ''} ${ids.get(e.to)}`,
    );
    const color =
      e.inLoop || e.dangling
        ? MARK.problem
        : picture.coverage
          ? (e.hits ?? 0) > 0
            ? MARK.walked
            : '#8c959f'
          : e.kind === 'button'
            ? MARK.button
            : e.kind === 'on_error'
              ? MARK.onError
              : MARK.automatic;
    linkStyles.push(`  linkStyle ${i} stroke:${color}`);
  });
  lines.push(...linkStyles, ...[...classes.values()]);
  return `${lines.join('\n')}\n`;
}

function classDef(cls: string): string {
  if (cls === 'missing')
    return `  classDef missing fill:${MARK.problemFill},stroke:${MARK.problem},stroke-dasharray:5 5,color:#1f2328`;
  if (cls === 'problem')
    return `  classDef problem fill:${MARK.problemFill},stroke:${MARK.problem},stroke-width:3px,color:#1f2328`;
  if (cls === 'unreachable')
    return `  classDef unreachable fill:#fff8f0,stroke:${MARK.unreachable},stroke-width:2px,stroke-dasharray:5 5,color:#1f2328`;
  const style = styleOfType(cls.slice(2));
  return `  classDef ${cls} fill:${style.fill},stroke:${style.border},color:#1f2328`;
}

/** Inside a quoted Mermaid label: quotes and markup characters as entities. */
function text(s: string): string {
  return s
    .replace(/\s+/g, ' ')
    .replace(/&/g, '&amp;')
    .replace(/"/g, '#quot;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;');
}
