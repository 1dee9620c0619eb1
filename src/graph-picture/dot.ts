// The picture as Graphviz DOT: steps as rounded boxes coloured by type and grouped by file,
// automatic transitions solid and dark, buttons blue with their label, `next` after an answer
// dashed, `on_error` red and dotted; the start and entry points as marks pointing in, ends with
// a double border; problems in red (loops, errors, missing targets) or orange (unreachable).
import { escapeHtml as html } from '../render/escape-html.js';
import { edgeLook, nodeLook, nodeSubtitle } from './look.js';
import type { Picture, PictureEdge, PictureNode } from './model.js';
import { HUB_MIN_SOURCES, pictureShape, type Shape } from './structure.js';
import { MARK, styleOfType } from './type-styles.js';

export interface DotOptions {
  /** Where each step links to (its file and line, relative to the output); none when absent. */
  links?: ReadonlyMap<string, string>;
  title?: string;
  legend?: boolean;
  /** Draw buttons back to much-used steps as tags (default true; a focused picture wants the arrows). */
  hubTags?: boolean;
  /** The picture's shape when already computed (depth, hubs, tags). */
  shape?: Shape;
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
  const shape = options.shape ?? pictureShape(picture, options.hubTags !== false);
  const minlen = staggered(picture, shape);
  picture.edges.forEach((e, i) => {
    if (shape.tags.has(i)) {
      // A button back to a much-used step (a main menu) would cross the whole picture: it is
      // drawn as a small tag beside the button's step instead, linking to the step.
      const tag = `jump${i}`;
      const link = options.links?.get(e.to);
      lines.push(
        `  ${tag} [shape=box, style="rounded,dashed", color="${MARK.button}", fontcolor="${MARK.button}", fontsize=9, height=0.25, margin="0.06,0.02", label=${quote(`↩ ${e.to}`)}${link ? `, URL=${quote(link)}, target="_top"` : ''}, tooltip=${quote(`goes to ${e.to}`)}];`,
      );
      lines.push(`  ${id(e.from)} -> ${tag} ${edgeAttributes(e, picture.coverage)};`);
      return;
    }
    const extra = minlen.get(i);
    lines.push(`  ${id(e.from)} -> ${id(e.to)} ${edgeAttributes(e, picture.coverage, extra)};`);
  });
  if (options.legend !== false) lines.push(legend(picture));
  lines.push('}');
  return `${lines.join('\n')}\n`;
}

/** Leaf steps shown side by side at most this many to a row. */
const LEAVES_PER_ROW = 6;

/**
 * Graphviz puts all children of a step on one rank: a menu of 40 answers draws 40 boxes wide.
 * Like Graphviz's `unflatten -l`, the edges to a step's leaf children get growing lengths
 * (1, 2, 3, …) so the leaves stack in rows of at most six.
 */
function staggered(picture: Picture, shape: Shape): Map<number, number> {
  const out = new Map<string, number>();
  picture.edges.forEach((e, i) => {
    if (!shape.tags.has(i)) out.set(e.from, (out.get(e.from) ?? 0) + 1);
  });
  const leafEdges = new Map<string, number[]>();
  picture.edges.forEach((e, i) => {
    if (shape.tags.has(i) || (out.get(e.to) ?? 0) > 0 || e.from === e.to) return;
    const list = leafEdges.get(e.from);
    if (list) list.push(i);
    else leafEdges.set(e.from, [i]);
  });
  const minlen = new Map<number, number>();
  for (const list of leafEdges.values()) {
    if (list.length <= LEAVES_PER_ROW) continue;
    const rows = Math.ceil(list.length / LEAVES_PER_ROW);
    list.forEach((edge, k) => {
      if (k % rows > 0) minlen.set(edge, 1 + (k % rows));
    });
  }
  return minlen;
}

function nodeAttributes(n: PictureNode, nodeId: string, options: DotOptions): string {
  const look = nodeLook(n);
  const rows: string[] = [`<b>${html(n.key)}</b>`];
  if (n.type === 'missing') rows.unshift(`<font color="${MARK.problem}">missing step</font>`);
  else {
    rows.push(`<font point-size="9" color="#57606a">${html(nodeSubtitle(n))}</font>`);
    for (const line of wrap(n.text, 30, 2))
      rows.push(`<font point-size="10" color="#1f2328">${html(line)}</font>`);
    if (look.badge)
      rows.push(
        `<font point-size="9" color="${look.badge.color}"><b>${html(look.badge.text)}</b></font>`,
      );
  }
  const attrs = [
    `label=<${rows.join('<br/>')}>`,
    `fillcolor="${look.fill}"`,
    `color="${look.border}"`,
    `style="${look.dashed ? 'rounded,filled,dashed' : 'rounded,filled'}"`,
  ];
  if (look.width !== 1.2) attrs.push(`penwidth=${look.width}`);
  if (look.double) attrs.push('peripheries=2');
  const link = options.links?.get(n.key);
  if (link) attrs.push(`URL=${quote(link)}`, 'target="_top"');
  attrs.push(
    `tooltip=${quote([`${n.key} — ${n.file}:${n.line}`, ...n.messages].join('\n'))}`,
    `id=${quote(`node_${nodeId}`)}`,
  );
  return `[${attrs.join(', ')}]`;
}

function edgeAttributes(e: PictureEdge, coverage: boolean, minlen?: number): string {
  const attrs: string[] = minlen === undefined ? [] : [`minlen=${minlen}`];
  const { color, style, width } = edgeLook(e, coverage);
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

/** A DOT double-quoted string. */
function quote(s: string): string {
  return `"${s.replace(/\\/g, '\\\\').replace(/"/g, '\\"').replace(/\n/g, '\\n')}"`;
}
