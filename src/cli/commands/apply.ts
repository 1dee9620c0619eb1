// `botform apply [paths...]` computes, shows and (once approved) applies a plan;
// `botform apply PLANFILE` applies exactly a saved plan, refusing a stale one. This file parses
// the flags and wires the parts; apply/run.ts decides, apply-outcome.ts says what happened.
import { stat } from 'node:fs/promises';
import path from 'node:path';
import { createGovernor } from '../../apply/executor.js';
import { acquireShopLock, LockTimeoutError, shopLockKeys } from '../../apply/lock.js';
import { readSavedPlan } from '../../apply/plan-file.js';
import { runApply } from '../../apply/run.js';
import { projectRoot } from '../../config/project-root.js';
import { planAgainstShop } from '../../deploy/plan-against-shop.js';
import { denialDiagnostic, loadRuleFiles, planDenials, planPolicies } from '../../rules/index.js';
import {
  describeTarget,
  ENV,
  environmentTarget,
  releaseTarget,
  resolveTarget,
  targetName,
  sendsEnvironmentCredentials,
} from '../../deploy/target.js';
import { checkSourcesSet, protectionProblem } from '../../environments/select.js';
import type { Plan } from '../../plan/types.js';
import { createClient } from '../../remote/client.js';
import { paletteFor, useColor } from '../../render/colors.js';
import { PLAN_RENDERERS } from '../../render/plan/index.js';
import { applyPorts, renderOutcome } from '../apply-outcome.js';
import { parseCommandArgs } from '../args.js';
import { compileForEnvironment, stylishToStderr } from '../compile-for-command.js';
import {
  ENVIRONMENT_HELP,
  ENVIRONMENT_OPTIONS,
  environmentsForCommand,
  printProblems,
  selectsMany,
} from '../environment-flags.js';
import { EXIT, UsageError, type CliIo } from '../io.js';
import { unsafePlanLine } from '../many-render.js';
import { applyMany } from '../many.js';
import { isInteractive } from '../prompt.js';
import { reportApiError } from '../report-error.js';
import { packageMeta } from '../../package-meta.js';

const HELP = `Usage: botform apply [paths...] [options]
       botform apply PLANFILE [options]

Without a plan file: computes the plan, shows it, asks for approval, and applies it.
With a plan file (from "botform plan --out"): checks the whole plan first (its digest, and that
every call is what its operation shows), then applies exactly that plan, after checking against
the live shop that nothing it touches changed since and that every object is the one it names.
The API is the one you name (--api, the environment, or HIGHTOUCH_API_URL; else the embedded
emulator), never the one written in the file: the plan's must match it. A plan made with
--env NAME is applied with --env NAME (the file never picks the environment).

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
    // Nothing is sent — not even a login — before the whole plan is checked.
    const read = await readSavedPlan(path.resolve(io.cwd, planFile), values.env);
    if (!read.ok) {
      io.stderr.write(
        read.reason === 'unreadable'
          ? `botform apply: ${read.message}\n`
          : read.reason === 'unverified'
            ? `botform apply: refusing ${planFile}: it is not a plan botform made, or it was changed since:\n${read.problems.map((p) => `  - ${p}\n`).join('')}Nothing was sent. Make a new plan with "botform plan --out".\n`
            : read.named === undefined
              ? `botform apply: the plan was made for environment "${read.planned}": name it with --env ${read.planned} to apply it there.\n`
              : `botform apply: the plan was made ${read.planned === undefined ? 'without an environment' : `for environment "${read.planned}"`}, not "${read.named}". Make a plan with --env ${read.named}.\n`,
      );
      return EXIT.problems;
    }
    saved = read.plan;
  }
  if (saved && values['all-envs'])
    throw new UsageError(
      'a plan file is for one environment; --all-envs applies from the scenario files.',
    );
  const setup = await environmentsForCommand(values, values.config, io);
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
  const realApi = env ? sendsEnvironmentCredentials(env, values, io.env) : false;
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
  // One project root (the config's folder, found upwards; else cwd): the lock, the journal and
  // the embedded emulator's data are there, wherever the command runs and the scenario lies.
  const root = projectRoot(io.cwd, values.config);
  const target = await resolveTarget({ api: values.api, shop }, io.env, root, {
    environment: env && environmentTarget(env),
  });
  const governor = createGovernor(parallelism);
  try {
    const where = targetName(target);
    if (target.embedded)
      io.stderr.write(`No --api given: applying to ${describeTarget(target)}.\n`);
    const client = createClient({
      baseUrl: target.api,
      credentials: target.credentials,
      onEvent: (e) => e.type === 'throttled' && governor.throttled(),
      ...(io.sleep ? { sleep: io.sleep } : {}),
    });
    const lock = await acquireShopLock(
      path.join(root, '.botform', 'locks'),
      await shopLockKeys(where, target.shopId),
      lockTimeout * 1000,
    );
    try {
      let plan: Plan;
      if (saved) {
        // A saved plan is held to the plan policies of the rule files as they are now.
        const loaded = await loadRuleFiles(setup.cfg.config, io.cwd);
        const denied = planDenials(planPolicies(loaded.files), saved, env?.name).map((d) =>
          denialDiagnostic(d, env?.name),
        );
        if (denied.length > 0) {
          stylishToStderr(io)(denied);
          io.stderr.write(unsafePlanLine(denied.length));
          return EXIT.problems;
        }
        plan = saved;
      } else {
        const planned = await planAgainstShop(
          compiled as NonNullable<typeof compiled>,
          target,
          client,
          {
            environment: env?.name,
            botformVersion: packageMeta().version,
          },
        );
        if (!planned.ok) {
          stylishToStderr(io)(planned.problems);
          io.stderr.write(unsafePlanLine(planned.problems.length));
          return EXIT.problems;
        }
        plan = planned.plan;
        io.stdout.write(PLAN_RENDERERS.human(plan, { palette }));
      }
      const ports = applyPorts(io, {
        interactive,
        where: describeTarget(target),
        palette,
        progressBar: io.stderr.isTTY === true,
      });
      const outcome = await runApply(
        {
          plan,
          target: { name: where, shopId: target.shopId },
          saved: saved !== undefined,
          client,
          governor,
          root,
          autoApprove: values['auto-approve'] === true,
        },
        ports,
      );
      ports.finish();
      return renderOutcome(outcome, io, {
        palette,
        saved: saved !== undefined,
        where: describeTarget(target),
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
