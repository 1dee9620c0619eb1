// Environments end to end, as spawned processes against the emulator over HTTP: --env on plan
// and apply, the plan's recorded environment, protection, many environments in one run (one
// table, one exit code, a failing environment reported beside the others), secrets that never
// appear in any output, bad input that applies nothing, and env list --changed-since with git.
import { execFileSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeEach, describe, expect, it } from 'vitest';
import { startEmulator, type Emulator } from '../../src/emulator/index.js';
import { createClient } from '../../src/remote/client.js';
import { runCli, STACK_LINE, tempTree } from '../helpers/cli.js';

const SECRET = 'zq-SECRET-9f3b1c7e-unique';
const TOKEN = 'tok-demo-0123456789';
let emulator: Emulator;
const cleanups: (() => void)[] = [];
const emulators: Emulator[] = [];

// Each test gets its own emulator, so no test sees another's shops.
beforeEach(async () => {
  emulator = await startEmulator({
    db: ':memory:',
    seed: {
      users: [
        { username: 'demo', password: 'demo', shops: [2, 3], tokens: [TOKEN] },
        { username: 'other', password: 'other', shops: [4] },
      ],
      shops: [2, 3, 4].map((id) => ({ id, name: `Shop ${id}` })),
    },
  });
  emulators.push(emulator);
});
afterAll(async () => {
  for (const c of cleanups) c();
  await Promise.all(emulators.map((e) => e.close()));
});

const scenario = `start: welcome
steps:
  welcome:
    type: message
    text: Hello from \${var.BRAND}
    menu:
      - text: Site
        url: \${var.SITE}
      - text: Sync
        goto: sync
  sync:
    type: operation
    api:
      method: POST
      url: https://api.example.com/orders
      staging_url: https://staging.api.example.com/orders
      headers:
        Authorization: Bearer \${secret:KITCHEN}
      response:
        required:
          status: string
        example:
          status: ok
      errors:
        - status: 500
          message: Down
    next: welcome
`;

function project(extraEnvs = ''): string {
  const t = tempTree({
    'botform.config.yaml': `scenario: scenarios
defaults:
  api: ${emulator.url}
  credentials: { token: DEMO_TOKEN }
  vars: { SITE: https://example.com }
layers:
  acme:
    vars: { BRAND: Acme }
environments:
  acme-staging:
    imports: [acme]
    shop: 2
    staging: true
    secrets: { KITCHEN: { env: STAGING_KITCHEN } }
  acme-production:
    imports: [acme]
    shop: 3
    protected: true
    secrets: { KITCHEN: { env: PROD_KITCHEN } }
${extraEnvs}`,
    'scenarios/main.yaml': scenario,
  });
  cleanups.push(t.cleanup);
  return t.dir;
}

const shellEnv = { DEMO_TOKEN: TOKEN, STAGING_KITCHEN: SECRET, PROD_KITCHEN: SECRET };

async function liveStepNames(shop: number): Promise<string[]> {
  const client = createClient({ baseUrl: emulator.url, credentials: { token: TOKEN } });
  return (await client.listSteps(shop)).map((s) => s.name).sort();
}

describe('one environment: --env', () => {
  it('plans with its variables and staging URL, records it, and apply refuses another environment', async () => {
    const dir = project();
    const plan = await runCli(
      ['plan', '--env', 'acme-staging', '--out', 'p.json', '--format', 'json'],
      { cwd: dir, env: shellEnv },
    );
    expect(plan.stderr).toBe('');
    expect(plan.code).toBe(0);
    const saved = JSON.parse(readFileSync(path.join(dir, 'p.json'), 'utf8')) as {
      environment: string;
      target: { shop_id: number };
    };
    expect(saved.environment).toBe('acme-staging');
    expect(saved.target.shop_id).toBe(2);
    expect(plan.stdout).toContain('Hello from Acme');
    expect(plan.stdout).toContain('https://staging.api.example.com/orders');
    expect(plan.stdout).toContain('${secret:KITCHEN}');

    const refused = await runCli(['apply', 'p.json', '--env', 'acme-production'], {
      cwd: dir,
      env: shellEnv,
    });
    expect(refused.code).toBe(1);
    expect(refused.stderr).toContain(
      'the plan was made for environment "acme-staging", not "acme-production"',
    );
    expect(await liveStepNames(3)).toEqual([]);

    // The file never picks where it goes: without --env the command names no environment.
    const unnamed = await runCli(['apply', 'p.json'], { cwd: dir, env: shellEnv });
    expect(unnamed.code).toBe(1);
    expect(unnamed.stderr).toContain(
      'the plan was made for environment "acme-staging": name it with --env acme-staging',
    );
    expect(await liveStepNames(2)).toEqual([]);

    const applied = await runCli(['apply', 'p.json', '--env', 'acme-staging'], {
      cwd: dir,
      env: shellEnv,
    });
    expect(applied.code).toBe(0);
    expect(await liveStepNames(2)).toEqual(['sync', 'welcome']);
  });

  it('a protected environment needs --confirm-env naming it', async () => {
    const dir = project();
    const refused = await runCli(['apply', '--env', 'acme-production', '--auto-approve'], {
      cwd: dir,
      env: shellEnv,
    });
    expect(refused.code).toBe(1);
    expect(refused.stderr).toContain('add --confirm-env acme-production');
    expect(await liveStepNames(3)).toEqual([]);
  });

  it('an unset secret source stops plan with its place in the config, and nothing is applied', async () => {
    const dir = project();
    const run = await runCli(
      ['apply', '--all-envs', '--auto-approve', '--confirm-env', 'acme-production'],
      { cwd: dir, env: { DEMO_TOKEN: TOKEN, STAGING_KITCHEN: SECRET } },
    );
    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(
      /botform\.config\.yaml\s*\n?\s*19:25\s+error\s+Environment "acme-production": secret KITCHEN comes from \$PROD_KITCHEN, which is not set\.\s+env-secret-unset/,
    );
    expect(run.stderr).toContain('nothing was applied');
    expect(await liveStepNames(3)).toEqual([]);
  });
});

describe('many environments in one run', () => {
  it('one table, one exit code; a failing environment never hides the others', async () => {
    // "acme-broken" is shop 4, which the demo user does not manage: the API answers 403.
    const dir = project(
      '  acme-broken:\n    imports: [acme]\n    shop: 4\n    secrets: { KITCHEN: { env: PROD_KITCHEN } }\n',
    );
    const run = await runCli(
      ['plan', '--env', 'acme-*', '--detailed-exitcode', '--concurrency', '2'],
      { cwd: dir, env: shellEnv },
    );
    expect(run.stderr).not.toMatch(STACK_LINE);
    expect(run.code).toBe(1);
    const table = run.stdout.slice(run.stdout.indexOf('ENVIRONMENT'));
    expect(table).toMatch(/acme-staging\s+\d+\s+0\s+(changes|no changes)/);
    expect(table).toMatch(/acme-production\s+\d+\s+0\s+changes/);
    expect(table).toMatch(/acme-broken\s+-\s+-\s+error: API error/);
    expect(table).toContain('3 environments:');

    const md = await runCli(['plan', '--env', 'acme-*', '--format', 'markdown'], {
      cwd: dir,
      env: shellEnv,
    });
    expect(md.stdout.match(/<details( open)?><summary><b>/g)).toHaveLength(3);
    expect(md.stdout).toContain('<details open><summary><b>acme-broken</b>');
  });

  it('--all-envs applies every environment, then plans clean with exit 0', async () => {
    const dir = project();
    const apply = await runCli(
      ['apply', '--all-envs', '--auto-approve', '--confirm-env', 'acme-production'],
      { cwd: dir, env: shellEnv },
    );
    expect(apply.stderr).not.toMatch(STACK_LINE);
    expect(apply.code).toBe(0);
    expect(await liveStepNames(3)).toEqual(['sync', 'welcome']);
    const again = await runCli(['plan', '--all-envs', '--detailed-exitcode'], {
      cwd: dir,
      env: shellEnv,
    });
    expect(again.code).toBe(0);
    expect(again.stdout).toContain('2 environments: 0 with changes, 0 failed.');
  });
});

describe('secrets stay references in every output', () => {
  it('a distinctive secret value appears in no output of any command', async () => {
    const dir = project();
    const outputs: string[] = [];
    for (const args of [
      ['validate'],
      ['validate', '--format', 'json'],
      ['plan', '--env', 'acme-staging', '--out', 'p.json'],
      ['plan', '--all-envs', '--format', 'markdown'],
      ['plan', '--all-envs', '--format', 'json'],
      ['apply', '--env', 'acme-staging', '--auto-approve'],
      ['env', 'show', 'acme-staging', '--explain'],
      ['env', 'show', 'acme-staging', '--json'],
      ['env', 'list', '--json'],
    ]) {
      const run = await runCli(args, { cwd: dir, env: shellEnv });
      outputs.push(run.stdout, run.stderr);
    }
    outputs.push(readFileSync(path.join(dir, 'p.json'), 'utf8'));
    for (const out of outputs) expect(out).not.toContain(SECRET);
    expect(outputs.join('')).toContain('${secret:KITCHEN}');
  });
});

describe('pull --env: a safe round trip', () => {
  it('writes ${var.NAME} and url + staging_url back, so pull then plan is empty in each environment', async () => {
    const dir = project();
    for (const env of ['acme-staging', 'acme-production']) {
      const applied = await runCli(
        [
          'apply',
          '--env',
          env,
          '--auto-approve',
          ...(env === 'acme-production' ? ['--confirm-env', env] : []),
        ],
        { cwd: dir, env: shellEnv },
      );
      expect(applied.code, applied.stderr).toBe(0);
      const out = `pulled-${env}`;
      const pulled = await runCli(['pull', '--env', env, '--out', out], {
        cwd: dir,
        env: shellEnv,
      });
      expect(pulled.code, pulled.stderr).toBe(0);
      const text = readFileSync(path.join(dir, out, 'scenario.yaml'), 'utf8');
      expect(text).toContain('Hello from ${var.BRAND}');
      expect(text).toContain('url: ${var.SITE}');
      expect(text).toContain('url: https://api.example.com/orders');
      expect(text).toContain('staging_url: https://staging.api.example.com/orders');
      expect(text).not.toContain('Acme');
      const plan = await runCli(['plan', out, '--env', env, '--detailed-exitcode'], {
        cwd: dir,
        env: shellEnv,
      });
      expect(plan.stderr).toBe('');
      expect(plan.code, `${env}: ${plan.stdout}`).toBe(0);
    }
  });

  it('without --env, the values are written as the shop has them', async () => {
    const dir = project();
    await runCli(['apply', '--env', 'acme-staging', '--auto-approve'], { cwd: dir, env: shellEnv });
    const pulled = await runCli(['pull', '--api', emulator.url, '--shop', '2', '--out', 'raw'], {
      cwd: dir,
      env: { ...shellEnv, HIGHTOUCH_TOKEN: TOKEN },
    });
    expect(pulled.code, pulled.stderr).toBe(0);
    const text = readFileSync(path.join(dir, 'raw', 'scenario.yaml'), 'utf8');
    expect(text).toContain('Hello from Acme');
    expect(text).toContain('url: https://staging.api.example.com/orders');
  });
});

describe('did you mean, for variables and secrets', () => {
  it('suggests the closest name that is set', async () => {
    const dir = project();
    writeFileSync(
      path.join(dir, 'scenarios/main.yaml'),
      scenario
        .replace('Hello from ${var.BRAND}', 'Hello from ${var.BRANDS}')
        .replace('${secret:KITCHEN}', '${secret:KITCHN}'),
    );
    const run = await runCli(['validate', '--format', 'json'], { cwd: dir });
    expect(run.code).toBe(1);
    const hints = (
      JSON.parse(run.stdout) as { diagnostics: { code: string; hint?: string }[] }
    ).diagnostics.map((d) => [d.code, d.hint]);
    expect(hints).toContainEqual(['unset-variable', 'Did you mean ${var.BRAND}?']);
    expect(hints).toContainEqual(['unset-secret-source', 'Did you mean ${secret:KITCHEN}?']);
  });
});

describe('env show', () => {
  it('marks each secret and credential variable set or unset, never showing its value', async () => {
    const dir = project();
    const shell = { DEMO_TOKEN: TOKEN, STAGING_KITCHEN: SECRET };
    const text = await runCli(['env', 'show', 'acme-staging'], { cwd: dir, env: shell });
    expect(text.stdout).toMatch(/credentials\s+token from \$DEMO_TOKEN \(set\)/);
    expect(text.stdout).toMatch(/secret KITCHEN\s+from \$STAGING_KITCHEN \(set\)/);
    const prod = await runCli(['env', 'show', 'acme-production', '--json'], {
      cwd: dir,
      env: shell,
    });
    const json = JSON.parse(prod.stdout) as {
      credentials: { set: Record<string, boolean> };
      secrets: Record<string, { env: string; set: boolean }>;
    };
    expect(json.credentials.set).toStrictEqual({ DEMO_TOKEN: true });
    expect(json.secrets.KITCHEN).toMatchObject({ env: 'PROD_KITCHEN', set: false });
    const unset = await runCli(['env', 'show', 'acme-production'], { cwd: dir, env: {} });
    expect(unset.stdout).toMatch(/token from \$DEMO_TOKEN \(unset\)/);
    expect(unset.stdout).toMatch(/from \$PROD_KITCHEN \(unset\)/);
    for (const run of [text, prod, unset]) {
      expect(run.stdout).not.toContain(SECRET);
      expect(run.stdout).not.toContain(TOKEN);
    }
  });
});

describe('validate checks every environment', () => {
  it('an unset variable is one diagnostic at its place naming the environments lacking it', async () => {
    const dir = project(
      '  globex:\n    shop: 4\n    vars: { BRAND: Globex }\n    secrets: { KITCHEN: { env: PROD_KITCHEN } }\n',
    );
    writeFileSync(
      path.join(dir, 'scenarios/main.yaml'),
      scenario.replace('Hello from ${var.BRAND}', 'Hello from ${var.BRAND}, ${var.CITY}'),
    );
    const run = await runCli(['validate'], { cwd: dir });
    expect(run.code).toBe(1);
    expect(run.stdout).toMatch(
      /5:11\s+error\s+\$\{var\.CITY\} is not set in acme-staging, acme-production, globex\.\s+unset-variable/,
    );
    expect(run.stdout).not.toContain('unset-secret-source');
    writeFileSync(
      path.join(dir, 'scenarios/main.yaml'),
      scenario.replace('${secret:KITCHEN}', '${secret:KITCHEN} ${secret:OTHER}'),
    );
    const secret = await runCli(['validate'], { cwd: dir });
    expect(secret.stdout).toMatch(
      /\$\{secret:OTHER\} has no source in acme-staging, acme-production, globex\.\s+unset-secret-source/,
    );
    writeFileSync(
      path.join(dir, 'scenarios/main.yaml'),
      scenario.replace('Hello from ${var.BRAND}', 'Hello from ${var.BRAND}, ${var.CITY}'),
    );
    const ok = await runCli(['validate', '--var', 'CITY=Rome'], { cwd: dir });
    expect(ok.stdout).toContain('for 3 environments');
    expect(ok.code).toBe(0);
  });
});

describe('env list --changed-since REF (git)', () => {
  it('lists only the environments whose files changed, shaped for a GitHub Actions matrix', async () => {
    const dir = project(
      '  other:\n    shop: 4\n    scenario: other\n    var_files: [vars/other.yaml]\n    vars: { BRAND: x }\n    secrets: { KITCHEN: { env: PROD_KITCHEN } }\n',
    );
    writeFileSync(path.join(dir, 'vars-placeholder'), '');
    const git = (...args: string[]) =>
      execFileSync('git', args, {
        cwd: dir,
        stdio: 'pipe',
        env: {
          ...process.env,
          GIT_AUTHOR_NAME: 't',
          GIT_AUTHOR_EMAIL: 't@t',
          GIT_COMMITTER_NAME: 't',
          GIT_COMMITTER_EMAIL: 't@t',
        },
      });
    execFileSync('mkdir', ['-p', path.join(dir, 'other'), path.join(dir, 'vars')]);
    writeFileSync(path.join(dir, 'other/main.yaml'), scenario);
    writeFileSync(path.join(dir, 'vars/other.yaml'), 'SITE: https://other.example.com\n');
    git('init', '-q');
    git('add', '.');
    git('commit', '-qm', 'base');
    const list = async () =>
      JSON.parse(
        (await runCli(['env', 'list', '--json', '--changed-since', 'HEAD'], { cwd: dir })).stdout,
      ) as { include: { environment: string }[] };
    expect((await list()).include).toEqual([]);
    writeFileSync(path.join(dir, 'vars/other.yaml'), 'SITE: https://changed.example.com\n');
    expect((await list()).include.map((e) => e.environment)).toEqual(['other']);
    git('checkout', '-q', '--', 'vars/other.yaml');
    writeFileSync(path.join(dir, 'scenarios/extra.yaml'), 'steps: {}\n');
    expect((await list()).include.map((e) => e.environment)).toEqual([
      'acme-staging',
      'acme-production',
    ]);
    const all = JSON.parse((await runCli(['env', 'list', '--json'], { cwd: dir })).stdout) as {
      include: unknown[];
    };
    expect(all.include[0]).toEqual({
      environment: 'acme-staging',
      shop: 2,
      staging: true,
      protected: false,
    });
  });
});
