// `botform test [paths...]`: runs conversation tests (*.test.yaml) locally on the runtime, with
// transition coverage. Prints the report; the work is in conversations/.
import path from 'node:path';
import { readFile } from 'node:fs/promises';
import { writeFileAtomic } from '../../write-file-atomic.js';
import {
  observeSuite,
  updateDiff,
  updateTestFile,
  type PreparedSuite,
  prepareSuite,
  readSuiteFiles,
  startReadingSuite,
  runSuiteLocally,
  suiteCoverage,
  writeCoverageReports,
  COVERAGE_REPORTS,
  isCoverageReport,
  checkFilter,
  selectTests,
  type CoverageReport,
  type TestFilter,
} from '../../conversations/index.js';
import { paletteFor, useColor } from '../../render/colors.js';
import { testRunVerdict } from '../../conversations/verdict.js';
import {
  isTestFormat,
  TEST_FORMATS,
  TEST_FORMATTERS,
  type TestRunReport,
} from '../../render/tests/index.js';
import { parseCommandArgs } from '../args.js';
import { EXIT, UsageError, type CliIo } from '../io.js';
import { inChangeFor } from '../review-lines.js';
import { LIVE_HELP } from '../test-live-help.js';
import { selectedOrFirst, stringVariables } from '../../compile/project.js';
import type { Diagnostic } from '../../diagnostics/types.js';
import { plural } from '../../plural.js';
import { compileWithoutDigest, withScenarioDigest } from '../compile-for-command.js';
import {
  ENVIRONMENT_HELP,
  ONE_ENVIRONMENT_OPTIONS,
  printProblems,
  projectForFlags,
  requireOneEnvironment,
} from '../environment-flags.js';
import { environmentTarget, sendsEnvironmentCredentials } from '../../deploy/target.js';
import { analyzeFeasibility } from '../../solve/feasibility.js';

const HELP = `Usage: botform test [paths...] [options]
       botform test generate [--out DIR]     write tests to every feasible transition (see --help)

Runs conversation tests (*.test.yaml) against the scenario on the local runtime: no network.
Paths may be test files, folders or globs; without paths, the config's \`tests:\` globs are used
(default tests/**/*.test.yaml). See docs/testing.md.

Options:
  -f, --format <stylish|json|junit|github|summary>
                                            output format (default: stylish); summary is markdown
                                            for $GITHUB_STEP_SUMMARY
  -s, --scenario <path>                     the scenario (default: the config's \`scenario:\`)
  -c, --config <file>                       config file (default: botform.config.yaml)
      --coverage                            report transition coverage and write reports
      --coverage-dir <dir>                  where reports go (default: coverage/ in the project)
      --coverage-reporter <list>            comma-separated: ${COVERAGE_REPORTS.join(', ')} (default: all)
      --min-coverage <N>                    fail below N% of transitions walked (implies --coverage)
      --update                              rewrite failing bot-turn expectations (step, says,
                                            buttons) from what the bot now does, printing a diff
      --check                               with --update: write nothing; exit 1 if it would change
  -g, --grep <pattern>                      run only the tests whose name matches (RE2 syntax)
  -t, --tag <name>                          run only the tests with this tag (repeatable, or a,b)
      --bail                                stop at the first failed test (the rest: skipped)
      --changed-since <ref>                 run only the tests the change since <ref> touches
                                            (a git ref or a folder; docs/review.md), and in the
                                            github format show failures on changed lines first
  -h, --help                                show this help
${ENVIRONMENT_HELP.replace(/.*--all-envs.*\n/, '')}${LIVE_HELP}
Exit codes: 0 all tests passed, 1 a test failed, a test file is invalid or coverage is below the
minimum, 2 botform itself failed or was misused.
`;

export async function testCommand(argv: string[], io: CliIo): Promise<number> {
  // The live runner, test generation and the base checkout are loaded only when used: a local
  // run starts faster without them.
  if (argv[0] === 'generate')
    return (await import('./test-generate.js')).testGenerateCommand(argv.slice(1), io);
  const { values, positionals } = parseCommandArgs(argv, {
    format: { type: 'string', short: 'f' },
    scenario: { type: 'string', short: 's' },
    config: { type: 'string', short: 'c' },
    coverage: { type: 'boolean' },
    'coverage-dir': { type: 'string' },
    'coverage-reporter': { type: 'string' },
    'min-coverage': { type: 'string' },
    update: { type: 'boolean' },
    check: { type: 'boolean' },
    grep: { type: 'string', short: 'g' },
    tag: { type: 'string', short: 't', multiple: true },
    bail: { type: 'boolean' },
    help: { type: 'boolean', short: 'h' },
    'changed-since': { type: 'string' },
    live: { type: 'boolean' },
    api: { type: 'string' },
    shop: { type: 'string' },
    concurrency: { type: 'string' },
    'turn-timeout': { type: 'string' },
    'webhook-port': { type: 'string' },
    'allow-drift': { type: 'boolean' },
    ...ONE_ENVIRONMENT_OPTIONS,
  });
  if (values.help) {
    io.stdout.write(HELP);
    return EXIT.ok;
  }
  const format = values.format ?? 'stylish';
  if (!isTestFormat(format))
    throw new UsageError(`unknown format "${format}"; use one of ${TEST_FORMATS.join(', ')}.`);
  const minimum = values['min-coverage'] === undefined ? undefined : Number(values['min-coverage']);
  if (minimum !== undefined && (!Number.isFinite(minimum) || minimum < 0 || minimum > 100))
    throw new UsageError('--min-coverage takes a percentage from 0 to 100.');
  const reporters = (values['coverage-reporter'] ?? COVERAGE_REPORTS.join(','))
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
  for (const r of reporters)
    if (!isCoverageReport(r))
      throw new UsageError(`unknown coverage reporter "${r}"; use ${COVERAGE_REPORTS.join(', ')}.`);
  const filter: TestFilter = {
    ...(values.grep !== undefined ? { grep: values.grep } : {}),
    ...(values.tag
      ? {
          tags: values.tag.flatMap((t) =>
            t
              .split(',')
              .map((s) => s.trim())
              .filter(Boolean),
          ),
        }
      : {}),
  };
  const filterCheck = checkFilter(filter);
  if (!filterCheck.ok) throw new UsageError(filterCheck.message);
  const withCoverage =
    values.coverage === true || minimum !== undefined || values['coverage-dir'] !== undefined;
  if (values.live && withCoverage)
    throw new UsageError(
      'coverage is measured by local runs; run `botform test --coverage` without --live.',
    );
  if (
    !values.live &&
    (values.api ??
      values.shop ??
      values.concurrency ??
      values['turn-timeout'] ??
      values['webhook-port'] ??
      values['allow-drift']) !== undefined
  ) {
    throw new UsageError(
      '--api, --shop, --concurrency, --turn-timeout, --webhook-port and --allow-drift are options of --live.',
    );
  }

  if (values.check && !values.update) throw new UsageError('--check goes with --update.');
  if (values.update && values.live)
    throw new UsageError('--update rewrites from local runs; run it without --live.');
  if (values.update && format !== 'stylish')
    throw new UsageError('--update prints a diff: use it with the default format.');

  const palette = paletteFor(useColor(io.env, io.stdout.isTTY));
  // The scenario is compiled as validate compiles it for one environment: ${var.NAME} filled in
  // from the environment (--env; else the config's first one), its scenario and staging URLs.
  requireOneEnvironment(values, 'botform test runs one environment at a time');
  const project = await projectForFlags(values, values.config, io);
  // Problems of the config and its environments stop the run, in the report's format.
  if (project.diagnostics.some((d) => d.severity === 'error')) {
    io.stdout.write(
      TEST_FORMATTERS[format]({ results: [], diagnostics: project.diagnostics }, { palette }),
    );
    return EXIT.problems;
  }
  printProblems(project.diagnostics, io);
  const config = project.cfg.config;
  const environment = selectedOrFirst(project);
  if (environment && values.env === undefined)
    io.stderr.write(
      `Testing environment "${environment.name}" (the first in the config; choose one with --env).\n`,
    );
  const live = values.live === true;
  // The environment's own credentials must be set only when they are the ones sent: to its API.
  const realApi =
    live && environment !== undefined && sendsEnvironmentCredentials(environment, values, io.env);
  // Test files are read (in a worker, when large) while the scenario compiles: the reading is
  // started first, since the compile holds the main thread until it is done.
  const { suite: reading } = await startReadingSuite({
    cwd: io.cwd,
    config,
    testInputs: positionals,
  });
  // Scenario errors belong in the test report (its format), like a test file's own problems.
  // A local run sends nothing: it needs no secret values; a live one does.
  const scenarioProblems: Diagnostic[] = [];
  // No digest: only a live run's drift guard (a plan) needs one, and it reads every file again.
  const compiled = await compileWithoutDigest(
    values.scenario ? [values.scenario] : [],
    project,
    environment,
    io,
    {
      realApi,
      secretValues: live,
      // A counterexample of a team rule is a test: the rules are validate's to report.
      teamRules: false,
      report: (diagnostics) =>
        scenarioProblems.push(...diagnostics.filter((d) => d.severity === 'error')),
    },
  );
  const inChange = await inChangeFor(values['changed-since'], format, io);
  const options = { palette, ...(inChange ? { inChange } : {}) };
  if (!compiled) {
    io.stdout.write(
      TEST_FORMATTERS[format]({ results: [], diagnostics: scenarioProblems }, options),
    );
    return EXIT.problems;
  }
  const variables = stringVariables(project, environment);
  let checked = prepareSuite(await reading, compiled, variables);
  if (values.update && !checked.diagnostics.some((d) => d.severity === 'error')) {
    const changed = await updateExpectations(checked, io, values.check === true);
    if (values.check) return changed ? EXIT.problems : EXIT.ok;
    if (changed)
      checked = prepareSuite(
        await readSuiteFiles({ cwd: io.cwd, config, testInputs: positionals }),
        compiled,
        variables,
      );
  }
  const since = values['changed-since'];
  if (since !== undefined && !checked.diagnostics.some((d) => d.severity === 'error')) {
    const { BaseError, testsTouchedSince } = await import('../base-checkout.js');
    let touched: Set<string>;
    try {
      touched = await testsTouchedSince(
        since,
        { scenario: compiled.scenario, locators: compiled.locators },
        checked.files,
        values,
        io,
      );
    } catch (error) {
      if (!(error instanceof BaseError)) throw error;
      io.stderr.write(`botform test: ${error.message}\n`);
      return EXIT.toolFailure;
    }
    const all = checked.files.reduce((n, f) => n + f.tests.length, 0);
    io.stderr.write(
      `Changed since ${since}: ${plural(touched.size, 'test')} of ${all} touch the change; ${all - touched.size} not run.\n`,
    );
    if (touched.size === 0) {
      io.stdout.write(TEST_FORMATTERS[format]({ results: [], diagnostics: [] }, options));
      return EXIT.ok;
    }
    filter.only = touched;
  }
  // Every file is checked; only the chosen tests run.
  const chosen = selectTests(checked.files, filter);
  const suite = { ...checked, files: chosen.files };
  const report: TestRunReport = {
    results: [],
    diagnostics: suite.diagnostics,
    ...(chosen.unselected > 0 ? { unselected: chosen.unselected } : {}),
  };
  const blocked = suite.diagnostics.some((d) => d.severity === 'error');
  if (!blocked) {
    if (values.live) {
      const { runLiveTests } = await import('../test-live.js');
      const target = environment ? { environment: environmentTarget(environment) } : {};
      const drift = {
        compiled: await withScenarioDigest(compiled, environment, io),
        environment: environment?.name,
      };
      report.results = (await runLiveTests(suite, { ...values, ...target }, io, drift)).results;
    } else report.results = runSuiteLocally(suite, undefined, { bail: values.bail === true });
    if (withCoverage) {
      const coverage = suiteCoverage(suite, report.results, io.cwd, config.dir);
      const dir = path.resolve(io.cwd, values['coverage-dir'] ?? path.join(config.dir, 'coverage'));
      await writeCoverageReports(
        coverage.map,
        coverage.model.data,
        dir,
        config.dir,
        reporters as CoverageReport[],
      );
      const unwalked = coverage.model.data.transitions.filter((t) => t.hits === 0);
      const proofs = analyzeFeasibility(suite.scenario.scenario).infeasible;
      const infeasible = unwalked.flatMap((t) => {
        const proof = proofs.get(t.id);
        return proof ? [{ ...t, reason: proof.reason }] : [];
      });
      report.coverage = {
        totals: coverage.totals,
        unwalked,
        ...(infeasible.length > 0 ? { infeasible } : {}),
        ...(minimum !== undefined ? { minimum } : {}),
      };
    }
  }
  // One verdict, the exit code's, stated by every format.
  report.verdict = testRunVerdict(report);
  io.stdout.write(TEST_FORMATTERS[format](report, options));
  return report.verdict.ok ? EXIT.ok : EXIT.problems;
}

/**
 * `--update`: rewrites failing step/says/buttons expectations in the test files (or, with
 * `check`, only says what it would), printing a diff. Whether anything changed (or would).
 */
async function updateExpectations(
  suite: PreparedSuite,
  io: CliIo,
  check: boolean,
): Promise<boolean> {
  const observed = observeSuite(suite);
  let expectations = 0;
  let files = 0;
  const notes: string[] = [];
  for (const file of suite.files) {
    const text = await readFile(path.resolve(io.cwd, file.file), 'utf8');
    const update = updateTestFile(file.file, text, observed.get(file.file) ?? []);
    for (const k of update.kept) {
      const at = file.locator.locate(k.path, 'value');
      notes.push(`  ${file.file}:${at.line}:${at.column}  ${k.message}`);
    }
    if (update.refused) notes.push(`  ${file.file}: not updated: ${update.refused}.`);
    if (update.after === update.before) continue;
    io.stdout.write(updateDiff(update));
    expectations += update.changed;
    files++;
    if (!check) await writeFileAtomic(path.resolve(io.cwd, file.file), update.after);
  }
  if (notes.length > 0)
    io.stdout.write(`Not updated (only step, says and buttons are):\n${notes.join('\n')}\n`);
  const counted = `${expectations} expectation${expectations === 1 ? '' : 's'} in ${files} file${files === 1 ? '' : 's'}`;
  io.stdout.write(
    files === 0
      ? 'No expectations to update.\n'
      : check
        ? `Would update ${counted}.\n`
        : `Updated ${counted}.\n\n`,
  );
  return files > 0;
}
