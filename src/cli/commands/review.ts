// `botform review --base REF`: what a change to the scenario does to conversations — the ones that
// change, the new or rerouted transitions no test walks, the tests that touch the change.
import path from 'node:path';
import { readSuiteFiles } from '../../conversations/index.js';
import { commentLimit } from '../../render/forge-limits.js';
import { reviewGithub, reviewJson, reviewMarkdown, reviewText } from '../../render/review/index.js';
import { reviewChange } from '../../review/index.js';
import { writeFileAtomic } from '../../write-file-atomic.js';
import { parseCommandArgs } from '../args.js';
import { BaseError, checkoutBase, compileSide } from '../base-checkout.js';
import {
  ONE_ENVIRONMENT_OPTIONS,
  environmentsForCommand,
  printProblems,
  projectForFlags,
  requireOneEnvironment,
} from '../environment-flags.js';
import { EXIT, UsageError, type CliIo } from '../io.js';

const HELP = `Usage: botform review --base REF [options]

Compares the scenario with its version at REF (a git ref, or a folder holding the base project)
and says what users will see change: the conversations whose outcome differs (the repository's
tests and the paths "botform test generate" walks, played on both versions), the new or
rerouted transitions no test walks (patch coverage), and the tests that touch the change.

Options:
      --base <ref|folder>          the version to compare with (required)
  -f, --format <f>                 stylish (default), json, markdown (a pull-request comment),
                                   github (annotations on the transitions no test walks)
  -o, --out <file>                 write the report to a file instead of stdout
      --min-patch-coverage <N>     exit 1 when less than N% of the new transitions are walked
      --forge <github|gitlab|bitbucket|azure>  markdown: cut to that forge's comment limit
      --max-length <n>             markdown: cut to n characters (default: the forge's, GitHub's)
  -c, --config <file>              config file (default: botform.config.yaml)
  -e, --env <name>                 the environment whose variables fill \${var.NAME} (default: the first)
  -h, --help                       show this help

Exit codes: 0 reviewed, 1 the head does not compile or patch coverage is below the minimum,
2 botform was misused or failed (a base git does not have).
`;

export async function reviewCommand(argv: string[], io: CliIo): Promise<number> {
  const { values } = parseCommandArgs(argv, {
    base: { type: 'string' },
    format: { type: 'string', short: 'f' },
    out: { type: 'string', short: 'o' },
    'min-patch-coverage': { type: 'string' },
    'max-length': { type: 'string' },
    forge: { type: 'string' },
    config: { type: 'string', short: 'c' },
    help: { type: 'boolean', short: 'h' },
    ...ONE_ENVIRONMENT_OPTIONS,
  });
  if (values.help) {
    io.stdout.write(HELP);
    return EXIT.ok;
  }
  if (values.base === undefined)
    throw new UsageError('--base REF is required (a git ref or a folder).');
  const format = values.format ?? 'stylish';
  if (!['stylish', 'json', 'markdown', 'github'].includes(format))
    throw new UsageError(`unknown format "${format}"; use stylish, json, markdown or github.`);
  const minimum =
    values['min-patch-coverage'] === undefined ? undefined : Number(values['min-patch-coverage']);
  if (minimum !== undefined && !(minimum >= 0 && minimum <= 100))
    throw new UsageError('--min-patch-coverage must be a number from 0 to 100.');
  const limit = commentLimit(values['max-length'], values.forge);
  if (!limit.ok) throw new UsageError(limit.message);
  const maxLength = limit.max;

  requireOneEnvironment(values, 'botform review compares one environment');
  const head = await environmentsForCommand(values, values.config, io);
  if (!head) return EXIT.problems;
  const headSide = await compileSide(head);
  if (!headSide.side) {
    printProblems(headSide.errors, io);
    io.stderr.write('botform review: the head does not compile; fix it first.\n');
    return EXIT.problems;
  }
  let checkout: Awaited<ReturnType<typeof checkoutBase>>;
  try {
    checkout = await checkoutBase(values.base, io.cwd);
  } catch (error) {
    if (error instanceof BaseError) {
      io.stderr.write(`botform review: ${error.message}\n`);
      return EXIT.toolFailure;
    }
    throw error;
  }
  try {
    const baseProject = await projectForFlags(values, undefined, { ...io, cwd: checkout.dir });
    const baseSide = baseProject.diagnostics.some((d) => d.severity === 'error')
      ? { errors: baseProject.diagnostics }
      : await compileSide(baseProject);
    const suite = await readSuiteFiles({ cwd: io.cwd, config: head.cfg.config, testInputs: [] });
    const review = reviewChange(baseSide.side, headSide.side, suite.files);
    if (!baseSide.side)
      review.notes.unshift(
        `The base (${checkout.label}) does not compile (${baseSide.errors.filter((d) => d.severity === 'error').length} errors): what can be said against the head is said, every transition counts as new.`,
      );
    if (checkout.dirty)
      review.notes.push('The head is the working tree, with uncommitted changes.');
    const { covered, total } = review.patchCoverage;
    const percent = total === 0 ? 100 : (covered / total) * 100;
    const failure =
      minimum !== undefined && percent < minimum
        ? `patch coverage ${percent.toFixed(1)}% is below --min-patch-coverage ${minimum}.`
        : undefined;
    const text =
      format === 'github'
        ? reviewGithub(review, failure)
        : format === 'json'
          ? reviewJson(review)
          : format === 'markdown'
            ? reviewMarkdown(review, maxLength)
            : reviewText(review);
    if (values.out !== undefined) await writeFileAtomic(path.resolve(io.cwd, values.out), text);
    else io.stdout.write(text);
    if (failure) {
      io.stderr.write(`botform review: ${failure}\n`);
      return EXIT.problems;
    }
    return EXIT.ok;
  } finally {
    checkout.cleanup();
  }
}
