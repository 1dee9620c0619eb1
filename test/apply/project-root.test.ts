// One project root: the config is found from the current folder upwards (as git finds .git), and
// the lock, the journal and the embedded emulator's data live at its folder — whichever subfolder a
// command runs in and wherever the scenario it names lies. The lock is keyed by what the API is
// (scheme, the host's addresses, port, path) and the shop, not by how the URL is spelled.
import { existsSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { shopLockKeys } from '../../src/apply/lock.js';
import { startEmulator, type Emulator } from '../../src/emulator/index.js';
import { createClient } from '../../src/remote/client.js';
import { runCli, tempTree } from '../helpers/cli.js';

const SCENARIO = `start: welcome
steps:
  welcome:
    type: message
    text: Hi!
    menu:
      - { text: Menu, goto: menu }
  menu: { type: message, text: What would you like?, next: help }
  help: { type: question, text: How can we help?, save_as: q, next: welcome }
  extra_a: { type: message, text: A, end: true }
  extra_b: { type: message, text: B, end: true }
`;
const CREDS = { HIGHTOUCH_USERNAME: 'demo', HIGHTOUCH_PASSWORD: 'demo' };

let project: ReturnType<typeof tempTree>;
let outside: ReturnType<typeof tempTree>;
beforeAll(() => {
  project = tempTree({
    'botform.config.yaml': 'scenario: shop\nignore: ["legacy_*"]\n',
    'shop/main.yaml': SCENARIO,
    'sub/deeper/.keep': '',
  });
  outside = tempTree({ 'bot.yaml': SCENARIO });
});
afterAll(() => {
  project.cleanup();
  outside.cleanup();
});

const root = () => project.dir;
const sub = () => path.join(project.dir, 'sub', 'deeper');

async function names(url: string): Promise<string[]> {
  const client = createClient({
    baseUrl: url,
    credentials: { username: 'demo', password: 'demo' },
  });
  return (await client.listSteps(1)).map((s) => s.name).sort();
}

describe('the lock key is what the API is', () => {
  it('127.0.0.1 and localhost, a trailing slash, an explicit default port: one key', async () => {
    const resolve = async (host: string) =>
      host === 'localhost' ? ['::ffff:127.0.0.1', '::1'] : ['10.0.0.7'];
    const one = await shopLockKeys('http://127.0.0.1:8765', 1, resolve);
    const localhost = await shopLockKeys('http://LOCALHOST:8765/', 1, resolve);
    expect(one).toStrictEqual(['http://127.0.0.1:8765#1']);
    // localhost's addresses include 127.0.0.1: the two spellings share a key (and so a lock).
    expect(localhost).toStrictEqual(['http://127.0.0.1:8765#1', 'http://[::1]:8765#1']);
    expect(await shopLockKeys('https://api.example/v2/', 3, resolve)).toStrictEqual(
      await shopLockKeys('https://API.example:443/v2', 3, resolve),
    );
    expect(await shopLockKeys('https://api.example/v2', 3, resolve)).not.toStrictEqual(
      await shopLockKeys('https://api.example/v3', 3, resolve),
    );
    expect(await shopLockKeys('http://127.0.0.1:8765', 2, resolve)).not.toStrictEqual(one);
  });
});

describe('concurrent applies of one project, the API spelled two ways', () => {
  it('from the root and from a subfolder, the scenario outside the project: no step is made twice', async () => {
    for (let round = 0; round < 6; round++) {
      const emulator: Emulator = await startEmulator({ db: ':memory:' });
      try {
        // Slow enough that two applies that do not take turns both plan against the empty shop.
        emulator.setFaults({ latencyMs: 20 });
        const scenario = path.join(outside.dir, 'bot.yaml');
        const spelled = [emulator.url, emulator.url.replace('127.0.0.1', 'localhost')];
        const runs = await Promise.all(
          [root(), sub()].map((cwd, i) =>
            runCli(
              ['apply', scenario, '--auto-approve', '--api', spelled[i] as string, '--shop', '1'],
              { cwd, env: CREDS },
            ),
          ),
        );
        for (const run of runs) expect(run.code, run.stderr).toBe(0);
        const live = await names(emulator.url);
        expect(live, `round ${round}`).toStrictEqual([...new Set(live)]);
        expect(live).toStrictEqual(['extra_a', 'extra_b', 'help', 'menu', 'welcome']);
        // One of them made the changes; the other, after its turn, found nothing to do.
        expect(runs.filter((r) => r.stdout.includes('Apply complete: 6 created'))).toHaveLength(1);
        expect(runs.filter((r) => r.stdout.includes('No changes'))).toHaveLength(1);
      } finally {
        await emulator.close();
      }
    }
    expect(existsSync(path.join(root(), '.botform', 'locks'))).toBe(true);
    expect(existsSync(path.join(sub(), '.botform'))).toBe(false);
    expect(existsSync(path.join(outside.dir, '.botform'))).toBe(false);
  }, 120_000);
});

describe('a command in a subfolder works on the project', () => {
  it("reads the project's config: its ignore patterns hold, its scenario is the default", async () => {
    const emulator = await startEmulator({ db: ':memory:' });
    try {
      const api = ['--api', emulator.url, '--shop', '1'];
      const first = await runCli(['apply', '--auto-approve', ...api], { cwd: sub(), env: CREDS });
      expect(first.code, first.stderr).toBe(0);
      // A step made by hand that the config leaves alone.
      const client = createClient({
        baseUrl: emulator.url,
        credentials: { username: 'demo', password: 'demo' },
      });
      await client.request(
        'POST',
        '/api/steps/',
        { shop_id: 1 },
        {
          name: 'legacy_promo',
          type: 'message',
          text: 'Made by hand',
          next_step: null,
          params: {},
        },
      );
      const plan = await runCli(['plan', '--detailed-exitcode', ...api], {
        cwd: sub(),
        env: CREDS,
      });
      expect(plan.stdout).not.toContain('legacy_promo');
      expect(plan.code, plan.stdout).toBe(0);
      expect(await names(emulator.url)).toContain('legacy_promo');
    } finally {
      await emulator.close();
    }
  });

  it('uses the embedded emulator of the project root', async () => {
    const applied = await runCli(['apply', '--auto-approve'], { cwd: sub(), env: {} });
    expect(applied.code, applied.stderr).toBe(0);
    expect(existsSync(path.join(root(), '.botform', 'emulator.sqlite'))).toBe(true);
    expect(existsSync(path.join(sub(), '.botform'))).toBe(false);
    const again = await runCli(['plan', '--detailed-exitcode'], { cwd: root(), env: {} });
    expect(again.code, again.stdout).toBe(0);
  });
});
