// DOT to SVG with Graphviz compiled to WebAssembly (@viz-js/viz): no system binary needed.

export type SvgResult = { ok: true; svg: string } | { ok: false; message: string };

export async function renderDotToSvg(dot: string): Promise<SvgResult> {
  const { instance } = await import('@viz-js/viz');
  const viz = await instance();
  const result = viz.render(dot, { format: 'svg', engine: 'dot' });
  if (result.status !== 'success')
    return {
      ok: false,
      message: result.errors.map((e) => e.message).join('; ') || 'Graphviz failed.',
    };
  return { ok: true, svg: result.output };
}
