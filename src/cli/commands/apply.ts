// `botform apply [paths...]` computes, shows and (once approved) applies a plan;
// `botform apply PLANFILE` applies exactly a saved plan, refusing a stale one.
import { stat } from 'node:fs/promises';
import path from 'node:path';
import { countDone, describeOperation } from '../../apply/describe.js';
import { createGovernor, executePlan } from '../../apply/executor.js';
import { openJournal } from '../../apply/journal.js';
import { acquireApplyLock, LockTimeoutError } from '../../apply/lock.js';
import { checkStale, touchedObject } from '../../apply/stale.js';
import { verifyPlan } from '../../apply/verify-plan.js';
import { resumeState, type ResumeState } from '../../apply/resume.js';
import type { Plan } from '../../plan/types.js';
import { createClient } from '../../remote/client.js';
import { isApiError } from '../../remote/errors.js';
import { paletteFor, useColor } from '../../render/colors.js';
import { PLAN_RENDERERS } from '../../render/plan/index.js';
import { checkSourcesSet } from '../../environments/select.js';
import { compileForEnvironment } from '../compile-for-command.js';
import {
  ENVIRONMENT_HELP,
  ENVIRONMENT_OPTIONS,
  environmentsForCommand,
  environmentTarget,
  printProblems,
  protectionProblem,
  selectsMany,
  usesRealApi,
} from '../environment-flags.js';
import { applyMany } from '../apply-many.js';
import { parseCommandArgs } from '../args.js';
import { EXIT, UsageError, type CliIo } from '../io.js';
import { readPlanFile } from '../plan-file.js';
import { createProgress } from '../progress.js';
import { confirm, isInteractive } from '../prompt.js';
import { reportApiError } from '../report-error.js';
import {
  describeTarget,
  ENV,
  releaseTarget,
  resolveTarget,
  targetName,
  type Target,
} from '../target.js';
import { planAgainstShop } from '../plan-against-shop.js';
import { projectRoot } from '../project-root.js';

const HELP = `Usage: botform apply [paths...] [options]
       botform apply PLANFILE [options]

Without a plan file: computes the plan, shows it, asks for approval, and applies it.
With a plan file (from "botform plan --out"): checks the whole plan first (its digest, and that
every call is what its operation shows), then applies exactly that plan, after checking that
nothing it touches changed since. The API is the one you name (--api or HIGHTOUCH_API_URL; else
the embedded emulator), never the one written in the file: the plan's must match it.

Options:
      --auto-approve        apply without asking (needed when not on a terminal)
      --ci                  never prompt (as when not on a terminal)
  -p, --parallelism <n>     calls in flight at once (default 4)
      --lock-timeout <s>    wait this long for another apply to the same shop (default 300)
      --api <url>, --shop <id>, -c/--config <file>   as for "botform plan"
${ENVIRONMENT_HELP}      --confirm-env <name>  confirm applying to a protected environment (repeatable)
      --concurrency <n>     environments applied at once with a pattern or --all-envs (default 4)
  -h, --help                show this help
`;

export async function applyCommand(argv: string[], io: CliIo): Promise<number> {
  const { values, positionals } = parseApplyArgs(argv);
  if (values.help) {
    io.stdout.write(HELP);
    return EXIT.ok;
  }
  const parallelism = Number(values.parallelism ?? 4);
  if (!Number.isInteger(parallelism) || parallelism < 1 || parallelism > 64)
    throw new UsageError('--parallelism must be a whole number from 1 to 64.');
  const lockTimeout = Number(values['lock-timeout'] ?? 300);
  if (!(lockTimeout >= 0)) throw new UsageError('--lock-timeout must be a number of seconds.');
  const interactive = isInteractive(io, values.ci === true);
  const palette = paletteFor(useColor(io.env, io.stdout.isTTY));

  const planFile =
    positionals.length === 1 && (await isPlanFile(path.resolve(io.cwd, positionals[0] as string)))
      ? (positionals[0] as string)
      : undefined;
  let saved: Plan | undefined;
  if (planFile) {
    const read = await readPlanFile(path.resolve(io.cwd, planFile));
    if (!read.ok) {
      io.stderr.write(`botform apply: ${read.message}\n`);
      return EXIT.problems;
    }
    saved = read.plan;
    // Nothing is sent — not even a login — before the whole plan is checked.
    const verdict = verifyPlan(saved);
    if (!verdict.ok) {
      io.stderr.write(
        `botform apply: refusing ${planFile}: it is not a plan botform made, or it was changed since:\n${verdict.problems.map((p) => `  - ${p}\n`).join('')}Nothing was sent. Make a new plan with "botform plan --out".\n`,
      );
      return EXIT.problems;
    }
  }
  // A plan made for an environment is applied to that environment only.
  if (saved && values.env !== undefined && saved.environment !== values.env) {
    io.stderr.write(
      `botform apply: the plan was made ${saved.environment === undefined ? 'without an environment' : `for environment "${saved.environment}"`}, not "${values.env}". Make a plan with --env ${values.env}.\n`,
    );
    return EXIT.problems;
  }
  if (saved && values['all-envs'])
    throw new UsageError(
      'a plan file is for one environment; --all-envs applies from the scenario files.',
    );
  const envFlags =
    saved?.environment !== undefined ? { ...values, env: saved.environment } : values;
  const setup = await environmentsForCommand(envFlags, values.config, io);
  if (!setup) return EXIT.problems;
  const confirmed = values['confirm-env'] ?? [];
  if (!saved && selectsMany(values)) {
    return applyMany(
      setup,
      positionals,
      {
        ...values,
        format: 'human',
        confirmed,
        autoApprove: values['auto-approve'] === true,
        parallelism,
      },
      io,
    );
  }
  const env = setup.selected[0];
  const protection = env && protectionProblem(env, confirmed);
  if (protection) {
    io.stderr.write(`botform apply: ${protection}\n`);
    return EXIT.problems;
  }
  const realApi = env ? usesRealApi(env, values, io) : false;
  if (
    saved &&
    env &&
    !printProblems(
      checkSourcesSet(setup.cfg, env, io.env, { secrets: true, credentials: realApi }),
      io,
    )
  )
    return EXIT.problems;
  const compiled = saved
    ? undefined
    : await compileForEnvironment(positionals, setup, env, io, {
        realApi,
      });
  if (!saved && !compiled) return EXIT.problems;

  // The API always comes from the user (flag, environment variable, the config's environment;
  // else the embedded emulator), never from the plan file: credentials go only where the user
  // points. The shop may default to the plan's.
  const shop =
    values.shop ??
    (saved && !env && io.env[ENV.shop] === undefined ? String(saved.target.shop_id) : undefined);
  const target = await resolveTarget({ api: values.api, shop }, io.env, io.cwd, {
    environment: env && environmentTarget(env),
  });
  const governor = createGovernor(parallelism);
  try {
    const where = targetName(target);
    if (saved && (saved.target.api !== where || saved.target.shop_id !== target.shopId)) {
      const hint =
        saved.target.api !== where && saved.target.api !== 'embedded'
          ? ` Name its API with --api or ${ENV.api} to apply it there.`
          : '';
      io.stderr.write(
        `botform apply: the plan was made for ${saved.target.api === 'embedded' ? 'the embedded emulator' : saved.target.api}, shop ${saved.target.shop_id}, not ${describeTarget(target)}. Nothing was sent.${hint}\n`,
      );
      return EXIT.problems;
    }
    if (target.embedded)
      io.stderr.write(`No --api given: applying to ${describeTarget(target)}.\n`);
    const client = createClient({
      baseUrl: target.api,
      credentials: target.credentials,
      onEvent: (e) => e.type === 'throttled' && governor.throttled(),
    });
    const root = planFile
      ? projectRoot(io.cwd)
      : projectRoot(
          compiled?.config.file !== undefined
            ? compiled.config.dir
            : scenarioFolder(io.cwd, positionals),
        );
    const lock = await acquireApplyLock(
      path.join(root, '.botform', 'locks'),
      `${where}#${target.shopId}`,
      lockTimeout * 1000,
    );
    try {
      let plan: Plan;
      if (saved) {
        plan = saved;
      } else {
        const computed =
          compiled &&
          (await planAgainstShop(compiled, target, client, io, {
            environment: env?.name,
          }));
        if (!computed) return EXIT.problems;
        plan = computed;
        io.stdout.write(PLAN_RENDERERS.human(plan, { palette }));
      }
      if (plan.operations.length === 0) {
        if (saved) io.stdout.write('The plan has no changes.\n');
        return EXIT.ok;
      }
      return await runApproved(plan, {
        io,
        root,
        target,
        client,
        governor,
        interactive,
        autoApprove: values['auto-approve'] === true,
        fromFile: saved !== undefined,
      });
    } finally {
      lock.release();
    }
  } catch (error) {
    if (error instanceof LockTimeoutError) {
      io.stderr.write(`botform apply: ${error.message}\n`);
      return EXIT.problems;
    }
    return reportApiError(error, io);
  } finally {
    await releaseTarget(target);
  }
}

export interface RunContext {
  io: CliIo;
  /** The project root: where the journal lives. */
  root: string;
  target: Target;
  client: ReturnType<typeof createClient>;
  governor: ReturnType<typeof createGovernor>;
  interactive: boolean;
  autoApprove: boolean;
  fromFile: boolean;
}

export async function runApproved(plan: Plan, ctx: RunContext): Promise<number> {
  const { io } = ctx;
  const journal = openJournal(path.join(ctx.root, '.botform', 'journal'), plan, {
    resume: ctx.fromFile,
  });
  try {
    let resumed: ResumeState = { done: new Set(), ids: new Map(), menuItems: [] };
    if (ctx.fromFile) {
      // Our own writes from an interrupted run are not someone else's changes: settle them first.
      resumed = await resumeState(plan, journal, ctx.client);
      const doneOps = plan.operations.filter((op) => resumed.done.has(op.id));
      const stale = await checkStale(plan, ctx.client, {
        objects: new Set(doneOps.flatMap((op) => touchedObject(op) ?? [])),
        names: new Set(
          doneOps
            .filter((op) => op.action === 'create' && op.address.kind === 'step')
            .map((op) => op.address.key),
        ),
      });
      if (stale.changed.length > 0) {
        const already = journal.completedBefore ? ' (this plan was already applied once)' : '';
        io.stderr.write(
          `botform apply: the plan is stale${already} — the live shop changed since it was made:\n${stale.changed.map((c) => `  - ${c}\n`).join('')}Run "botform plan" again.\n`,
        );
        return EXIT.problems;
      }
      if (resumed.done.size > 0)
        io.stdout.write(
          `Resuming: ${resumed.done.size} of ${plan.operations.length} calls were done by an earlier run.\n`,
        );
    }
    const alreadyDone = resumed.done;
    const knownIds = resumed.ids;
    const deletes = plan.summary.delete;
    const needsApproval = !ctx.fromFile || deletes > 0;
    if (needsApproval && !ctx.autoApprove) {
      if (!ctx.interactive) {
        io.stderr.write(
          `botform apply: not applied. ${deletes > 0 ? `The plan deletes ${deletes} object${deletes === 1 ? '' : 's'}; ` : ''}approve with --auto-approve when not on a terminal.\n`,
        );
        return EXIT.problems;
      }
      const question =
        deletes > 0
          ? `Apply these changes to ${describeTarget(ctx.target)}? ${deletes} object${deletes === 1 ? '' : 's'} will be DELETED.`
          : `Apply these changes to ${describeTarget(ctx.target)}?`;
      if (!(await confirm(io, question))) {
        io.stdout.write('Apply cancelled.\n');
        return EXIT.problems;
      }
    }
    const palette = paletteFor(useColor(io.env, io.stdout.isTTY));
    const progress = createProgress(
      io,
      plan.operations.length - alreadyDone.size,
      palette,
      io.stderr.isTTY === true,
    );
    // From here on Ctrl-C and SIGTERM let the calls in flight finish (and be journaled) instead of
    // cutting them off, so the shop never holds a write the journal does not know of.
    io.stopsCleanly?.(
      'botform apply: stopping — finishing the calls in flight; the journal keeps what finished, and "botform apply" resumes from there',
    );
    const result = await executePlan(plan, {
      client: ctx.client,
      shopId: ctx.target.shopId,
      governor: ctx.governor,
      journal,
      knownIds,
      alreadyDone,
      knownMenuItems: resumed.menuItems,
      ...(io.signal ? { signal: io.signal } : {}),
      onEvent: (e) => progress.onEvent(e),
    });
    progress.finish();
    const counts = countDone(result.done);
    const summary = `${counts.created} created, ${counts.updated} updated, ${counts.deleted} deleted`;
    if (result.failed.length === 0 && result.notRun.length === 0) {
      journal.complete();
      // Applies from two checkouts are not coordinated by the API: if one ran alongside this
      // one, the steps both created now exist twice. One paged read tells (retried like every
      // GET). The summary is printed after it, so it never says "complete" and then fails.
      let twice: string[];
      try {
        twice = await namesCreatedTwice(plan, ctx.client);
      } catch (error) {
        if (!isApiError(error)) throw error;
        io.stdout.write(`${palette.green('Every call succeeded:')} ${summary}.\n`);
        io.stderr.write(
          `botform apply: the shop has all of the plan's changes, but whether another apply to it ran at the same time is not known: the final read of its steps failed (${error.message}). Run "botform plan": it shows anything left to do, such as a step that now exists twice.\n`,
        );
        return EXIT.problems;
      }
      if (twice.length === 0) io.stdout.write(`${palette.green('Apply complete:')} ${summary}.\n`);
      else io.stdout.write(`${palette.green('Every call succeeded:')} ${summary}.\n`);
      if (twice.length > 0) {
        io.stderr.write(
          `botform apply: another apply to this shop ran at the same time: ${twice.map((n) => `"${n}"`).join(', ')} now exist${twice.length === 1 ? 's' : ''} twice. Run "botform apply" again to remove the copies.\n`,
        );
        return EXIT.problems;
      }
      return EXIT.ok;
    }
    io.stdout.write(
      `${palette.red(result.interrupted ? 'Apply interrupted:' : 'Apply failed:')} ${summary}; ${result.failed.length} call${result.failed.length === 1 ? '' : 's'} failed, ${result.notRun.length} not run.\n`,
    );
    for (const { op, error } of result.failed) {
      const message = isApiError(error)
        ? `${error.message}${error.hint ? ` (${error.hint})` : ''}`
        : error instanceof Error
          ? error.message
          : String(error);
      io.stderr.write(`  ✖ ${describeOperation(op)}: ${message}\n`);
    }
    io.stdout.write(
      'Nothing half-done is left behind: "botform plan" shows the remaining work, and "botform apply" finishes it.\n',
    );
    return EXIT.problems;
  } finally {
    journal.close();
  }
}

async function namesCreatedTwice(plan: Plan, client: RunContext['client']): Promise<string[]> {
  if (plan.live.absent.length === 0) return [];
  const created = new Set(plan.live.absent);
  const counts = new Map<string, number>();
  for (const step of await client.listSteps(plan.target.shop_id))
    if (created.has(step.name)) counts.set(step.name, (counts.get(step.name) ?? 0) + 1);
  return [...counts]
    .filter(([, n]) => n > 1)
    .map(([name]) => name)
    .sort();
}

/** Where the scenario is, for the project root when there is no config: the first path named, else cwd. */
function scenarioFolder(cwd: string, positionals: readonly string[]): string {
  const first = positionals[0];
  if (first === undefined) return cwd;
  const full = path.resolve(cwd, first);
  return /\.(ya?ml|ts)$/.test(full) ? path.dirname(full) : full;
}

async function isPlanFile(file: string): Promise<boolean> {
  if (!file.endsWith('.json')) return false;
  try {
    return (await stat(file)).isFile();
  } catch {
    return false;
  }
}

function parseApplyArgs(argv: string[]) {
  const normalised = argv.map((a) => (a === '-auto-approve' ? '--auto-approve' : a));
  return parseCommandArgs(normalised, {
    'auto-approve': { type: 'boolean' },
    ci: { type: 'boolean' },
    parallelism: { type: 'string', short: 'p' },
    'lock-timeout': { type: 'string' },
    api: { type: 'string' },
    shop: { type: 'string' },
    config: { type: 'string', short: 'c' },
    help: { type: 'boolean', short: 'h' },
    ...ENVIRONMENT_OPTIONS,
    'confirm-env': { type: 'string', multiple: true },
    concurrency: { type: 'string' },
  });
}
