// Build step (before tsc): removes what dist/ holds for a source that no longer exists — a
// deleted or renamed module must not be shipped or imported. The rest stays, so tsc's
// incremental build (its state in dist/.tsbuildinfo) recompiles only what changed.
import { existsSync, readdirSync, rmSync, statSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('../', import.meta.url));
const dist = path.join(root, 'dist');
const src = path.join(root, 'src');
// Written by the build itself, not by tsc from a source.
const KEEP = new Set(['.tsbuildinfo', path.join('validate', 'schema-verdicts.cjs')]);
const OUTPUT = /(\.d\.ts\.map|\.d\.ts|\.js\.map|\.js)$/;

function walk(dir) {
  for (const name of readdirSync(dir)) {
    const full = path.join(dir, name);
    const rel = path.relative(dist, full);
    if (statSync(full).isDirectory()) {
      walk(full);
      if (readdirSync(full).length === 0) rmSync(full, { recursive: true });
    } else if (!KEEP.has(rel) && !existsSync(path.join(src, rel.replace(OUTPUT, '.ts'))))
      rmSync(full);
  }
}

if (existsSync(dist)) walk(dist);
