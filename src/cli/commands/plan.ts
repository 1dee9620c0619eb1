// `botform plan`: compile the scenario, read the live shop, and show (and optionally save)
// the plan that would make the shop match.
import path from 'node:path';
import { createClient } from '../../remote/client.js';
import { paletteFor, useColor } from '../../render/colors.js';
import { DIAGNOSTIC_FORMATTERS } from '../../render/diagnostics/index.js';
import { commentLimit } from '../../render/forge-limits.js';
import { PLAN_FORMATS, PLAN_RENDERERS, type PlanFormat } from '../../render/plan/index.js';
import {
  planErrorGithub,
  planErrorJson,
  planErrorMarkdown,
  planFailureJson,
  planFailureMarkdown,
  type PlanRunError,
} from '../../render/plan/failure.js';
import { isApiError } from '../../remote/errors.js';
import {
  compileForEnvironment,
  stylishToStderr,
  type DiagnosticReporter,
} from '../compile-for-command.js';
import {
  ENVIRONMENT_HELP,
  ENVIRONMENT_OPTIONS,
  projectForFlags,
  selectsMany,
} from '../environment-flags.js';
import { planMany } from '../many.js';
import { unsafePlanLine } from '../many-render.js';
import { parseCommandArgs } from '../args.js';
import { EXIT, UsageError, type CliIo } from '../io.js';
import { planAgainstShop } from '../../deploy/plan-against-shop.js';
import { writeFileAtomic } from '../../write-file-atomic.js';
import { reportApiError } from '../report-error.js';
import {
  CredentialsError,
  describeTarget,
  environmentTarget,
  releaseTarget,
  resolveTarget,
  sendsEnvironmentCredentials,
  TargetError,
} from '../../deploy/target.js';
import { packageMeta } from '../../package-meta.js';
import { projectRoot } from '../../config/project-root.js';

const HELP = `Usage: botform plan [paths...] [options]

Compares the scenario with the live shop and shows what apply would change.

Options:
  -o, --out <file>          also save the plan as JSON, for "botform apply <file>"
  -f, --format <f>          human (default), json, markdown (a pull-request comment), github
                            (annotations), or summary (markdown for $GITHUB_STEP_SUMMARY, 1 MiB)
      --max-length <n>      markdown: the longest comment, in characters (default: --forge's limit)
      --forge <name>        markdown: fit the comment limit of github (65,535, the default),
                            gitlab (1,000,000), bitbucket (32,768) or azure (150,000)
      --detailed-exitcode   exit 0 when there are no changes, 2 when there are, 1 on errors
      --api <url>           HighTouch API root (default: $HIGHTOUCH_API_URL, else the embedded emulator)
      --shop <id>           the shop (default: $HIGHTOUCH_SHOP_ID; 1 on the embedded emulator)
  -c, --config <file>       config file (default: botform.config.yaml)
${ENVIRONMENT_HELP}      --concurrency <n>     environments planned at once with a pattern or --all-envs (default 8)
  -h, --help                show this help

Credentials come from the environment: HIGHTOUCH_TOKEN, or HIGHTOUCH_USERNAME and HIGHTOUCH_PASSWORD.
`;

export async function planCommand(argv: string[], io: CliIo): Promise<number> {
  const { values, positionals } = parsePlanArgs(argv);
  if (values.help) {
    io.stdout.write(HELP);
    return EXIT.ok;
  }
  const format = (values.format ?? 'human') as PlanFormat;
  if (!PLAN_FORMATS.includes(format))
    throw new UsageError(`unknown format "${format}"; use one of ${PLAN_FORMATS.join(', ')}.`);
  const limit = commentLimit(values['max-length'], values.forge);
  const maxLength = limit.ok ? limit.max : undefined;
  try {
    if (!limit.ok) throw new UsageError(limit.message);
    return await plan(values, positionals, format, limit.max, io);
  } catch (error) {
    // Whatever stops the run, a job that posts the output posts the failure: the API unreachable,
    // credentials missing or refused, a flag that does not fit. Then it is reported as usual.
    if (format !== 'human') io.stdout.write(failureDocument(format, runError(error), maxLength));
    return reportApiError(error, io);
  }
}

type PlanValues = ReturnType<typeof parsePlanArgs>['values'];

async function plan(
  values: PlanValues,
  positionals: string[],
  format: PlanFormat,
  maxLength: number,
  io: CliIo,
): Promise<number> {
  // With json, markdown or github, errors are a document on stdout (what a CI job posts); else
  // stylish on stderr.
  const stderrReport = stylishToStderr(io);
  const report: DiagnosticReporter = (diagnostics) => {
    if (format === 'human' || !diagnostics.some((d) => d.severity === 'error'))
      return stderrReport(diagnostics);
    const palette = paletteFor(false);
    io.stdout.write(
      format === 'json'
        ? planFailureJson(diagnostics)
        : format === 'github'
          ? DIAGNOSTIC_FORMATTERS.github(diagnostics, { palette })
          : planFailureMarkdown(diagnostics, maxLength),
    );
  };
  // The project's own problems (config, variables) are the failure document too.
  const setup = await projectForFlags(values, values.config, io);
  if (setup.diagnostics.length > 0) report(setup.diagnostics);
  if (setup.diagnostics.some((d) => d.severity === 'error')) return EXIT.problems;
  if (selectsMany(values))
    return planMany(setup, positionals, { ...values, format, maxLength }, io);
  const env = setup.selected[0];
  const realApi = env ? sendsEnvironmentCredentials(env, values, io.env) : false;
  const compiled = await compileForEnvironment(positionals, setup, env, io, {
    realApi,
    report,
  });
  if (!compiled) return EXIT.problems;
  const target = await resolveTarget(
    { api: values.api, shop: values.shop },
    io.env,
    projectRoot(io.cwd, values.config),
    { environment: env && environmentTarget(env) },
  );
  try {
    if (target.embedded)
      io.stderr.write(`No --api given: planning against ${describeTarget(target)}.\n`);
    const client = createClient({
      baseUrl: target.api,
      credentials: target.credentials,
      ...(io.sleep ? { sleep: io.sleep } : {}),
    });
    const planned = await planAgainstShop(compiled, target, client, {
      environment: env?.name,
      botformVersion: packageMeta().version,
    });
    if (!planned.ok) {
      report(planned.problems);
      io.stderr.write(unsafePlanLine(planned.problems.length));
      return EXIT.problems;
    }
    const { plan } = planned;
    if (values.out)
      await writeFileAtomic(path.resolve(io.cwd, values.out), `${JSON.stringify(plan, null, 2)}\n`);
    const palette = paletteFor(format === 'human' && useColor(io.env, io.stdout.isTTY));
    io.stdout.write(PLAN_RENDERERS[format](plan, { palette, maxLength }));
    if (values.out && format === 'human')
      io.stdout.write(
        `\nSaved the plan to ${values.out}. Apply exactly this plan with:\n  ${applyCommandFor(values, env?.protected === true)}\n`,
      );
    if (values['detailed-exitcode']) return plan.operations.length > 0 ? EXIT.changes : EXIT.ok;
    return EXIT.ok;
  } finally {
    await releaseTarget(target);
  }
}

/** The command that applies the saved plan: the same config, environment, API and shop. */
function applyCommandFor(values: PlanValues, protectedEnv: boolean): string {
  const args = ['botform', 'apply', values.out as string];
  if (values.config !== undefined) args.push('-c', values.config);
  if (values.env !== undefined) args.push('--env', values.env);
  if (protectedEnv && values.env !== undefined) args.push('--confirm-env', values.env);
  if (values.api !== undefined) args.push('--api', values.api);
  if (values.shop !== undefined) args.push('--shop', values.shop);
  return args.map(shellWord).join(' ');
}

/** A word as a POSIX shell reads it back. */
function shellWord(word: string): string {
  return /^[A-Za-z0-9_./:=@%+,-]+$/.test(word) ? word : `'${word.replace(/'/g, `'\\''`)}'`;
}

/** What stopped the run, in words for the failure document (a bug is said to be one). */
function runError(error: unknown): PlanRunError {
  if (isApiError(error)) return { message: error.message, hint: error.hint };
  if (
    error instanceof UsageError ||
    error instanceof TargetError ||
    error instanceof CredentialsError
  )
    return { message: error.message };
  return { message: `internal error: ${error instanceof Error ? error.message : String(error)}` };
}

function failureDocument(
  format: PlanFormat,
  error: PlanRunError,
  maxLength: number | undefined,
): string {
  switch (format) {
    case 'json':
      return planErrorJson(error);
    case 'markdown':
    case 'summary':
      return planErrorMarkdown(error, maxLength);
    case 'github':
      return planErrorGithub(error);
    case 'human':
      return '';
  }
}

function parsePlanArgs(argv: string[]) {
  // Terraform's spelling (-out=FILE, -out FILE) is accepted too: CI scripts are written that way.
  const normalised = argv.flatMap((a) =>
    a === '-out' ? ['--out'] : a.startsWith('-out=') ? ['--out', a.slice(5)] : [a],
  );
  return parseCommandArgs(normalised, {
    out: { type: 'string', short: 'o' },
    format: { type: 'string', short: 'f' },
    'detailed-exitcode': { type: 'boolean' },
    api: { type: 'string' },
    shop: { type: 'string' },
    config: { type: 'string', short: 'c' },
    help: { type: 'boolean', short: 'h' },
    ...ENVIRONMENT_OPTIONS,
    concurrency: { type: 'string' },
    'max-length': { type: 'string' },
    forge: { type: 'string' },
  });
}
