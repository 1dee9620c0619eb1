// `botform test --live` as users run it: the spawned CLI against the embedded emulator after
// `botform apply`, with the same verdicts as the local run; configuration errors are exit 2.
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startEmulator } from '../../src/emulator/index.js';
import { REPO } from '../helpers/fixtures.js';
import { runCli, STACK_LINE } from '../helpers/cli.js';

let dir: string;
beforeAll(async () => {
  dir = mkdtempSync(path.join(tmpdir(), 'botform-live-'));
  for (const part of ['scenarios', 'tests', 'botform.config.yaml'])
    cpSync(path.join(REPO, part), path.join(dir, part), { recursive: true });
  const applied = await runCli(['apply', 'scenarios/pizza-shop', '--auto-approve'], {
    cwd: dir,
    timeoutMs: 120_000,
  });
  expect(applied.code, applied.stderr).toBe(0);
}, 180_000);
afterAll(() => rmSync(dir, { recursive: true, force: true }));

interface JsonReport {
  results: {
    file: string;
    name: string;
    status: string;
    failures: { line: number; column: number; message: string }[];
  }[];
}
// `actual` is left out: the platform keeps texts without their trailing newline (apply sends
// them canonical), which shows in the quoted text but never changes a verdict.
const verdicts = (out: string) =>
  (JSON.parse(out) as JsonReport).results.map((r) => ({
    file: r.file,
    name: r.name,
    status: r.status,
    failures: r.failures.map(({ line, column, message }) => ({ line, column, message })),
  }));

describe('botform test --live', () => {
  it('passes the example tests against the applied shop, with the local verdicts', async () => {
    const local = await runCli(['test', '--format', 'json'], { cwd: dir, timeoutMs: 120_000 });
    const live = await runCli(['test', '--live', '--format', 'json'], {
      cwd: dir,
      timeoutMs: 120_000,
    });
    expect(live.stderr).toBe('');
    expect(live.code).toBe(0);
    // A test that brings an operator runs locally only; live it is skipped with the reason.
    const operator = 'an operator takes the hand-off, answers and hands back';
    expect(verdicts(live.stdout)).toStrictEqual(
      verdicts(local.stdout).map((r) => (r.name === operator ? { ...r, status: 'skipped' } : r)),
    );
    expect(verdicts(live.stdout).filter((r) => r.status !== 'passed')).toStrictEqual([
      {
        file: 'tests/pizza-shop/support.test.yaml',
        name: operator,
        status: 'skipped',
        failures: [],
      },
    ]);
  }, 240_000);

  it('fails the same expectations at the same lines as the local run (exit 1)', async () => {
    const broken = path.join(dir, 'tests', 'broken.test.yaml');
    writeFileSync(
      broken,
      [
        'tests:',
        '  - name: the greeting is checked wrongly',
        '    random: {ab_greeting: main_menu}',
        '    turns:',
        '      - bot: {step: main_menu, says: {contains: "Goodbye"}}',
        '      - user: {press: "🛒 My cart"}',
        '      - bot: {step: catalog}',
        '',
      ].join('\n'),
    );
    try {
      const local = await runCli(['test', 'tests/broken.test.yaml', '--format', 'json'], {
        cwd: dir,
        timeoutMs: 120_000,
      });
      const live = await runCli(['test', 'tests/broken.test.yaml', '--live', '--format', 'json'], {
        cwd: dir,
        timeoutMs: 120_000,
      });
      expect(local.code).toBe(1);
      expect(live.code).toBe(1);
      const [result] = verdicts(live.stdout);
      // The test stops at its first failed turn: the turns after line 5 are not run.
      expect(result?.failures.map((f) => f.line)).toStrictEqual([5]);
      expect(verdicts(live.stdout)).toStrictEqual(verdicts(local.stdout));
    } finally {
      rmSync(broken);
    }
  }, 240_000);

  it('runs the negative checks as locally; a test that checks an image is run only locally', async () => {
    const file = path.join(dir, 'tests', 'negative.test.yaml');
    writeFileSync(
      file,
      [
        'tests:',
        '  - name: nothing forbidden happens',
        '    random: {ab_greeting: main_menu}',
        '    turns:',
        '      - bot: {not_says: {contains: Goodbye}, buttons_include: ["🛒 My cart"], no_lead: true, no_order: true, not_called: order_sync}',
        '  - name: forbidden things happen',
        '    random: {ab_greeting: main_menu}',
        '    turns:',
        '      - bot: {not_says: {contains: "What would you like"}, buttons_include: [Nope]}',
        '  - name: an image',
        '    turns:',
        '      - bot: {image: {contains: png}}',
        '',
      ].join('\n'),
    );
    try {
      const args = ['test', 'tests/negative.test.yaml', '--format', 'json'];
      const local = await runCli(args, { cwd: dir, timeoutMs: 120_000 });
      const live = await runCli([...args, '--live'], { cwd: dir, timeoutMs: 120_000 });
      expect(live.code).toBe(1);
      const [passing, failing, image] = verdicts(live.stdout);
      expect(passing?.status).toBe('passed');
      expect(failing?.failures.map((f) => [f.line, f.message])).toStrictEqual([
        [9, 'The bot said a message containing "What would you like", which it should not.'],
        [9, 'The bot did not show "Nope".'],
      ]);
      expect(verdicts(live.stdout).slice(0, 2)).toStrictEqual(verdicts(local.stdout).slice(0, 2));
      expect(image?.status).toBe('skipped');
      expect(verdicts(local.stdout)[2]?.status).toBe('failed');
    } finally {
      rmSync(file);
    }
  }, 240_000);

  it('fills ${var.NAME} in test files as for the scenario', async () => {
    const file = path.join(dir, 'tests', 'vars.test.yaml');
    writeFileSync(
      file,
      [
        'tests:',
        '  - name: the greeting',
        '    random: {ab_greeting: main_menu}',
        '    turns:',
        '      - bot: {says: {contains: "${var.ASK}"}, not_says: {contains: "${var.NEVER}"}}',
        '',
      ].join('\n'),
    );
    try {
      const args = ['test', 'tests/vars.test.yaml', '--live', '--var', 'ASK=would you like'];
      const run = await runCli([...args, '--var', 'NEVER=Goodbye'], {
        cwd: dir,
        timeoutMs: 120_000,
      });
      expect(run.stdout).toContain('Tests: 1 passed');
      expect(run.code).toBe(0);
      const failing = await runCli([...args, '--var', 'NEVER=What'], {
        cwd: dir,
        timeoutMs: 120_000,
      });
      expect(failing.code).toBe(1);
      expect(failing.stdout).toContain(
        'The bot said a message containing "What", which it should not.',
      );
    } finally {
      rmSync(file);
    }
  }, 240_000);

  it('refuses a shop with changes not applied, unless --allow-drift', async () => {
    const file = path.join(dir, 'scenarios', 'pizza-shop', 'support.yaml');
    const before = readFileSync(file, 'utf8');
    writeFileSync(file, before.replace("we'll call you soon.", 'we will call you at once.'));
    try {
      const args = ['test', 'tests/pizza-shop/support.test.yaml', '--live'];
      const refused = await runCli(args, { cwd: dir, timeoutMs: 120_000 });
      expect(refused.code).toBe(2);
      expect(refused.stderr).toContain(
        '1 change not applied — run botform apply (or --allow-drift to test the shop as it is)',
      );
      expect(refused.stdout).toBe('');
      const allowed = await runCli([...args, '--allow-drift'], { cwd: dir, timeoutMs: 120_000 });
      // The shop still says what was applied, which the tests expect.
      expect(allowed.stdout).toContain('0 failed');
      expect(allowed.code).toBe(0);
      expect((await runCli(['test', '--allow-drift'], { cwd: dir })).code).toBe(2);
    } finally {
      writeFileSync(file, before);
    }
  }, 240_000);

  it('an unreachable API, refused credentials and a port in use are configuration errors (exit 2)', async () => {
    const closed = await freePort();
    const unreachable = await runCli(
      ['test', '--live', '--api', `http://127.0.0.1:${closed}`, '--shop', '1'],
      { cwd: dir, env: { HIGHTOUCH_TOKEN: 'secret-token-x' } },
    );
    expect(unreachable.code).toBe(2);
    expect(unreachable.stderr).toMatch(/cannot reach http:\/\/127\.0\.0\.1:\d+ .*ECONNREFUSED/);
    expect(unreachable.stderr).not.toContain('secret-token-x');

    const emulator = await startEmulator({ port: 0 });
    try {
      const refused = await runCli(['test', '--live', '--api', emulator.url, '--shop', '1'], {
        cwd: dir,
        env: { HIGHTOUCH_TOKEN: 'wrong-token-0001' },
      });
      expect(refused.code).toBe(2);
      expect(refused.stderr).toContain('refused the credentials (401)');
      expect(refused.stderr).not.toContain('wrong-token-0001');
      const noShop = await runCli(['test', '--live', '--api', emulator.url, '--shop', '7'], {
        cwd: dir,
        env: { HIGHTOUCH_USERNAME: 'demo', HIGHTOUCH_PASSWORD: 'demo' },
      });
      expect(noShop.code).toBe(2);
      expect(noShop.stderr).toContain('shop 7');
    } finally {
      await emulator.close();
    }

    const blocker = createServer();
    await new Promise<void>((resolve) => blocker.listen(0, '127.0.0.1', resolve));
    try {
      const port = (blocker.address() as AddressInfo).port;
      const busy = await runCli(['test', '--live', '--webhook-port', String(port)], { cwd: dir });
      expect(busy.code).toBe(2);
      expect(busy.stderr).toContain(
        `cannot start the webhook receiver on 127.0.0.1:${port} (EADDRINUSE)`,
      );
      for (const run of [unreachable, busy]) expect(run.stderr).not.toMatch(STACK_LINE);
    } finally {
      blocker.close();
    }
  }, 120_000);

  it('refuses live-only options without --live, and coverage with it', async () => {
    expect((await runCli(['test', '--concurrency', '3'], { cwd: dir })).code).toBe(2);
    const both = await runCli(['test', '--live', '--coverage'], { cwd: dir });
    expect(both.code).toBe(2);
    expect(both.stderr).toContain('coverage is measured by local runs');
    expect(
      (await runCli(['test', '--live', '--turn-timeout', 'soon'], { cwd: dir })).stderr,
    ).toContain('--turn-timeout takes a whole number');
  });
});

function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const server = createServer();
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as AddressInfo;
      server.close(() => resolve(port));
    });
  });
}
