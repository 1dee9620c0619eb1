// A self-contained HTML page around the SVG picture: no network at all (the SVG, the styles and
// the script are inline), pan by dragging, zoom with the wheel or the buttons, find a step by
// name. Each step is a link to its file:line (the SVG carries the links).
import { escapeHtml } from '../render/escape-html.js';
import { dotNodeIds } from './dot.js';
import type { Picture } from './model.js';

export interface HtmlPage {
  title: string;
  svg: string;
  picture: Picture;
}

export function pictureToHtml(page: HtmlPage): string {
  const svg = page.svg.replace(/^[\s\S]*?(?=<svg)/, '');
  const problems = page.picture.nodes.filter((n) => n.problems.length > 0).length;
  // Step key → the SVG element's id, for "find a step"; `<` escaped so no key can close the script.
  const ids = JSON.stringify(
    Object.fromEntries([...dotNodeIds(page.picture)].map(([key, id]) => [key, `node_${id}`])),
  ).replace(/</g, '\\u003c');
  const summary = `${page.picture.nodes.filter((n) => n.type !== 'missing').length} steps · ${page.picture.edges.length} transitions${problems > 0 ? ` · ${problems} with problems` : ''}`;
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; script-src 'unsafe-inline'; img-src data:">
<title>${escapeHtml(page.title)}</title>
<style>
  html, body { margin: 0; height: 100%; font: 14px -apple-system, "Segoe UI", Helvetica, Arial, sans-serif; color: #1f2328; background: #f6f8fa; }
  header { display: flex; gap: 12px; align-items: center; padding: 8px 14px; background: white; border-bottom: 1px solid #d0d7de; }
  header h1 { font-size: 16px; margin: 0; }
  header .summary { color: #57606a; }
  header .tools { margin-left: auto; display: flex; gap: 6px; }
  header button, header input { font: inherit; padding: 3px 9px; border: 1px solid #d0d7de; border-radius: 6px; background: #f6f8fa; }
  #view { position: absolute; top: 45px; left: 0; right: 0; bottom: 0; overflow: hidden; cursor: grab; background: white; }
  #view.dragging { cursor: grabbing; }
  #view svg { width: 100%; height: 100%; }
  .found polygon, .found path, .found rect { stroke: #fb8500 !important; stroke-width: 5px !important; }
</style>
</head>
<body>
<header>
  <h1>${escapeHtml(page.title)}</h1><span class="summary">${escapeHtml(summary)}</span>
  <span class="tools"><input id="find" placeholder="Find a step…" list="steps" aria-label="Find a step"><datalist id="steps">${page.picture.nodes.map((n) => `<option value="${escapeHtml(n.key)}">`).join('')}</datalist>
  <button id="zoom-in" title="Zoom in">+</button><button id="zoom-out" title="Zoom out">−</button><button id="fit" title="Fit to window">Fit</button></span>
</header>
<div id="view">
${svg}
</div>
<script>
(() => {
  const STEPS = ${ids};
  const view = document.getElementById('view');
  const svg = view.querySelector('svg');
  svg.removeAttribute('width'); svg.removeAttribute('height');
  const full = svg.viewBox.baseVal;
  let box = { x: full.x, y: full.y, w: full.width, h: full.height };
  const home = { ...box };
  const apply = () => svg.setAttribute('viewBox', box.x + ' ' + box.y + ' ' + box.w + ' ' + box.h);
  const zoom = (factor, cx = 0.5, cy = 0.5) => {
    const w = box.w * factor, h = box.h * factor;
    box = { x: box.x + (box.w - w) * cx, y: box.y + (box.h - h) * cy, w, h };
    apply();
  };
  view.addEventListener('wheel', (e) => {
    e.preventDefault();
    const r = view.getBoundingClientRect();
    zoom(e.deltaY > 0 ? 1.15 : 1 / 1.15, (e.clientX - r.left) / r.width, (e.clientY - r.top) / r.height);
  }, { passive: false });
  let drag = null;
  view.addEventListener('pointerdown', (e) => { if (e.target.closest('a')) return; drag = { x: e.clientX, y: e.clientY, box: { ...box } }; view.classList.add('dragging'); view.setPointerCapture(e.pointerId); });
  view.addEventListener('pointermove', (e) => {
    if (!drag) return;
    const r = view.getBoundingClientRect();
    const scale = Math.max(box.w / r.width, box.h / r.height);
    box = { ...drag.box, x: drag.box.x - (e.clientX - drag.x) * scale, y: drag.box.y - (e.clientY - drag.y) * scale };
    apply();
  });
  const stop = () => { drag = null; view.classList.remove('dragging'); };
  view.addEventListener('pointerup', stop); view.addEventListener('pointercancel', stop);
  document.getElementById('zoom-in').onclick = () => zoom(1 / 1.3);
  document.getElementById('zoom-out').onclick = () => zoom(1.3);
  document.getElementById('fit').onclick = () => { box = { ...home }; apply(); };
  document.getElementById('find').addEventListener('change', (e) => {
    document.querySelectorAll('.found').forEach((n) => n.classList.remove('found'));
    const node = Object.hasOwn(STEPS, e.target.value) ? document.getElementById(STEPS[e.target.value]) : null;
    if (!node) return;
    node.classList.add('found');
    const b = node.getBBox();
    const t = node.closest('svg').querySelector('g').transform.baseVal.consolidate();
    const m = t ? t.matrix : { e: 0, f: 0 };
    box = { x: b.x + m.e - 300, y: b.y + m.f - 200, w: 600 + b.width, h: 400 + b.height };
    apply();
  });
  apply();
})();
</script>
</body>
</html>
`;
}
