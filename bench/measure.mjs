// Runs a command as a child process and reports its wall time and peak memory (maxRSS, read
// by a preloaded hook in the child so it covers the whole process).
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const RSS_HOOK = fileURLToPath(new URL('./rss-hook.mjs', import.meta.url));

export async function measureNode(args, { cwd, env = {}, expectCode = 0 } = {}) {
  const dir = mkdtempSync(path.join(tmpdir(), 'botform-bench-'));
  const rssFile = path.join(dir, 'rss');
  const started = performance.now();
  const { code, stderr } = await new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', RSS_HOOK, ...args], {
      cwd,
      env: { ...process.env, NO_COLOR: '1', BOTFORM_BENCH_RSS_FILE: rssFile, ...env },
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    let err = '';
    child.stderr.on('data', (c) => (err += c));
    child.on('error', reject);
    child.on('close', (c) => resolve({ code: c, stderr: err }));
  });
  const wallMs = performance.now() - started;
  let maxRssKb = NaN;
  try {
    maxRssKb = Number(readFileSync(rssFile, 'utf8'));
  } catch {}
  rmSync(dir, { recursive: true, force: true });
  if (expectCode !== undefined && code !== expectCode) throw new Error(`${args.join(' ')} exited ${code}: ${stderr.slice(0, 2000)}`);
  return { wallMs, maxRssMb: maxRssKb / 1024 };
}

export function median(values) {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

export async function repeat(times, fn) {
  const runs = [];
  for (let i = 0; i < times; i++) runs.push(await fn());
  return { wallMs: median(runs.map((r) => r.wallMs)), maxRssMb: median(runs.map((r) => r.maxRssMb)) };
}
