// Drawing a picture as SVG, choosing the layout by size: Graphviz (dot, compiled to WebAssembly)
// for pictures it lays out quickly and well, botform's overview layout (layers.ts) for larger
// ones, or when Graphviz's picture comes out wider or taller than 4:1, or when it does not finish
// in time. Graphviz runs in a worker thread when there is a built one: its WebAssembly cannot be
// interrupted, and on the main thread it would hold off Ctrl-C and SIGTERM until it finished.
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import { pictureToDot } from './dot.js';
import { layersToSvg } from './layers-svg.js';
import { layoutLayers } from './layers.js';
import type { Picture } from './model.js';
import { pictureShape } from './structure.js';
import { renderDotToSvg } from './svg.js';

export type Layout = 'auto' | 'graphviz' | 'overview';
export const LAYOUTS: readonly Layout[] = ['auto', 'graphviz', 'overview'];

/**
 * Graphviz's cost grows with the arrows it routes: 84 arrows (the example) take it ~0.5 s, 400
 * arrows among 100 steps ~50 s. Past these sizes the overview is drawn instead.
 */
export const GRAPHVIZ_LIMITS = { nodes: 250, edges: 250 };
/** How long Graphviz may take in `auto` before the overview is drawn instead. */
const GRAPHVIZ_DEADLINE_MS = 8_000;
/** The widest (or tallest) a picture may be, as width ÷ height. */
const MAX_ASPECT = 4;

export interface DrawInput {
  picture: Picture;
  /** Step key → where it links (relative to the output file). */
  links: ReadonlyMap<string, string>;
  title: string;
  /** Draw buttons back to hubs as tags (not for a focused picture). */
  hubTags: boolean;
  layout: Layout;
}

export interface Drawn {
  svg: string;
  layout: 'graphviz' | 'overview';
  /** Why the overview was drawn, when `auto` chose it. */
  reason?: string;
}

export async function drawSvg(input: DrawInput): Promise<Drawn> {
  const shape = pictureShape(input.picture, input.hubTags);
  const arrows = input.picture.edges.length - shape.tags.size;
  const overview = (reason?: string): Drawn => ({
    svg: layersToSvg(input.picture, shape, layoutLayers(input.picture, shape), {
      links: input.links,
      title: input.title,
    }),
    layout: 'overview',
    ...(reason ? { reason } : {}),
  });
  if (input.layout === 'overview') return overview();
  const small =
    input.picture.nodes.length <= GRAPHVIZ_LIMITS.nodes && arrows <= GRAPHVIZ_LIMITS.edges;
  if (input.layout === 'auto' && !small)
    return overview(
      `${input.picture.nodes.length} steps and ${arrows} arrows are more than Graphviz lays out quickly (${GRAPHVIZ_LIMITS.nodes} steps, ${GRAPHVIZ_LIMITS.edges} arrows)`,
    );
  const dot = pictureToDot(input.picture, {
    links: input.links,
    title: input.title,
    hubTags: input.hubTags,
    shape,
  });
  const result = await graphviz(dot, input.layout === 'auto' ? GRAPHVIZ_DEADLINE_MS : undefined);
  if (result === 'timeout')
    return overview(`Graphviz did not finish within ${GRAPHVIZ_DEADLINE_MS / 1000} s`);
  if (!result.ok) throw new Error(`Graphviz could not draw the scenario: ${result.message}`);
  const aspect = aspectOf(result.svg);
  if (
    input.layout === 'auto' &&
    aspect !== undefined &&
    (aspect > MAX_ASPECT || aspect < 1 / MAX_ASPECT)
  )
    return overview(
      `Graphviz's picture is ${aspect >= 1 ? `${aspect.toFixed(1)}:1` : `1:${(1 / aspect).toFixed(1)}`}, past ${MAX_ASPECT}:1`,
    );
  return { svg: result.svg, layout: 'graphviz' };
}

/** Width ÷ height from the SVG's viewBox. */
export function aspectOf(svg: string): number | undefined {
  const box = /viewBox="[-\d.]+ [-\d.]+ ([\d.]+) ([\d.]+)"/.exec(svg);
  if (!box) return undefined;
  const w = Number(box[1]);
  const h = Number(box[2]);
  return w > 0 && h > 0 ? w / h : undefined;
}

type GraphvizResult = { ok: true; svg: string } | { ok: false; message: string };

const WORKER_URL = new URL('./graphviz-worker.js', import.meta.url);

/** Graphviz in a worker (stopped at the deadline), or in-process when run from the sources. */
function graphviz(
  dot: string,
  deadlineMs: number | undefined,
): Promise<GraphvizResult | 'timeout'> {
  if (!existsSync(fileURLToPath(WORKER_URL))) return renderDotToSvg(dot);
  return new Promise((resolve, reject) => {
    const worker = new Worker(WORKER_URL, { workerData: { dot } });
    const timer =
      deadlineMs === undefined
        ? undefined
        : setTimeout(() => {
            resolve('timeout');
            void worker.terminate();
          }, deadlineMs);
    worker.once('message', (result: GraphvizResult) => {
      clearTimeout(timer);
      resolve(result);
      void worker.terminate();
    });
    worker.once('error', (error) => {
      clearTimeout(timer);
      reject(error);
    });
  });
}
