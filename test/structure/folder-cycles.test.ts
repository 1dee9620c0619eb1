// The folders under src/ form no cycle: contract types and the registry flow down, stages never
// import back up (a cycle between two folders is a design smell, STYLE.md). Imports are read
// from the sources — static, type-only and dynamic — so a cycle cannot hide behind `import type`.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { filesUnder, REPO } from '../helpers/fixtures.js';

const SRC = path.join(REPO, 'src');

const sources = (dir: string) => filesUnder(dir, '.ts');

/** The folder of a module directly under src/ ('' for src/ itself). */
const folderOf = (file: string) => {
  const rel = path.relative(SRC, file).split(path.sep);
  return rel.length > 1 ? (rel[0] as string) : '';
};

const IMPORT = /(?:from|import)\s*\(?\s*'(\.{1,2}\/[^']+)'/g;
/** A whole statement that imports or re-exports only types: gone at run time. */
const TYPE_ONLY =
  /^(?:import|export)\s+type\s[^;]*?from\s*'[^']+';|^(?:import|export)\s*\{(?:\s*type\s+[\w$]+(?:\s+as\s+[\w$]+)?\s*,?)+\s*\}\s*from\s*'[^']+';/gm;

function folderGraph(runTimeOnly = false): Map<string, Map<string, string[]>> {
  const graph = new Map<string, Map<string, string[]>>();
  for (const file of sources(SRC)) {
    const from = folderOf(file);
    const text = readFileSync(file, 'utf8');
    for (const match of (runTimeOnly ? text.replace(TYPE_ONLY, '') : text).matchAll(IMPORT)) {
      const target = path.resolve(path.dirname(file), match[1] as string);
      if (!target.startsWith(SRC)) continue;
      const to = folderOf(target);
      if (from === '' || to === '' || from === to) continue;
      const edges = graph.get(from) ?? new Map<string, string[]>();
      edges.set(to, [...(edges.get(to) ?? []), path.relative(SRC, file)]);
      graph.set(from, edges);
    }
  }
  return graph;
}

describe('src/ folders', () => {
  it('import each other without a cycle', () => {
    const graph = folderGraph();
    expect(graph.size).toBeGreaterThan(10);
    const cycles: string[] = [];
    const state = new Map<string, 'open' | 'done'>();
    const visit = (folder: string, trail: string[]) => {
      state.set(folder, 'open');
      for (const [next, files] of graph.get(folder) ?? []) {
        if (state.get(next) === 'open') {
          const loop = [...trail.slice(trail.indexOf(next)), folder, next];
          cycles.push(`${loop.join(' → ')} (${folder} → ${next} in ${files.join(', ')})`);
        } else if (!state.has(next)) visit(next, [...trail, folder]);
      }
      state.set(folder, 'done');
    };
    for (const folder of [...graph.keys()].sort()) if (!state.has(folder)) visit(folder, []);
    expect(cycles).toStrictEqual([]);
  });

  it('the step-type registry imports no other stage', () => {
    expect([...(folderGraph().get('steps')?.keys() ?? [])]).toStrictEqual([]);
  });

  it('docs/architecture.md draws exactly their run-time imports', () => {
    const doc = readFileSync(path.join(REPO, 'docs/architecture.md'), 'utf8');
    const block = doc.slice(doc.indexOf('### The arrows')).match(/```mermaid\n([^`]*)```/);
    // Nodes are declared `f_graph_picture["graph-picture/"]` (`graph` is a Mermaid keyword).
    const lines = (block?.[1] ?? '').split('\n');
    const names = new Map<string, string>();
    for (const line of lines) {
      const node = line.match(/^\s*(\w+)\["([\w-]+)\/"\]$/);
      if (node) names.set(node[1] as string, node[2] as string);
    }
    const name = (id: string) => names.get(id.trim()) ?? `undeclared ${id.trim()}`;
    const drawn = new Set<string>();
    for (const line of lines) {
      const [from, to] = line.split('-->');
      if (!from || !to) continue;
      for (const target of to.split('&')) drawn.add(`${name(from)} → ${name(target)}`);
    }
    const actual = new Set<string>();
    for (const [from, edges] of folderGraph(true))
      for (const to of edges.keys()) actual.add(`${from} → ${to}`);
    expect([...drawn].sort()).toStrictEqual([...actual].sort());
  });
});
