// The picture as Graphviz DOT: steps as rounded boxes coloured by type and grouped by file,
// automatic transitions solid and dark, buttons blue with their label, `next` after an answer
// dashed, `on_error` red and dotted; the start and entry points as marks pointing in, ends with
// a double border; problems in red (loops, errors, missing targets) or orange (unreachable).
import { escapeHtml as html } from '../render/escape-html.js';
import { MARK, styleOfType } from './type-styles.js';
import type { Picture, PictureEdge, PictureNode } from './model.js';

export interface DotOptions {
  /** Where a step links to (file:line in some form); none when undefined. */
  linkOf?: (node: PictureNode) => string | undefined;
  title?: string;
  legend?: boolean;
  /** Draw buttons back to much-used steps as tags (default true; a focused picture wants the arrows). */
  hubTags?: boolean;
}

// Graphviz (without system fonts) measures text with its built-in Helvetica metrics; naming that
// font exactly keeps labels inside their boxes when a browser draws them in Helvetica or Arial.
const FONT = 'Helvetica';

/** Graphviz ids are s0, s1, ... (step keys may hold any text); the SVG's element ids are node_s0, ... */
export function dotNodeIds(picture: Picture): Map<string, string> {
  return new Map(picture.nodes.map((n, i) => [n.key, `s${i}`]));
}

export function pictureToDot(picture: Picture, options: DotOptions = {}): string {
  const ids = dotNodeIds(picture);
  const id = (key: string) => ids.get(key) ?? 'missing';
  const lines: string[] = ['digraph scenario {'];
  lines.push(
    `  graph [rankdir=TB, fontname="${FONT}", fontsize=12, nodesep=0.35, ranksep=0.5, pad=0.3, bgcolor="white", newrank=true${options.title ? `, label=${quote(options.title)}, labelloc=t, fontsize=16` : ''}];`,
    `  node [shape=box, style="rounded,filled", fontname="${FONT}", fontsize=11, margin="0.12,0.06", penwidth=1.2];`,
    `  edge [fontname="${FONT}", fontsize=9, arrowsize=0.7];`,
  );
  const byFile = new Map<string, PictureNode[]>();
  for (const n of picture.nodes) {
    if (n.type === 'missing') continue;
    byFile.set(n.file, [...(byFile.get(n.file) ?? []), n]);
  }
  let cluster = 0;
  for (const [file, nodes] of byFile) {
    lines.push(
      `  subgraph cluster_${cluster++} {`,
      `    label=${quote(file)}; fontcolor="#57606a"; fontsize=10; style="rounded,filled"; fillcolor="#fafbfc"; color="#eaeef2";`,
    );
    for (const n of nodes) lines.push(`    ${id(n.key)} ${nodeAttributes(n, id(n.key), options)};`);
    lines.push('  }');
  }
  for (const n of picture.nodes)
    if (n.type === 'missing')
      lines.push(`  ${id(n.key)} ${nodeAttributes(n, id(n.key), options)};`);

  for (const n of picture.nodes) {
    if (n.start) {
      lines.push(
        `  start_mark [shape=circle, style=filled, fillcolor="${MARK.entry}", fontcolor="white", color="${MARK.entry}", label="start", fontsize=9, width=0.55, fixedsize=true];`,
      );
      lines.push(`  start_mark -> ${id(n.key)} [penwidth=2, color="${MARK.entry}"];`);
    }
    if (n.entry) {
      const mark = `entry_${id(n.key)}`;
      lines.push(
        `  ${mark} [shape=cds, style=filled, fillcolor="${MARK.entry}", fontcolor="white", color="${MARK.entry}", label="entry", fontsize=9, height=0.3];`,
      );
      lines.push(`  ${mark} -> ${id(n.key)} [penwidth=2, color="${MARK.entry}"];`);
    }
  }
  const hubs = options.hubTags === false ? new Set<string>() : hubSteps(picture);
  const depth = depthFromEntries(picture);
  picture.edges.forEach((e, i) => {
    const to = depth.get(e.to);
    const backwards = to !== undefined && (depth.get(e.from) ?? Infinity) >= to;
    if (hubs.has(e.to) && e.kind === 'button' && e.from !== e.to && !e.dangling && backwards) {
      // A button back to a much-used step (a main menu) would cross the whole picture: it is
      // drawn as a small tag beside the button's step instead, linking to the step.
      const tag = `jump${i}`;
      const target = picture.nodes.find((n) => n.key === e.to);
      const link = target ? options.linkOf?.(target) : undefined;
      lines.push(
        `  ${tag} [shape=box, style="rounded,dashed", color="${MARK.button}", fontcolor="${MARK.button}", fontsize=9, height=0.25, margin="0.06,0.02", label=${quote(`↩ ${e.to}`)}${link ? `, URL=${quote(link)}, target="_top"` : ''}, tooltip=${quote(`goes to ${e.to}`)}];`,
      );
      lines.push(`  ${id(e.from)} -> ${tag} ${edgeAttributes(e, picture.coverage)};`);
      return;
    }
    lines.push(`  ${id(e.from)} -> ${id(e.to)} ${edgeAttributes(e, picture.coverage)};`);
  });
  if (options.legend !== false) lines.push(legend(picture));
  lines.push('}');
  return `${lines.join('\n')}\n`;
}

/** Steps that many other steps' buttons lead to: the picture draws those buttons as tags. */
const HUB_MIN_SOURCES = 5;

function hubSteps(picture: Picture): Set<string> {
  const sources = new Map<string, Set<string>>();
  for (const e of picture.edges) {
    if (e.kind !== 'button' || e.from === e.to) continue;
    const set = sources.get(e.to) ?? new Set<string>();
    set.add(e.from);
    sources.set(e.to, set);
  }
  return new Set(
    [...sources].filter(([, from]) => from.size >= HUB_MIN_SOURCES).map(([key]) => key),
  );
}

/** Transitions from the start and entry points to each step, breadth first. */
function depthFromEntries(picture: Picture): Map<string, number> {
  const next = new Map<string, string[]>();
  for (const e of picture.edges) next.set(e.from, [...(next.get(e.from) ?? []), e.to]);
  const depth = new Map<string, number>();
  const queue = picture.nodes.filter((n) => n.start || n.entry).map((n) => n.key);
  for (const key of queue) depth.set(key, 0);
  for (let head = 0; head < queue.length; head++) {
    const key = queue[head] as string;
    for (const to of next.get(key) ?? []) {
      if (depth.has(to)) continue;
      depth.set(to, (depth.get(key) ?? 0) + 1);
      queue.push(to);
    }
  }
  return depth;
}

function nodeAttributes(n: PictureNode, nodeId: string, options: DotOptions): string {
  const attrs: string[] = [];
  const style = styleOfType(n.type);
  const rows: string[] = [`<b>${html(n.key)}</b>`];
  if (n.type === 'missing') {
    rows.unshift(`<font color="${MARK.problem}">missing step</font>`);
    attrs.push(
      `style="rounded,filled,dashed"`,
      `fillcolor="${MARK.problemFill}"`,
      `color="${MARK.problem}"`,
      'penwidth=2',
    );
  } else {
    rows.push(
      `<font point-size="9" color="#57606a">${html(n.type)} · ${html(baseName(n.file))}:${n.line}${n.hits !== undefined ? ` · ${n.hits}×` : ''}</font>`,
    );
    for (const line of wrap(n.text, 30, 2))
      rows.push(`<font point-size="10" color="#1f2328">${html(line)}</font>`);
    const loop = n.problems.includes('loop');
    const unreachable = n.problems.includes('unreachable');
    const error = n.problems.includes('error');
    if (loop)
      rows.push(`<font point-size="9" color="${MARK.problem}"><b>⟳ endless loop</b></font>`);
    if (unreachable)
      rows.push(`<font point-size="9" color="${MARK.unreachable}"><b>unreachable</b></font>`);
    if (error && !loop)
      rows.push(
        `<font point-size="9" color="${MARK.problem}"><b>✖ ${n.messages.length === 1 ? '1 problem' : `${n.messages.length} problems`}</b></font>`,
      );
    const unwalked = n.hits === 0;
    attrs.push(`fillcolor="${unwalked ? '#ffffff' : style.fill}"`);
    attrs.push(
      `color="${loop || error ? MARK.problem : unreachable ? MARK.unreachable : style.border}"`,
    );
    attrs.push(`style="${unreachable || unwalked ? 'rounded,filled,dashed' : 'rounded,filled'}"`);
    if (loop || error || unreachable) attrs.push('penwidth=2.5');
    if (n.end) attrs.push('peripheries=2');
  }
  attrs.unshift(`label=<${rows.join('<br/>')}>`);
  const link = options.linkOf?.(n);
  if (link) attrs.push(`URL=${quote(link)}`, 'target="_top"');
  attrs.push(
    `tooltip=${quote([`${n.key} — ${n.file}:${n.line}`, ...n.messages].join('\n'))}`,
    `id=${quote(`node_${nodeId}`)}`,
  );
  return `[${attrs.join(', ')}]`;
}

function edgeAttributes(e: PictureEdge, coverage: boolean): string {
  const attrs: string[] = [];
  let color: string = MARK.automatic;
  let style = 'solid';
  let width = 1.4;
  if (e.kind === 'button') {
    color = MARK.button;
    width = 1;
  } else if (e.kind === 'on_error') {
    color = MARK.onError;
    style = 'dotted';
  } else if (!e.automatic) {
    style = 'dashed';
  }
  if (coverage) {
    if ((e.hits ?? 0) > 0) {
      color = MARK.walked;
      width = 2.2;
      style = 'solid';
    } else {
      color = '#8c959f';
      style = 'dashed';
    }
  }
  if (e.inLoop || e.dangling) {
    color = MARK.problem;
    width = 2.5;
    if (e.dangling) style = 'dashed';
  }
  attrs.push(`color="${color}"`, `style=${style}`, `penwidth=${width}`);
  const label = [e.label !== undefined ? clip(e.label, 22) : '', coverage ? `${e.hits ?? 0}×` : '']
    .filter(Boolean)
    .join(' · ');
  if (label)
    attrs.push(
      `label=${quote(` ${label} `)}`,
      `fontcolor="${e.kind === 'button' && !coverage ? MARK.button : color}"`,
    );
  attrs.push(`tooltip=${quote(`${e.id} → ${e.to}`)}`);
  return `[${attrs.join(', ')}]`;
}

function legend(picture: Picture): string {
  const types = [...new Set(picture.nodes.filter((n) => n.type !== 'missing').map((n) => n.type))];
  const cell = (fill: string, border: string, text: string, dashed = false) =>
    `<tr><td width="18" height="12" bgcolor="${fill}" color="${border}" border="1"${dashed ? ' style="dashed"' : ''}></td><td align="left"><font point-size="9">${html(text)}</font></td></tr>`;
  const arrow = (color: string, glyph: string, text: string) =>
    `<tr><td><font color="${color}" point-size="9"><b>${glyph}</b></font></td><td align="left"><font point-size="9">${html(text)}</font></td></tr>`;
  const rows = [
    `<tr><td colspan="2" align="left"><font point-size="10"><b>Legend</b></font></td></tr>`,
    ...types.map((t) => cell(styleOfType(t).fill, styleOfType(t).border, styleOfType(t).label)),
    arrow(MARK.automatic, '──▶', 'automatic (next, branch, variant)'),
    arrow(MARK.button, '──▶', 'button (label = button text)'),
    arrow(MARK.automatic, '╌╌▶', 'after the user answers'),
    arrow(MARK.onError, '┈┈▶', 'on error'),
    arrow(MARK.button, '↩ key', `a button back to a step ${HUB_MIN_SOURCES}+ steps lead to`),
    cell('#ffffff', MARK.entry, 'double border: ends the conversation'),
    cell(MARK.problemFill, MARK.problem, 'red: error, endless loop, missing step'),
    cell('#ffffff', MARK.unreachable, 'orange dashed: unreachable', true),
    ...(picture.coverage
      ? [
          arrow(MARK.walked, '━━▶', 'walked by tests (hits)'),
          arrow('#8c959f', '╌╌▶', 'never walked'),
        ]
      : []),
  ];
  return `  subgraph cluster_legend { style=invis; legend [shape=plaintext, style="", margin=0, label=<<table border="1" color="#d0d7de" cellborder="0" cellspacing="2" cellpadding="2" bgcolor="white">${rows.join('')}</table>>]; }`;
}

/** Words into at most `lines` lines of about `width` characters, with an ellipsis if cut. */
export function wrap(text: string, width: number, lines: number): string[] {
  const words = text.replace(/\s+/g, ' ').trim().split(' ').filter(Boolean);
  const out: string[] = [];
  let current = '';
  for (const word of words) {
    if (current && current.length + 1 + word.length > width) {
      out.push(current);
      current = '';
      if (out.length === lines) break;
    }
    current = current ? `${current} ${word}` : clip(word, width);
  }
  if (current && out.length < lines) out.push(current);
  const used = out.join(' ').length;
  if (used < words.join(' ').length && out.length > 0)
    out[out.length - 1] = `${clip(out[out.length - 1] as string, width - 1)}…`;
  return out;
}

function clip(s: string, max: number): string {
  const one = s.replace(/\s+/g, ' ').trim();
  return one.length > max ? `${one.slice(0, max - 1)}…` : one;
}

function baseName(file: string): string {
  return file.slice(file.lastIndexOf('/') + 1);
}

/** A DOT double-quoted string. */
export function quote(s: string): string {
  return `"${s.replace(/\\/g, '\\\\').replace(/"/g, '\\"').replace(/\n/g, '\\n')}"`;
}
