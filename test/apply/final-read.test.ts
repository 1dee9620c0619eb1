// The summary tells the truth. After every call of an apply succeeded, one paged read of the
// steps checks for copies made by a concurrent apply. That read retries 503s like every GET; if
// it still fails, apply does not say "Apply complete" — it says what is known (every call
// succeeded) and what is not (whether another apply ran), and exits 1.
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { startEmulator, type Emulator } from '../../src/emulator/index.js';
import { runCli, tempTree } from '../helpers/cli.js';

const SCENARIO =
  'start: welcome\nsteps:\n  welcome:\n    type: message\n    text: Hi!\n    end: true\n';
const CREDS = { HIGHTOUCH_USERNAME: 'demo', HIGHTOUCH_PASSWORD: 'demo' };

let cleanup: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const c of cleanup.reverse()) await c();
  cleanup = [];
});

/** A proxy to the emulator that answers 503 to the first `failures` step-list reads made after the first write. */
async function flakyAfterWrites(
  emulator: Emulator,
  failures: number,
): Promise<{ url: string; failed: () => number }> {
  let wrote = false;
  let failed = 0;
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', async () => {
      const method = req.method ?? 'GET';
      if (method === 'POST' && !req.url?.startsWith('/api/auth/')) wrote = true;
      if (wrote && method === 'GET' && req.url?.startsWith('/api/steps/?') && failed < failures) {
        failed++;
        res.writeHead(503, { 'content-type': 'application/json' });
        res.end('{"detail": "Service temporarily unavailable."}');
        return;
      }
      const headers: Record<string, string> = {};
      for (const [k, v] of Object.entries(req.headers))
        if (typeof v === 'string' && k !== 'host' && k !== 'content-length') headers[k] = v;
      const answer = await fetch(`${emulator.url}${req.url}`, {
        method,
        headers,
        ...(chunks.length > 0 ? { body: Buffer.concat(chunks) } : {}),
      });
      res.writeHead(answer.status, {
        'content-type': answer.headers.get('content-type') ?? 'application/json',
      });
      res.end(Buffer.from(await answer.arrayBuffer()));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  cleanup.push(
    () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  );
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    failed: () => failed,
  };
}

async function setup(failures: number) {
  const emulator = await startEmulator({ db: ':memory:', port: 0 });
  cleanup.push(() => emulator.close());
  const tree = tempTree({ 'shop/main.yaml': SCENARIO });
  cleanup.push(async () => tree.cleanup());
  const proxy = await flakyAfterWrites(emulator, failures);
  return { tree, proxy };
}

describe('the final read after an apply', () => {
  it('a few 503s are retried: "Apply complete", exit 0', async () => {
    const { tree, proxy } = await setup(2);
    const run = await runCli(
      ['apply', 'shop', '--auto-approve', '--api', proxy.url, '--shop', '1'],
      { cwd: tree.dir, env: CREDS },
    );
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    expect(run.stdout).toContain('Apply complete: 1 created, 1 updated, 0 deleted.');
    expect(proxy.failed()).toBe(2);
  });

  it('503s past the retries: no "Apply complete"; it says every call succeeded and what is not known, exit 1', async () => {
    const { tree, proxy } = await setup(1000);
    const run = await runCli(
      ['apply', 'shop', '--auto-approve', '--api', proxy.url, '--shop', '1'],
      { cwd: tree.dir, env: CREDS },
    );
    expect(run.code).toBe(1);
    expect(run.stdout).not.toContain('Apply complete');
    expect(run.stdout).toContain('Every call succeeded: 1 created, 1 updated, 0 deleted.');
    expect(run.stderr).toContain(
      "the shop has all of the plan's changes, but whether another apply to it ran at the same time is not known",
    );
    expect(run.stderr).toContain('503');
  });
});
