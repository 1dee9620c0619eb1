// A server killed mid-write (SIGKILL, no chance to clean up) leaves a consistent database that
// holds every write it acknowledged. Runs the built CLI, so it fails with what to do when dist/ is
// missing or older than the emulator's sources (`npm test` builds first): it never skips.
import { spawn } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import Database from 'better-sqlite3';
import { afterEach, expect, test } from 'vitest';
import { startEmulator } from '../../src/emulator/index.js';
import { tempDir } from './helpers.js';

const root = fileURLToPath(new URL('../../', import.meta.url));
const built = join(root, 'dist', 'emulator', 'server.js');

function newestSource(dir: string): number {
  return Math.max(
    ...readdirSync(dir, { withFileTypes: true }).map((entry) =>
      entry.isDirectory()
        ? newestSource(join(dir, entry.name))
        : statSync(join(dir, entry.name)).mtimeMs,
    ),
  );
}
const fresh =
  existsSync(built) && statSync(built).mtimeMs >= newestSource(join(root, 'src', 'emulator'));

let dir: ReturnType<typeof tempDir> | undefined;
afterEach(() => dir?.cleanup());

test('SIGKILL during writes: the file is intact and keeps every acknowledged write', async () => {
  if (!fresh)
    throw new Error(
      'dist/ is missing or older than src/emulator/: run `npm run build` first (npm test does).',
    );
  dir = tempDir();
  const db = join(dir.path, 'killed.sqlite');
  const token = 'kill-test-token-0001';
  const child = spawn(
    process.execPath,
    [
      join(root, 'bin', 'botform.js'),
      'serve',
      '--port',
      '0',
      '--db',
      db,
      '--token',
      `demo:${token}`,
    ],
    {
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  const exited = new Promise<void>((resolve) => child.on('exit', () => resolve()));
  const url = await new Promise<string>((resolve, reject) => {
    let out = '';
    child.stdout.on('data', (chunk: Buffer) => {
      out += chunk.toString();
      const found = /on (http:\/\/127\.0\.0\.1:\d+)/.exec(out)?.[1];
      if (found) resolve(found);
    });
    child.on('exit', () => reject(new Error(`serve exited early: ${out}`)));
  });
  const acknowledged: number[] = [];
  let stop = false;
  const writer = async (w: number): Promise<void> => {
    for (let i = 0; !stop; i++) {
      const res = await fetch(`${url}/api/steps/?shop_id=1`, {
        method: 'POST',
        headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
        body: JSON.stringify({
          name: `w${w}-${i}`,
          type: 'message',
          text: 'x'.repeat(500),
          params: { n: i },
        }),
      }).catch(() => undefined);
      if (res?.status === 201) acknowledged.push(((await res.json()) as { id: number }).id);
    }
  };
  const writers = Array.from({ length: 8 }, (_, w) => writer(w));
  while (acknowledged.length < 200 && child.exitCode === null)
    await new Promise((r) => setTimeout(r, 5));
  child.kill('SIGKILL');
  await exited;
  stop = true;
  await Promise.all(writers);

  const raw = new Database(db);
  expect(raw.pragma('integrity_check', { simple: true })).toBe('ok');
  expect(raw.pragma('foreign_key_check')).toStrictEqual([]);
  const stored = new Set(raw.prepare('SELECT id FROM steps').pluck().all() as number[]);
  raw.close();
  expect(acknowledged.filter((id) => !stored.has(id))).toStrictEqual([]);

  const again = await startEmulator({ db });
  const res = await fetch(`${again.url}/api/steps/?shop_id=1&limit=1`, {
    headers: { authorization: `Bearer ${token}` },
  });
  expect(((await res.json()) as { count: number }).count).toBe(stored.size);
  await again.close();
});
