// The overview picture as SVG, drawn from layers.ts's positions: the same boxes, colours and
// marks as the Graphviz picture (look.ts), each step a link to its file and line, each arrow a
// curve from its step to the next layer (the first way a step is reached drawn firmly, the other
// transitions lighter, so the structure stays visible), buttons back to a hub as `↩ key` lines
// inside the step. Arrow labels live in each step's tooltip: at this size they would cover it.
import { escapeHtml as x } from '../render/escape-html.js';
import { wrap } from './dot.js';
import { CELL, type LayersLayout } from './layers.js';
import { edgeLook, nodeLook, nodeSubtitle } from './look.js';
import type { Picture } from './model.js';
import type { Shape } from './structure.js';
import { MARK, styleOfType } from './type-styles.js';

export interface LayersSvgOptions {
  links?: ReadonlyMap<string, string>;
  title?: string;
}

const FONT = 'Helvetica, Arial, sans-serif';
const DASH = { solid: '', dashed: ' stroke-dasharray="6 4"', dotted: ' stroke-dasharray="2 3"' };

export function layersToSvg(
  picture: Picture,
  shape: Shape,
  layout: LayersLayout,
  options: LayersSvgOptions = {},
): string {
  const ids = new Map(picture.nodes.map((n, i) => [n.key, i]));
  const w = CELL.width;
  const h = CELL.height;
  const parts: string[] = [];
  parts.push(
    `<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink" width="${Math.ceil(layout.width)}pt" height="${Math.ceil(layout.height)}pt" viewBox="0 0 ${Math.ceil(layout.width)} ${Math.ceil(layout.height)}" font-family="${FONT}">`,
    '<defs>',
    ...[MARK.automatic, MARK.button, MARK.onError, MARK.problem, MARK.walked, '#8c959f'].map(
      (color) =>
        `<marker id="a${color.slice(1)}" viewBox="0 0 10 10" refX="9" refY="5" markerWidth="7" markerHeight="7" orient="auto-start-reverse"><path d="M0,0L10,5L0,10z" fill="${color}"/></marker>`,
    ),
    '</defs>',
    '<g id="graph0" class="graph">',
    `<rect x="0" y="0" width="${Math.ceil(layout.width)}" height="${Math.ceil(layout.height)}" fill="white"/>`,
    `<text x="40" y="30" font-size="18" font-weight="bold" fill="#1f2328">${x(options.title ?? 'Scenario')}</text>`,
    `<text x="40" y="50" font-size="11" fill="#57606a">${x(`${picture.nodes.length} steps, ${picture.edges.length} transitions, drawn as an overview (breadth first from the start). Hover a step for its transitions; botform graph --focus <step> draws the full picture around one.`)}</text>`,
  );
  for (const band of layout.bands)
    parts.push(
      `<text x="${band.x}" y="${band.y}" font-size="13" font-weight="bold" fill="#57606a">${x(band.label)}</text>`,
    );

  // Transitions first, so the steps are drawn over them.
  const tree = new Set<number>();
  for (const e of layout.treeEdge) if (e >= 0) tree.add(e);
  const soft: string[] = [];
  const firm: string[] = [];
  picture.edges.forEach((e, i) => {
    if (shape.tags.has(i)) return;
    const from = ids.get(e.from);
    const to = ids.get(e.to);
    if (from === undefined || to === undefined) return;
    const look = edgeLook(e, picture.coverage);
    const path = curve(layout, from, to);
    const line = `<path d="${path}" fill="none" stroke="${look.color}" stroke-width="${look.width}"${DASH[look.style]} marker-end="url(#a${look.color.slice(1)})"><title>${x(`${e.id} → ${e.to}${e.label !== undefined ? ` (${e.label})` : ''}${picture.coverage ? ` · ${e.hits ?? 0}×` : ''}`)}</title></path>`;
    (tree.has(i) || e.inLoop || e.dangling ? firm : soft).push(line);
  });
  parts.push(`<g class="edges" opacity="0.28">${soft.join('')}</g>`);
  parts.push(`<g class="edges">${firm.join('')}</g>`);

  const tagsOf = new Map<string, string[]>();
  shape.tags.forEach((i) => {
    const e = picture.edges[i];
    if (!e) return;
    const list = tagsOf.get(e.from) ?? [];
    if (!list.includes(e.to)) list.push(e.to);
    tagsOf.set(e.from, list);
  });
  const outgoing = new Map<string, string[]>();
  for (const e of picture.edges) {
    const list = outgoing.get(e.from) ?? [];
    list.push(`${e.label !== undefined ? `"${e.label}"` : e.kind} → ${e.to}`);
    outgoing.set(e.from, list);
  }

  picture.nodes.forEach((n, i) => {
    const left = layout.x[i] as number;
    const top = layout.y[i] as number;
    const look = nodeLook(n);
    const dash = look.dashed ? ' stroke-dasharray="5 3"' : '';
    const rows: string[] = [];
    const text = (dy: number, size: number, color: string, value: string, bold = false) =>
      rows.push(
        `<text x="${left + 10}" y="${top + dy}" font-size="${size}" fill="${color}"${bold ? ' font-weight="bold"' : ''}>${x(value)}</text>`,
      );
    text(18, 12, '#1f2328', clip(n.key, 28), true);
    if (n.type !== 'missing') {
      const marks = [n.start ? '▶ start' : '', n.entry ? '▶ entry' : ''].filter(Boolean);
      text(32, 9.5, '#57606a', clip([...marks, nodeSubtitle(n)].join(' · '), 40));
    }
    const tags = tagsOf.get(n.key);
    if (look.badge) text(47, 9.5, look.badge.color, look.badge.text, true);
    else if (tags) text(47, 9.5, MARK.button, clip(`↩ ${tags.join(', ')}`, 38));
    else if (n.text) text(47, 10, '#1f2328', clip(wrap(n.text, 60, 1)[0] ?? '', 36));
    const tooltip = [
      `${n.key} — ${n.file}:${n.line}`,
      ...n.messages,
      ...(outgoing.get(n.key) ?? []),
    ].join('\n');
    const box = `<rect x="${left}" y="${top}" width="${w}" height="${h}" rx="8" fill="${look.fill}" stroke="${look.border}" stroke-width="${look.width}"${dash}/>${look.double ? `<rect x="${left + 3}" y="${top + 3}" width="${w - 6}" height="${h - 6}" rx="6" fill="none" stroke="${look.border}" stroke-width="1"${dash}/>` : ''}`;
    const body = `<title>${x(tooltip)}</title>${box}${rows.join('')}`;
    const link = options.links?.get(n.key);
    parts.push(
      `<g id="node_s${i}" class="node">${link ? `<a xlink:href="${x(link)}" href="${x(link)}" target="_top">${body}</a>` : body}</g>`,
    );
  });
  parts.push(legend(picture), '</g>', '</svg>');
  return `${parts.join('\n')}\n`;
}

/** From the bottom of one step to the top of another; upward or sideways ones bend out to the right. */
function curve(layout: LayersLayout, from: number, to: number): string {
  const x1 = (layout.x[from] as number) + CELL.width / 2;
  const y1 = (layout.y[from] as number) + CELL.height;
  const x2 = (layout.x[to] as number) + CELL.width / 2;
  const y2 = layout.y[to] as number;
  if (from === to) {
    const r = (layout.x[from] as number) + CELL.width;
    const t = layout.y[from] as number;
    return `M${r} ${t + 20}C${r + 40} ${t + 10} ${r + 40} ${t + 50} ${r} ${t + 42}`;
  }
  if (y2 > y1) {
    const bend = Math.min(60, (y2 - y1) / 2);
    return `M${x1} ${y1}C${x1} ${y1 + bend} ${x2} ${y2 - bend} ${x2} ${y2}`;
  }
  const r1 = (layout.x[from] as number) + CELL.width;
  const r2 = (layout.x[to] as number) + CELL.width;
  const m1 = (layout.y[from] as number) + CELL.height / 2;
  const m2 = (layout.y[to] as number) + CELL.height / 2;
  const out = Math.max(r1, r2) + 30;
  return `M${r1} ${m1}C${out} ${m1} ${out} ${m2} ${r2} ${m2}`;
}

/** One row under the title: the step types, then what lines and tags mean. */
function legend(picture: Picture): string {
  const types = [...new Set(picture.nodes.filter((n) => n.type !== 'missing').map((n) => n.type))];
  const items: string[] = [];
  let left = 40;
  for (const t of types) {
    const s = styleOfType(t);
    items.push(
      `<rect x="${left}" y="60" width="18" height="11" rx="3" fill="${s.fill}" stroke="${s.border}"/><text x="${left + 23}" y="69" font-size="10" fill="#1f2328">${x(s.label)}</text>`,
    );
    left += 30 + s.label.length * 6;
  }
  const words = [
    [MARK.automatic, '— automatic'],
    [MARK.button, '— button'],
    [MARK.onError, '┈ on error'],
    [MARK.button, '↩ key: a button back to a step many lead to'],
  ] as const;
  for (const [color, text] of words) {
    items.push(`<text x="${left}" y="69" font-size="10" fill="${color}">${x(text)}</text>`);
    left += 20 + text.length * 5.5;
  }
  return `<g class="legend">${items.join('')}</g>`;
}

function clip(s: string, max: number): string {
  const one = s.replace(/\s+/g, ' ').trim();
  return [...one].length > max ? `${[...one].slice(0, max - 1).join('')}…` : one;
}
