// `botform apply --env 'acme-*' | --all-envs --auto-approve`: first every selected environment
// is checked (compiles, secret sources set, protection confirmed) without touching any shop, so
// bad input applies nothing anywhere; then each is planned and applied, a bounded number at once.
import { createGovernor } from '../apply/executor.js';
import { newCompileCache, type Project } from '../compile/project.js';
import { createClient } from '../remote/client.js';
import { runApproved } from './commands/apply.js';
import { compileForEnvironment } from './compile-for-command.js';
import { protectionProblem, usesRealApi } from './environment-flags.js';
import { EXIT, UsageError, type CliIo } from './io.js';
import {
  exitCode,
  failed,
  rowOf,
  runEnvironments,
  writeReport,
  type EnvironmentRun,
  type ManyFlags,
} from './many-environments.js';
import { planAgainstShop } from './plan-against-shop.js';
import { releaseTarget, targetName } from './target.js';
import { projectRoot } from './project-root.js';
import { acquireApplyLock } from '../apply/lock.js';
import path from 'node:path';

/** How long an environment's apply waits for another apply of the same shop (apply's default). */
const LOCK_WAIT_MS = 300_000;
import { Writable } from 'node:stream';

export interface ApplyManyFlags extends ManyFlags {
  confirmed: string[];
  autoApprove: boolean;
  parallelism: number;
}

export async function applyMany(
  setup: Project,
  positionals: string[],
  flags: ApplyManyFlags,
  io: CliIo,
): Promise<number> {
  if (!flags.autoApprove)
    throw new UsageError(
      "applying many environments at once needs --auto-approve (each environment's plan is printed).",
    );
  if (flags.shop !== undefined)
    throw new UsageError(
      '--shop names one shop; with many environments each environment names its own.',
    );

  // Pass 1: no network. Any problem stops the whole run before the first call.
  const cache = newCompileCache();
  const checks: EnvironmentRun[] = [];
  for (const env of setup.selected) {
    let text = '';
    const sink = new Writable({
      write: (chunk: Buffer | string, _e, cb) => {
        text += chunk.toString();
        cb();
      },
    });
    const quiet: CliIo = { ...io, stdout: sink, stderr: sink };
    const protection = protectionProblem(env, flags.confirmed);
    const compiled = await compileForEnvironment(positionals, setup, env, quiet, {
      cache,
      realApi: usesRealApi(env, flags, io),
    });
    if (protection)
      checks.push({ ...failed(env, 'protected, not confirmed'), output: `${protection}\n${text}` });
    else if (!compiled) checks.push({ ...failed(env, 'invalid'), output: text });
  }
  if (checks.length > 0) {
    io.stderr.write(
      `botform apply: nothing was applied: ${checks.length} environment${checks.length === 1 ? ' has' : 's have'} problems.\n`,
    );
    for (const c of checks) io.stderr.write(`\n=== ${c.environment} ===\n${c.output}`);
    return EXIT.problems;
  }

  // Pass 2: plan and apply each environment.
  const runs = await runEnvironments(setup, flags, io, async (env, ctx) => {
    const compiled = await compileForEnvironment(positionals, setup, env, ctx.io, {
      cache: ctx.cache,
      realApi: usesRealApi(env, flags, io),
    });
    if (!compiled) return failed(env, 'invalid');
    const target = await ctx.target(env);
    try {
      const governor = createGovernor(flags.parallelism);
      const client = createClient({
        baseUrl: target.api,
        credentials: target.credentials,
        onEvent: (e) => e.type === 'throttled' && governor.throttled(),
      });
      const plan = await planAgainstShop(compiled, target, client, ctx.io, {
        environment: env.name,
      });
      if (!plan) return failed(env, 'unsafe plan');
      const row = rowOf(env, plan);
      if (plan.operations.length === 0) return { ...row, plan, output: '' };
      // Serialised with single applies to the same shop from this checkout (the same lock).
      const root = projectRoot(compiled.config.dir);
      const lock = await acquireApplyLock(
        path.join(root, '.botform', 'locks'),
        `${targetName(target)}#${target.shopId}`,
        LOCK_WAIT_MS,
      );
      let code: number;
      try {
        code = await runApproved(plan, {
          io: ctx.io,
          root,
          target,
          client,
          governor,
          interactive: false,
          autoApprove: true,
          fromFile: false,
        });
      } finally {
        lock.release();
      }
      return code === EXIT.ok
        ? { ...row, status: 'applied', plan, output: '' }
        : { ...row, status: 'error: apply failed', ok: false, plan, output: '' };
    } finally {
      await releaseTarget(target);
    }
  });
  writeReport(runs, 'human', io);
  return exitCode(runs, false);
}
