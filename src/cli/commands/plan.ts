// `botform plan`: compile the scenario, read the live shop, and show (and optionally save)
// the plan that would make the shop match.
import path from 'node:path';
import { createClient } from '../../remote/client.js';
import { paletteFor, useColor } from '../../render/colors.js';
import { DIAGNOSTIC_FORMATTERS } from '../../render/diagnostics/index.js';
import { PLAN_FORMATS, PLAN_RENDERERS, type PlanFormat } from '../../render/plan/index.js';
import {
  compileForEnvironment,
  stylishToStderr,
  type DiagnosticReporter,
} from '../compile-for-command.js';
import { planFailureJson, planFailureMarkdown } from '../../render/plan/failure.js';
import {
  ENVIRONMENT_HELP,
  ENVIRONMENT_OPTIONS,
  environmentsForCommand,
  environmentTarget,
  selectsMany,
  usesRealApi,
} from '../environment-flags.js';
import { planMany } from '../many-environments.js';
import { parseCommandArgs } from '../args.js';
import { EXIT, UsageError, type CliIo } from '../io.js';
import { planAgainstShop } from '../plan-against-shop.js';
import { writeFileAtomic } from '../plan-output.js';
import { reportApiError } from '../report-error.js';
import { describeTarget, releaseTarget, resolveTarget } from '../target.js';

const HELP = `Usage: botform plan [paths...] [options]

Compares the scenario with the live shop and shows what apply would change.

Options:
  -o, --out <file>          also save the plan as JSON, for "botform apply <file>"
  -f, --format <f>          human (default), json, markdown (a pull-request comment), or github (annotations)
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

  // With json or markdown, errors are a document on stdout (what a CI job posts); else stylish.
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
          : planFailureMarkdown(diagnostics),
    );
  };
  const setup = await environmentsForCommand(values, values.config, io);
  if (!setup) return EXIT.problems;
  if (selectsMany(values)) return planMany(setup, positionals, { ...values, format }, io);
  const env = setup.selected[0];
  const realApi = env ? usesRealApi(env, values, io) : false;
  const compiled = await compileForEnvironment(positionals, setup, env, io, {
    realApi,
    report,
  });
  if (!compiled) return EXIT.problems;
  const target = await resolveTarget({ api: values.api, shop: values.shop }, io.env, io.cwd, {
    environment: env && environmentTarget(env),
  });
  try {
    if (target.embedded)
      io.stderr.write(`No --api given: planning against ${describeTarget(target)}.\n`);
    const client = createClient({ baseUrl: target.api, credentials: target.credentials });
    const plan = await planAgainstShop(compiled, target, client, io, {
      environment: env?.name,
      report,
    });
    if (!plan) return EXIT.problems;
    if (values.out)
      await writeFileAtomic(path.resolve(io.cwd, values.out), `${JSON.stringify(plan, null, 2)}\n`);
    const palette = paletteFor(format === 'human' && useColor(io.env, io.stdout.isTTY));
    io.stdout.write(PLAN_RENDERERS[format](plan, { palette }));
    if (values.out && format === 'human')
      io.stdout.write(
        `\nSaved the plan to ${values.out}. Apply exactly this plan with: botform apply ${values.out}\n`,
      );
    if (values['detailed-exitcode']) return plan.operations.length > 0 ? EXIT.changes : EXIT.ok;
    return EXIT.ok;
  } catch (error) {
    return reportApiError(error, io);
  } finally {
    await releaseTarget(target);
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
  });
}
