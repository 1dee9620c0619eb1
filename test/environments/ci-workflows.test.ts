// The CI workflows of docs/ci.md, run the way CI runs them: `botform init` makes the repository,
// a git remote stands in for the forge, and each job's `run:`/`script:` lines run in bash, event by
// event (pull request, merge, schedule), with `npx botform` reaching the built CLI and the API
// being the emulator. The PR-comment script runs against an in-memory comment list, to check
// that a second run updates the environment's comment instead of adding one.
import { execFileSync, spawn } from 'node:child_process';
import { chmodSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { startEmulator, type Emulator } from '../../src/emulator/index.js';
import {
  GITHUB_WORKFLOW,
  GITLAB_COMMENT_SCRIPT,
  GITLAB_PIPELINE,
} from '../../src/init/templates.js';
import { createClient } from '../../src/remote/client.js';
import { BIN, runCli } from '../helpers/cli.js';
import { REPO } from '../helpers/fixtures.js';

const TOKEN = 'ci-token-0123456789';
const temps: string[] = [];
afterAll(() => {
  for (const d of temps) rmSync(d, { recursive: true, force: true });
});

function temp(): string {
  const d = mkdtempSync(path.join(tmpdir(), 'botform-ci-'));
  temps.push(d);
  return d;
}

/** A bin folder where `npx botform ...` runs the built CLI and `npm ci` does nothing. */
function shims(): string {
  const dir = temp();
  writeFileSync(
    path.join(dir, 'npx'),
    `#!/bin/sh\nif [ "$1" = botform ]; then shift; exec "${process.execPath}" "${BIN}" "$@"; fi\necho "npx $1: not in this test" >&2; exit 127\n`,
  );
  writeFileSync(path.join(dir, 'npm'), '#!/bin/sh\nexit 0\n');
  chmodSync(path.join(dir, 'npx'), 0o755);
  chmodSync(path.join(dir, 'npm'), 0o755);
  return dir;
}

const git = (cwd: string, ...args: string[]) =>
  execFileSync('git', args, {
    cwd,
    stdio: 'pipe',
    encoding: 'utf8',
    env: {
      ...process.env,
      GIT_AUTHOR_NAME: 'ci',
      GIT_AUTHOR_EMAIL: 'ci@example.com',
      GIT_COMMITTER_NAME: 'ci',
      GIT_COMMITTER_EMAIL: 'ci@example.com',
    },
  });

/** `botform init`, committed on main, with a bare remote as "origin". */
async function initRepository(): Promise<string> {
  const dir = temp();
  const init = await runCli(['init'], { cwd: dir });
  expect(init.code).toBe(0);
  git(dir, 'init', '-q', '-b', 'main');
  git(dir, 'add', '.');
  git(dir, 'commit', '-qm', 'botform init');
  const remote = path.join(temp(), 'remote.git');
  git(dir, 'clone', '-q', '--bare', dir, remote);
  git(dir, 'remote', 'add', 'origin', remote);
  git(dir, 'fetch', '-q', 'origin');
  return dir;
}

/** Runs a script as a CI step does; async, because the emulator answers from this same process. */
function bash(
  script: string,
  cwd: string,
  env: Record<string, string>,
): Promise<{ code: number; out: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn('bash', ['--noprofile', '--norc', '-eo', 'pipefail', '-c', script], {
      cwd,
      env,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    child.stdout.on('data', (c: Buffer) => (out += c.toString()));
    child.stderr.on('data', (c: Buffer) => (out += c.toString()));
    child.on('error', reject);
    child.on('close', (status) => {
      // A failing step's output is what a CI log would show: print it, so a failure explains itself.
      if (status !== 0 && status !== 2)
        process.stderr.write(`--- step failed (${status}):\n${script}\n${out}\n`);
      resolve({ code: status ?? -1, out });
    });
  });
}

let emulator: Emulator;
beforeAll(async () => {
  emulator = await startEmulator({
    db: ':memory:',
    seed: {
      users: [{ username: 'demo', password: 'demo', tokens: [TOKEN] }],
      shops: [1, 2].map((id) => ({ id, name: `Shop ${id}` })),
    },
  });
});
afterAll(async () => emulator.close());

async function liveText(shop: number, step: string): Promise<string | undefined> {
  const client = createClient({ baseUrl: emulator.url, credentials: { token: TOKEN } });
  return (await client.listSteps(shop)).find((s) => s.name === step)?.text;
}

// ---- GitHub Actions ----------------------------------------------------------------------

interface GhStep {
  run?: string;
  uses?: string;
  with?: { script?: string };
  env?: Record<string, string>;
  id?: string;
}
interface GhJob {
  if?: string;
  strategy?: { matrix: string };
  steps: GhStep[];
}

type Comment = { id: number; body: string };

class GitHubRun {
  outputs = new Map<string, string>();
  comments: Comment[] = [];
  constructor(
    readonly dir: string,
    readonly bin: string,
  ) {}

  expr(text: string, ctx: Record<string, string>): string {
    return text.replace(/\$\{\{\s*(.+?)\s*\}\}/g, (_, e: string) => {
      const fromJson = /^fromJSON\((.+)\)$/.exec(e);
      const key = fromJson ? (fromJson[1] as string) : e;
      if (!(key in ctx)) throw new Error(`no value for \${{ ${e} }}`);
      return ctx[key] as string;
    });
  }

  /** `a == 'b' && c != 'd'`: all the workflow's conditions need. */
  condition(text: string | undefined, ctx: Record<string, string>): boolean {
    if (!text) return true;
    return text.split('&&').every((part) => {
      const m = /^\s*([\w.]+)\s*(==|!=)\s*'(.*)'\s*$/.exec(part);
      if (!m) throw new Error(`condition not understood: ${part}`);
      return (ctx[m[1] as string] === m[3]) === (m[2] === '==');
    });
  }

  /** Runs a job's steps; returns the exit code of the first failing step (0 when all pass). */
  async job(
    workflow: { env: Record<string, string>; jobs: Record<string, GhJob> },
    name: string,
    ctx: Record<string, string>,
  ): Promise<number> {
    const job = workflow.jobs[name] as GhJob;
    const output = path.join(temp(), 'github_output');
    writeFileSync(output, '');
    const env: Record<string, string> = {
      PATH: `${this.bin}:${process.env.PATH ?? ''}`,
      HOME: process.env.HOME ?? '',
      GITHUB_OUTPUT: output,
    };
    for (const [k, v] of Object.entries(workflow.env)) env[k] = this.expr(v, ctx);
    for (const step of job.steps) {
      const stepEnv = {
        ...env,
        ...Object.fromEntries(
          Object.entries(step.env ?? {}).map(([k, v]) => [k, this.expr(v, ctx)]),
        ),
      };
      if (step.run !== undefined) {
        const script = this.expr(step.run, ctx);
        const r = await bash(script, this.dir, stepEnv);
        if (r.code !== 0) return r.code;
        if (step.id)
          for (const line of readFileSync(output, 'utf8').split('\n'))
            if (line.includes('='))
              this.outputs.set(
                `${step.id}.${line.slice(0, line.indexOf('='))}`,
                line.slice(line.indexOf('=') + 1),
              );
      } else if (step.uses?.startsWith('actions/github-script')) {
        await this.githubScript(step.with?.script ?? '', stepEnv);
      }
    }
    return 0;
  }

  /** The comment step, with the GitHub API as an in-memory list of the PR's comments. */
  async githubScript(script: string, env: Record<string, string>): Promise<void> {
    const fs = {
      readFileSync: (file: string, enc: BufferEncoding) =>
        readFileSync(path.resolve(this.dir, file), enc),
    };
    const comments = this.comments;
    const github = {
      paginate: async (fn: () => Promise<Comment[]>) => fn(),
      rest: {
        issues: {
          listComments: async () => comments.map((c) => ({ ...c })),
          updateComment: async ({ comment_id, body }: { comment_id: number; body: string }) =>
            void ((comments.find((c) => c.id === comment_id) as Comment).body = body),
          createComment: async ({ body }: { body: string }) =>
            void comments.push({ id: comments.length + 1, body }),
        },
      },
    };
    const AsyncFunction = Object.getPrototypeOf(async () => undefined).constructor as new (
      ...args: string[]
    ) => (...a: unknown[]) => Promise<void>;
    const run = new AsyncFunction('require', 'github', 'context', 'process', script);
    await run(
      (m: string) => (m === 'fs' ? fs : undefined),
      github,
      { repo: { owner: 'o', repo: 'r' }, issue: { number: 1 } },
      { env },
    );
  }
}

describe('GitHub Actions workflow (docs/ci.md, written by botform init)', () => {
  it('pull request, merge and schedule, as CI runs them', async () => {
    const dir = await initRepository();
    expect(readFileSync(path.join(dir, '.github/workflows/botform.yml'), 'utf8')).toBe(
      GITHUB_WORKFLOW,
    );
    expect(readFileSync(path.join(REPO, 'docs/ci.md'), 'utf8')).toContain(GITHUB_WORKFLOW);
    const workflow = parse(GITHUB_WORKFLOW) as {
      env: Record<string, string>;
      jobs: Record<string, GhJob>;
    };
    const gh = new GitHubRun(dir, shims());
    const base = {
      'vars.HIGHTOUCH_API_URL': emulator.url,
      'secrets.HIGHTOUCH_TOKEN': TOKEN,
      'github.base_ref': 'main',
    };

    // Pull request: a branch that changes the scenario.
    git(dir, 'checkout', '-q', '-b', 'feature');
    const file = path.join(dir, 'scenarios/main.yaml');
    writeFileSync(file, readFileSync(file, 'utf8').replace('from 9 to 21', 'from 8 to 22'));
    git(dir, 'commit', '-qam', 'longer hours');
    const pr = { ...base, 'github.event_name': 'pull_request' };
    expect(await gh.job(workflow, 'check', pr)).toBe(0);
    const matrix = gh.outputs.get('envs.matrix') as string;
    expect(JSON.parse(matrix)).toMatchObject({
      include: [{ environment: 'staging' }, { environment: 'production' }],
    });
    const prCtx = { ...pr, 'needs.check.outputs.matrix': matrix };
    expect(gh.condition(workflow.jobs.plan?.if, prCtx)).toBe(true);
    expect(gh.condition(workflow.jobs.deploy?.if, prCtx)).toBe(false);
    for (let round = 0; round < 2; round++) {
      for (const { environment } of (JSON.parse(matrix) as { include: { environment: string }[] })
        .include) {
        expect(
          await gh.job(workflow, 'plan', { ...prCtx, 'matrix.environment': environment }),
        ).toBe(0);
      }
    }
    // One comment per environment, updated in place by the second round.
    expect(gh.comments.map((c) => c.body.split('\n')[0])).toEqual([
      '<!-- botform-plan:staging -->',
      '<!-- botform-plan:production -->',
    ]);
    expect(gh.comments[0]?.body).toContain('to create');
    // The review of the change sits in the same comment: the longer hours are a changed reply.
    expect(gh.comments[0]?.body).toContain('### botform review');
    expect(gh.comments[0]?.body).toContain('A reply changes');
    expect(gh.comments[0]?.body).toContain('from 8 to 22');

    // Merge: apply staging, then production.
    git(dir, 'checkout', '-q', 'main');
    git(dir, 'merge', '-q', 'feature');
    const push = { ...base, 'github.event_name': 'push' };
    expect(await gh.job(workflow, 'check', push)).toBe(0);
    const pushCtx = {
      ...push,
      'needs.check.outputs.matrix': gh.outputs.get('envs.matrix') as string,
    };
    expect(gh.condition(workflow.jobs.deploy?.if, pushCtx)).toBe(true);
    expect(await gh.job(workflow, 'deploy', pushCtx)).toBe(0);
    expect(await liveText(2, 'hours')).toBe('We are open every day from 8 to 22.');
    expect(await liveText(1, 'welcome')).toBe('Hi! How can I help?');

    // Schedule: no drift, then a hand edit in production is drift (exit 2).
    const schedule = { ...base, 'github.event_name': 'schedule' };
    expect(await gh.job(workflow, 'check', schedule)).toBe(0);
    const scheduleCtx = {
      ...schedule,
      'needs.check.outputs.matrix': gh.outputs.get('envs.matrix') as string,
    };
    expect(gh.condition(workflow.jobs.drift?.if, scheduleCtx)).toBe(true);
    expect(
      await gh.job(workflow, 'drift', { ...scheduleCtx, 'matrix.environment': 'production' }),
    ).toBe(0);
    const client = createClient({ baseUrl: emulator.url, credentials: { token: TOKEN } });
    const welcome = (await client.listSteps(1)).find((s) => s.name === 'welcome');
    await fetch(`${emulator.url}/api/steps/${welcome?.id}/?shop_id=1`, {
      method: 'PATCH',
      headers: { authorization: `Bearer ${TOKEN}`, 'content-type': 'application/json' },
      body: JSON.stringify({ text: 'edited by hand' }),
    });
    expect(
      await gh.job(workflow, 'drift', { ...scheduleCtx, 'matrix.environment': 'production' }),
    ).toBe(2);
    expect(
      await gh.job(workflow, 'drift', { ...scheduleCtx, 'matrix.environment': 'staging' }),
    ).toBe(0);
  }, 600_000);
});

// ---- GitLab CI ---------------------------------------------------------------------------

interface GlJob {
  stage?: string;
  rules?: { if: string }[];
  script?: string[];
}

/** `$A == "x" && $B == $C`: all the pipeline's rules need. */
function gitlabRule(rule: string, vars: Record<string, string>): boolean {
  const value = (t: string) =>
    t.startsWith('$') ? (vars[t.slice(1)] ?? '') : t.replace(/^"|"$/g, '');
  return rule.split('&&').every((part) => {
    const m = /^\s*(\S+)\s*(==|!=)\s*(\S+)\s*$/.exec(part);
    if (!m) throw new Error(`rule not understood: ${part}`);
    return (value(m[1] as string) === value(m[3] as string)) === (m[2] === '==');
  });
}

async function gitlabPipeline(
  dir: string,
  bin: string,
  vars: Record<string, string>,
): Promise<Map<string, number>> {
  const pipeline = parse(GITLAB_PIPELINE) as Record<string, GlJob> & {
    stages: string[];
    default: { before_script: string[] };
  };
  const results = new Map<string, number>();
  const env = { PATH: `${bin}:${process.env.PATH ?? ''}`, HOME: process.env.HOME ?? '', ...vars };
  for (const stage of pipeline.stages) {
    for (const [name, job] of Object.entries(pipeline)) {
      if (typeof job !== 'object' || Array.isArray(job) || (job as GlJob).stage !== stage) continue;
      const j = job as GlJob;
      if (j.rules && !j.rules.some((r) => gitlabRule(r.if, vars))) continue;
      const lines = [...pipeline.default.before_script, ...(j.script ?? [])];
      results.set(name, (await bash(lines.join('\n'), dir, env)).code);
    }
  }
  return results;
}

describe('GitLab CI pipeline (docs/ci.md)', () => {
  it('merge request, merge and schedule, as GitLab runs them', async () => {
    expect(readFileSync(path.join(REPO, 'docs/ci.md'), 'utf8')).toContain(GITLAB_PIPELINE);
    expect(readFileSync(path.join(REPO, 'docs/ci.md'), 'utf8')).toContain(GITLAB_COMMENT_SCRIPT);
    const dir = await initRepository();
    const bin = shims();
    // Its own shops: the GitHub test above used 1 and 2.
    const config = path.join(dir, 'botform.config.yaml');
    writeFileSync(
      config,
      readFileSync(config, 'utf8')
        .replace('shop: 2', 'shop: 12')
        .replace('shop: 1\n', 'shop: 11\n'),
    );
    git(dir, 'commit', '-qam', 'shops');
    git(dir, 'push', '-q', 'origin', 'main');
    const api = await startEmulator({
      db: ':memory:',
      seed: {
        users: [{ username: 'demo', password: 'demo', tokens: [TOKEN] }],
        shops: [11, 12].map((id) => ({ id, name: `Shop ${id}` })),
      },
    });
    try {
      const common = {
        HIGHTOUCH_API_URL: api.url,
        HIGHTOUCH_TOKEN: TOKEN,
        CI_DEFAULT_BRANCH: 'main',
      };
      git(dir, 'checkout', '-q', '-b', 'feature');
      const file = path.join(dir, 'scenarios/main.yaml');
      writeFileSync(file, readFileSync(file, 'utf8').replace('from 9 to 21', 'from 8 to 22'));
      git(dir, 'commit', '-qam', 'longer hours');
      const mr = await gitlabPipeline(dir, bin, {
        ...common,
        CI_PIPELINE_SOURCE: 'merge_request_event',
        CI_MERGE_REQUEST_TARGET_BRANCH_NAME: 'main',
        CI_COMMIT_BRANCH: 'feature',
      });
      expect([...mr]).toEqual([
        ['validate', 0],
        ['plan', 0],
      ]);
      expect(readFileSync(path.join(dir, 'plan-staging.md'), 'utf8')).toContain('to create');

      git(dir, 'checkout', '-q', 'main');
      git(dir, 'merge', '-q', 'feature');
      const push = await gitlabPipeline(dir, bin, {
        ...common,
        CI_PIPELINE_SOURCE: 'push',
        CI_COMMIT_BRANCH: 'main',
      });
      expect([...push]).toEqual([
        ['validate', 0],
        ['deploy', 0],
      ]);
      const schedule = await gitlabPipeline(dir, bin, {
        ...common,
        CI_PIPELINE_SOURCE: 'schedule',
        CI_COMMIT_BRANCH: 'main',
      });
      expect([...schedule]).toEqual([
        ['validate', 0],
        ['drift', 0],
      ]);
    } finally {
      await api.close();
    }
  }, 600_000);
});
