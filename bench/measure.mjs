// Runs a command as a child process and reports its wall time, peak memory (maxRSS) and CPU time
// (user + system), read by a preloaded hook in the child so they cover the whole process.
import { spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const RSS_HOOK = fileURLToPath(new URL('./rss-hook.mjs', import.meta.url));

/**
 * A working folder with a config of its own, for botform runs on generated scenarios: from the
 * repository, botform would load the repository's config and apply the example's team rules.
 */
export function neutralCwd() {
  const dir = fileURLToPath(new URL('./out/neutral/', import.meta.url));
  mkdirSync(dir, { recursive: true });
  writeFileSync(
    path.join(dir, 'botform.config.yaml'),
    "# The benchmarks' own config: no team rules, no environments.\n",
  );
  return dir;
}

// With `captureStdout`, the child's stdout is returned as `stdout` (otherwise it is discarded).
export async function measureNode(
  args,
  { cwd, env = {}, expectCode = 0, captureStdout = false } = {},
) {
  const dir = mkdtempSync(path.join(tmpdir(), 'botform-bench-'));
  const rssFile = path.join(dir, 'rss');
  const started = performance.now();
  const { code, stderr, stdout } = await new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', RSS_HOOK, ...args], {
      cwd,
      env: { ...process.env, NO_COLOR: '1', BOTFORM_BENCH_RSS_FILE: rssFile, ...env },
      stdio: ['ignore', captureStdout ? 'pipe' : 'ignore', 'pipe'],
    });
    let err = '';
    let out = '';
    child.stderr.on('data', (c) => (err += c));
    child.stdout?.on('data', (c) => (out += c));
    child.on('error', reject);
    child.on('close', (c) => resolve({ code: c, stderr: err, stdout: out }));
  });
  const wallMs = performance.now() - started;
  let maxRssKb = NaN;
  let cpuMs = NaN;
  try {
    const [rss, user, system] = readFileSync(rssFile, 'utf8').split(' ').map(Number);
    maxRssKb = rss;
    cpuMs = (user + system) / 1000;
  } catch {}
  rmSync(dir, { recursive: true, force: true });
  if (expectCode !== undefined && code !== expectCode)
    throw new Error(`${args.join(' ')} exited ${code}: ${stderr.slice(0, 2000)}`);
  return { wallMs, maxRssMb: maxRssKb / 1024, cpuMs, ...(captureStdout ? { stdout } : {}) };
}

export function median(values) {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

export async function repeat(times, fn) {
  const runs = [];
  for (let i = 0; i < times; i++) runs.push(await fn());
  return {
    wallMs: median(runs.map((r) => r.wallMs)),
    maxRssMb: median(runs.map((r) => r.maxRssMb)),
    cpuMs: median(runs.map((r) => r.cpuMs)),
  };
}
