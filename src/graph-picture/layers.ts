// botform's own layout for pictures too large for Graphviz to lay out in time (Graphviz's spline
// routing grows much faster than the graph: 100 steps with 400 buttons take it ~50 s, 2,000 steps
// do not finish). Linear in steps and transitions: steps in breadth-first order from the start
// and entry points, one layer per depth, each layer wrapped into rows and the rows flowed into
// side-by-side panels, so the whole stays near a screen's shape (never past 4:1 either way).
// Steps nothing reaches follow in a band of their own.
import type { Picture } from './model.js';
import type { Shape } from './structure.js';

export interface LayersLayout {
  width: number;
  height: number;
  /** Top-left corner of each picture node, by index in picture.nodes. */
  x: Float64Array;
  y: Float64Array;
  /** Where each band's heading goes. */
  bands: { label: string; x: number; y: number }[];
  /** The edge (index in picture.edges) through which each node was first reached, or -1. */
  treeEdge: Int32Array;
}

export const CELL = { width: 210, height: 62, gapX: 26, gapY: 20, layerGap: 26, panelGap: 90 };
const MARGIN = 40;
/** Room above the first band for the title, the note and the legend. */
const TOP = 90;
const HEADER = 34;
/** The shape aimed at: a wide screen. Panels are added while the picture is taller than this. */
const ASPECT = 1.6;

export function layoutLayers(picture: Picture, shape: Shape): LayersLayout {
  const n = picture.nodes.length;
  const index = new Map<string, number>();
  picture.nodes.forEach((node, i) => {
    index.set(node.key, i);
  });
  const out: number[][] = Array.from({ length: n }, () => []);
  const outEdge: number[][] = Array.from({ length: n }, () => []);
  picture.edges.forEach((e, i) => {
    if (shape.tags.has(i)) return;
    const from = index.get(e.from);
    const to = index.get(e.to);
    if (from === undefined || to === undefined) return;
    out[from]?.push(to);
    outEdge[from]?.push(i);
  });

  // Breadth-first from the start and entries, then from each step still unplaced (in file order).
  const depth = new Int32Array(n).fill(-1);
  const treeEdge = new Int32Array(n).fill(-1);
  const order: number[] = [];
  const band = new Uint8Array(n);
  const walk = (roots: number[], bandOf: number) => {
    for (const r of roots) {
      if (depth[r] !== -1) continue;
      depth[r] = 0;
      band[r] = bandOf;
      order.push(r);
      for (let head = order.length - 1; head < order.length; head++) {
        const at = order[head] as number;
        const targets = out[at] ?? [];
        const edges = outEdge[at] ?? [];
        for (let k = 0; k < targets.length; k++) {
          const to = targets[k] as number;
          if (depth[to] !== -1) continue;
          depth[to] = (depth[at] as number) + 1;
          band[to] = bandOf;
          treeEdge[to] = edges[k] as number;
          order.push(to);
        }
      }
    }
  };
  const roots: number[] = [];
  picture.nodes.forEach((node, i) => {
    if (node.start || node.entry) roots.push(i);
  });
  walk(roots, 0);
  const rest: number[] = [];
  for (let i = 0; i < n; i++)
    if (depth[i] === -1 && picture.nodes[i]?.type !== 'missing') rest.push(i);
  walk(rest, 1);
  for (let i = 0; i < n; i++) if (depth[i] === -1) walk([i], 1);

  // Layers: consecutive runs of one band and one depth in breadth-first order.
  const layers: { band: number; nodes: number[] }[] = [];
  for (const i of order) {
    const last = layers.at(-1);
    const first = last?.nodes[0];
    if (last && first !== undefined && band[first] === band[i] && depth[first] === depth[i])
      last.nodes.push(i);
    else layers.push({ band: band[i] as number, nodes: [i] });
  }

  const cellW = CELL.width + CELL.gapX;
  const cellH = CELL.height + CELL.gapY;
  const widest = Math.max(1, ...layers.map((l) => l.nodes.length));
  const rowsOf = (columns: number) =>
    layers.reduce((sum, l) => sum + Math.ceil(l.nodes.length / columns), 0);
  const heightOf = (columns: number) => rowsOf(columns) * cellH + layers.length * CELL.layerGap;
  // Columns per row: the count whose single panel comes closest to the aimed shape.
  let columns = 1;
  let best = Number.POSITIVE_INFINITY;
  for (let c = 1; c <= widest; c = c < 16 ? c + 1 : Math.ceil(c * 1.15)) {
    const miss = Math.abs(Math.log((Math.min(c, widest) * cellW) / heightOf(c) / ASPECT));
    if (miss < best) {
      best = miss;
      columns = Math.min(c, widest);
    }
  }
  const panelW = columns * cellW;
  const total = heightOf(columns);
  // Side-by-side panels while the picture is taller than the aimed shape.
  const panels = Math.max(1, Math.round(Math.sqrt(total / (panelW * ASPECT))));
  const target = total / panels;

  const x = new Float64Array(n);
  const y = new Float64Array(n);
  const bands: LayersLayout['bands'] = [];
  let panel = 0;
  let top = 0;
  let height = 0;
  let shownBand = -1;
  for (const layer of layers) {
    const rows = Math.ceil(layer.nodes.length / columns);
    const layerH = rows * cellH + CELL.layerGap;
    if (top > 0 && top + layerH > target * 1.05 && panel < panels - 1) {
      panel += 1;
      top = 0;
    }
    const left = MARGIN + panel * (panelW + CELL.panelGap);
    if (layer.band !== shownBand) {
      shownBand = layer.band;
      bands.push({
        label:
          layer.band === 0
            ? 'From the start and entry points'
            : 'Not reachable from the start or an entry point',
        x: left,
        y: TOP + top + 22,
      });
      top += HEADER;
    }
    for (let r = 0; r < rows; r++) {
      const row = layer.nodes.slice(r * columns, (r + 1) * columns);
      const offset = ((columns - row.length) * cellW) / 2;
      row.forEach((i, k) => {
        x[i] = left + offset + k * cellW;
        y[i] = TOP + top + r * cellH;
      });
    }
    top += layerH;
    height = Math.max(height, top);
  }
  return {
    width: MARGIN * 2 + (panel + 1) * panelW + panel * CELL.panelGap,
    height: TOP + MARGIN + height,
    x,
    y,
    bands,
    treeEdge,
  };
}
