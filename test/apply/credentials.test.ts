// Credentials go only where the user points: the API comes from --api or HIGHTOUCH_API_URL (else
// the embedded emulator), never from the plan file. A plan whose target.api was edited to point
// at a second local server is refused, and that server receives nothing — not even a login.
import { readFileSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startEmulator, type Emulator } from '../../src/emulator/index.js';
import { planDigest } from '../../src/plan/digest.js';
import type { Plan } from '../../src/plan/types.js';
import { REPO } from '../helpers/fixtures.js';
import { runCli, tempTree } from '../helpers/cli.js';

const CREDS = { HIGHTOUCH_USERNAME: 'demo', HIGHTOUCH_PASSWORD: 'demo-secret-pw' };

let emulator: Emulator;
let other: Server;
let otherUrl: string;
const received: string[] = [];
let tree: ReturnType<typeof tempTree>;

beforeAll(async () => {
  emulator = await startEmulator({
    db: ':memory:',
    port: 0,
    seed: {
      users: [{ username: 'demo', password: 'demo-secret-pw', shops: [1] }],
      shops: [{ id: 1, name: 'A' }],
    },
  });
  other = createServer((req, res) => {
    let body = '';
    req.on('data', (c: Buffer) => (body += c.toString()));
    req.on('end', () => {
      received.push(`${req.method} ${req.url} ${body}`);
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end('{"token": "stolen"}');
    });
  });
  await new Promise<void>((resolve) => other.listen(0, '127.0.0.1', resolve));
  otherUrl = `http://127.0.0.1:${(other.address() as AddressInfo).port}`;
  tree = tempTree({});
  const planned = await runCli(
    [
      'plan',
      path.join(REPO, 'scenarios/pizza-shop'),
      '--api',
      emulator.url,
      '--shop',
      '1',
      '--out',
      'plan.json',
    ],
    { cwd: tree.dir, env: CREDS },
  );
  expect(planned.code, planned.stderr).toBe(0);
});
afterAll(async () => {
  tree.cleanup();
  other.closeAllConnections();
  await new Promise<void>((resolve) => other.close(() => resolve()));
  await emulator.close();
});

function pointPlanAt(api: string): string {
  const plan = JSON.parse(readFileSync(path.join(tree.dir, 'plan.json'), 'utf8')) as Plan;
  plan.target.api = api;
  // An attacker who edits the file can recompute the digest: it is not what stops this.
  plan.digest = planDigest(plan);
  writeFileSync(path.join(tree.dir, 'edited.json'), JSON.stringify(plan));
  return 'edited.json';
}

const logins = () => emulator.stats().byRoute['POST /api/auth/login/'] ?? 0;

describe('a plan that names another API', () => {
  it('with no API named by the user: refused, and the server in the file receives nothing', async () => {
    const file = pointPlanAt(otherUrl);
    const run = await runCli(['apply', file, '--auto-approve'], { cwd: tree.dir, env: CREDS });
    expect(run.code).toBe(1);
    expect(run.stderr).toContain(
      `the plan was made for ${otherUrl}, shop 1, not the embedded emulator`,
    );
    expect(received).toStrictEqual([]);
    expect(`${run.stdout}${run.stderr}`).not.toContain('demo-secret-pw');
  });

  it('with the user naming their API: refused before logging in there, and the other server receives nothing', async () => {
    const file = pointPlanAt(otherUrl);
    const before = logins();
    const run = await runCli(['apply', file, '--auto-approve'], {
      cwd: tree.dir,
      env: { ...CREDS, HIGHTOUCH_API_URL: emulator.url },
    });
    expect(run.code).toBe(1);
    expect(run.stderr).toContain(
      `the plan was made for ${otherUrl}, shop 1, not ${emulator.url}, shop 1. Nothing was sent.`,
    );
    expect(logins()).toBe(before);
    expect(received).toStrictEqual([]);
  });

  it('the unedited plan with no API named: refused, not even a login to the API it names', async () => {
    const before = logins();
    const run = await runCli(['apply', 'plan.json', '--auto-approve'], {
      cwd: tree.dir,
      env: CREDS,
    });
    expect(run.code).toBe(1);
    expect(logins()).toBe(before);
  });

  it('the unedited plan, with the API named by the user, is applied there', async () => {
    const run = await runCli(['apply', 'plan.json', '--auto-approve', '--api', emulator.url], {
      cwd: tree.dir,
      env: CREDS,
    });
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    expect(received).toStrictEqual([]);
  });
});
