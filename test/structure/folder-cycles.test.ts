// The folders under src/ form no cycle: contract types and the registry flow down, stages never
// import back up (a cycle between two folders is a design smell, STYLE.md). Imports are read
// from the sources — static, type-only and dynamic — so a cycle cannot hide behind `import type`.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { REPO } from '../helpers/fixtures.js';

const SRC = path.join(REPO, 'src');

function sources(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const full = path.join(dir, name);
    if (statSync(full).isDirectory()) return sources(full);
    return name.endsWith('.ts') ? [full] : [];
  });
}

/** The folder of a module directly under src/ ('' for src/ itself). */
const folderOf = (file: string) => {
  const rel = path.relative(SRC, file).split(path.sep);
  return rel.length > 1 ? (rel[0] as string) : '';
};

const IMPORT = /(?:from|import)\s*\(?\s*'(\.{1,2}\/[^']+)'/g;

function folderGraph(): Map<string, Map<string, string[]>> {
  const graph = new Map<string, Map<string, string[]>>();
  for (const file of sources(SRC)) {
    const from = folderOf(file);
    for (const match of readFileSync(file, 'utf8').matchAll(IMPORT)) {
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
});
