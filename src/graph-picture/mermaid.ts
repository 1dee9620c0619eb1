// The picture as a Mermaid flowchart, for a README or a wiki page: steps grouped by file in
// subgraphs, coloured by type and problem, automatic arrows thick, arrows after an answer dotted,
// buttons labelled; buttons back to a hub (a main menu) are `↩ key` lines in the step's box,
// as in the SVG. Mermaid refuses more than 500 arrows or 50,000 characters by default ("Edge
// limit exceeded", "Maximum text size in diagram exceeded"): past those the picture is collapsed
// — one box per file with the arrows between files counted, or, for one large file, the steps
// nearest the start — and the caller is told why.
import { escapeHtmlText } from '../render/escape-html.js';
import type { Picture, PictureEdge, PictureNode } from './model.js';
import { pictureShape, successorLists } from './structure.js';
import { MARK, styleOfType } from './type-styles.js';

/** Mermaid's defaults (`maxEdges`, `maxTextSize`), which GitHub and most sites keep. */
export const MERMAID_LIMITS = { edges: 500, chars: 50_000 };

export interface MermaidOptions {
  links?: ReadonlyMap<string, string>;
  /** Buttons back to hubs as `↩ key` lines (default true). */
  hubTags?: boolean;
}

export interface MermaidPicture {
  text: string;
  /** Why the picture is collapsed, when it is. */
  collapsed?: string;
}

export function pictureToMermaid(picture: Picture, options: MermaidOptions = {}): MermaidPicture {
  const full = fullDiagram(picture, options);
  if (fits(full.text, full.edges)) return { text: full.text };
  const why = `the scenario has ${picture.nodes.length} steps and ${full.edges} arrows (${full.text.length.toLocaleString('en-US')} characters); Mermaid draws at most ${MERMAID_LIMITS.edges} arrows and ${MERMAID_LIMITS.chars.toLocaleString('en-US')} characters by default`;
  const files = new Set(picture.nodes.filter((n) => n.type !== 'missing').map((n) => n.file));
  if (files.size > 1) {
    const byFile = fileDiagram(picture);
    if (fits(byFile.text, byFile.edges))
      return {
        text: byFile.text,
        collapsed: `${why}, so it shows one box per file with the arrows between files counted. --focus <step> draws the steps around one; --format svg or html draws them all.`,
      };
  }
  const near = nearestDiagram(picture, options);
  return {
    text: near.text,
    collapsed: `${why}, so it shows the ${near.shown} steps nearest the start. --focus <step> draws the steps around one; --format svg or html draws them all.`,
  };
}

function fits(text: string, edges: number): boolean {
  return edges <= MERMAID_LIMITS.edges && text.length <= MERMAID_LIMITS.chars;
}

export interface Diagram {
  text: string;
  edges: number;
}

/** Every step and arrow, whatever the size (what `pictureToMermaid` draws when it fits). */
export function fullDiagram(
  picture: Picture,
  options: MermaidOptions,
  keep?: Set<string>,
): Diagram {
  const shown = keep ? picture.nodes.filter((n) => keep.has(n.key)) : picture.nodes;
  const ids = new Map(shown.map((n, i) => [n.key, `s${i}`]));
  const shape = pictureShape(picture, options.hubTags !== false);
  const tagsOf = new Map<string, string[]>();
  for (const i of shape.tags) {
    const e = picture.edges[i] as PictureEdge;
    const list = tagsOf.get(e.from) ?? [];
    if (!list.includes(e.to)) list.push(e.to);
    tagsOf.set(e.from, list);
  }
  const lines = ['flowchart TD'];
  const classes = new Map<string, string>();
  const byFile = new Map<string, PictureNode[]>();
  const loose: PictureNode[] = [];
  for (const n of shown) {
    if (n.type === 'missing') loose.push(n);
    else {
      const list = byFile.get(n.file);
      if (list) list.push(n);
      else byFile.set(n.file, [n]);
    }
  }
  const nodeLines = (n: PictureNode, indent: string) => {
    const id = ids.get(n.key) as string;
    const out = [`${indent}${id}${nodeShape(n, tagsOf.get(n.key))}`];
    const cls = classOf(n);
    if (!classes.has(cls)) classes.set(cls, classDef(cls));
    out.push(`${indent}class ${id} ${cls}`);
    const link = options.links?.get(n.key);
    if (link)
      out.push(
        `${indent}click ${id} href "${link.replace(/"/g, '%22')}" "${label(`${n.file}:${n.line}`)}"`,
      );
    return out;
  };
  let file = 0;
  for (const [name, nodes] of byFile) {
    lines.push(`  subgraph f${file++}["${label(name)}"]`);
    for (const n of nodes) lines.push(...nodeLines(n, '    '));
    lines.push('  end');
  }
  for (const n of loose) lines.push(...nodeLines(n, '  '));
  const styles: string[] = [];
  let count = 0;
  picture.edges.forEach((e, i) => {
    if (shape.tags.has(i)) return;
    const from = ids.get(e.from);
    const to = ids.get(e.to);
    if (from === undefined || to === undefined) return;
    const arrow = e.kind === 'button' ? '-->' : e.automatic ? '==>' : '-.->';
    const text = [e.label ?? '', picture.coverage ? `${e.hits ?? 0}×` : '']
      .filter(Boolean)
      .join(' · ');
    lines.push(`  ${from} ${arrow}${text ? `|"${label(clip(text, 24))}"|` : ''} ${to}`);
    styles.push(`  linkStyle ${count++} stroke:${edgeColor(e, picture.coverage)}`);
  });
  lines.push(...styles, ...classes.values());
  return { text: `${lines.join('\n')}\n`, edges: count };
}

/** One box per file (its steps and problems counted), arrows between files with their counts. */
function fileDiagram(picture: Picture): Diagram {
  const fileOf = new Map(picture.nodes.map((n) => [n.key, n.file]));
  const files = new Map<string, { steps: number; problems: number }>();
  for (const n of picture.nodes) {
    const f = files.get(n.file) ?? { steps: 0, problems: 0 };
    if (n.type !== 'missing') f.steps += 1;
    if (n.problems.length > 0) f.problems += 1;
    files.set(n.file, f);
  }
  const ids = new Map([...files.keys()].map((f, i) => [f, `f${i}`]));
  const between = new Map<string, number>();
  for (const e of picture.edges) {
    const a = fileOf.get(e.from);
    const b = fileOf.get(e.to);
    if (a === undefined || b === undefined || a === b) continue;
    const key = `${a}\u0000${b}`;
    between.set(key, (between.get(key) ?? 0) + 1);
  }
  const lines = ['flowchart LR'];
  for (const [file, f] of files) {
    const problems = f.problems > 0 ? `<br/><small>${f.problems} with problems</small>` : '';
    lines.push(
      `  ${ids.get(file)}["${label(file)}<br/><small>${f.steps} steps</small>${problems}"]`,
    );
    if (f.problems > 0) lines.push(`  class ${ids.get(file)} problem`);
  }
  const ranked = [...between].sort((a, b) => b[1] - a[1]).slice(0, MERMAID_LIMITS.edges);
  for (const [key, n] of ranked) {
    const [a, b] = key.split('\u0000') as [string, string];
    lines.push(`  ${ids.get(a)} -->|"${n}"| ${ids.get(b)}`);
  }
  lines.push(classDef('problem'));
  return { text: `${lines.join('\n')}\n`, edges: ranked.length };
}

/** The steps nearest the start (breadth first) that fit, and a box counting the rest. */
function nearestDiagram(picture: Picture, options: MermaidOptions): Diagram & { shown: number } {
  const next = successorLists(picture);
  const order: string[] = [];
  const seen = new Set<string>();
  const roots = picture.nodes.filter((n) => n.start || n.entry).map((n) => n.key);
  for (const root of [...roots, ...picture.nodes.map((n) => n.key)]) {
    if (seen.has(root)) continue;
    seen.add(root);
    order.push(root);
    for (let head = order.length - 1; head < order.length; head++)
      for (const to of next.get(order[head] as string) ?? [])
        if (!seen.has(to)) {
          seen.add(to);
          order.push(to);
        }
  }
  // The largest prefix of that order whose diagram fits (binary search: each try is linear).
  const attempt = (count: number): Diagram => {
    const d = fullDiagram(picture, options, new Set(order.slice(0, count)));
    const rest = order.length - count;
    const more = rest > 0 ? `  more(["… ${rest} more steps: --focus or --format svg"])\n` : '';
    return { text: d.text + more, edges: d.edges };
  };
  let low = 1;
  let high = order.length;
  while (low < high) {
    const mid = Math.ceil((low + high) / 2);
    const d = attempt(mid);
    if (fits(d.text, d.edges)) low = mid;
    else high = mid - 1;
  }
  return { ...attempt(low), shown: low };
}

function nodeShape(n: PictureNode, tags: readonly string[] | undefined): string {
  if (n.type === 'missing') return `["${label(`missing: ${n.key}`)}"]`;
  const marks = [
    n.start ? '▶ start' : '',
    n.entry ? '▶ entry' : '',
    n.end ? '■ end' : '',
    n.hits !== undefined ? `${n.hits}×` : '',
  ].filter(Boolean);
  const sub = `<br/><small>${label(n.type)}${marks.length ? ` · ${label(marks.join(' · '))}` : ''}</small>`;
  const back = tags ? `<br/><small>↩ ${label(clip(tags.join(', '), 40))}</small>` : '';
  const inner = `${label(n.key)}${sub}${back}`;
  return n.end ? `(["${inner}"])` : `["${inner}"]`;
}

function classOf(n: PictureNode): string {
  if (n.type === 'missing') return 'missing';
  if (n.problems.includes('loop') || n.problems.includes('error')) return 'problem';
  if (n.problems.includes('unreachable')) return 'unreachable';
  return `t_${n.type}`;
}

function edgeColor(e: PictureEdge, coverage: boolean): string {
  if (e.inLoop || e.dangling) return MARK.problem;
  if (coverage) return (e.hits ?? 0) > 0 ? MARK.walked : '#8c959f';
  return e.kind === 'button' ? MARK.button : e.kind === 'on_error' ? MARK.onError : MARK.automatic;
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

/** Inside a quoted Mermaid label: one line, quotes as Mermaid's entity, markup characters escaped. */
function label(s: string): string {
  return escapeHtmlText(s.replace(/\s+/g, ' ')).replace(/"/g, '#quot;');
}

function clip(s: string, max: number): string {
  return [...s].length > max ? `${[...s].slice(0, max - 1).join('')}…` : s;
}
