// `botform validate [paths...]`: load, schema-check and graph-check a scenario; print problems.
import path from 'node:path';
import { countBySeverity } from '../../diagnostics/make.js';
import type { Diagnostic, Severity } from '../../diagnostics/types.js';
import { diagnosticsVerdict, failsAt, SEVERITIES } from '../../diagnostics/verdict.js';
import { paletteFor, useColor } from '../../render/colors.js';
import {
  DIAGNOSTIC_FORMATS,
  DIAGNOSTIC_FORMATTERS,
  isDiagnosticFormat,
} from '../../render/diagnostics/index.js';
import { parseCommandArgs } from '../args.js';
import { EXIT, UsageError, type CliIo } from '../io.js';
import { writeFileAtomic } from '../../write-file-atomic.js';
import { packageMeta } from '../../package-meta.js';
import { compileEnvironments } from '../../compile/project.js';
import { sortDiagnostics, uniqueDiagnostics } from '../../diagnostics/make.js';
import { requireInputs } from '../compile-for-command.js';
import { writeCounterexamples } from '../counterexamples.js';
import { ENVIRONMENT_OPTIONS, projectForFlags } from '../environment-flags.js';
import { plural } from '../../plural.js';
import { CHANGED_SINCE_HELP, inChangeFor } from '../review-lines.js';

const HELP = `Usage: botform validate [paths...] [options]

Checks scenario files: YAML syntax, the JSON Schemas, and the scenario graph.
Paths may be files, directories or globs; without paths, the config's \`scenario:\` is used.

Options:
  -f, --format <f>                    stylish (default), json, github (annotations), sarif (code
                                      scanning), junit, summary (markdown for $GITHUB_STEP_SUMMARY)
  -o, --output <file>                 write the report in --format to a file, and print stylish too
  -c, --config <file>                 config file (default: botform.config.yaml)
      --fail-on <error|warning|info>  lowest severity that fails the run (default: error)
  -q, --quiet                         print nothing when there are no problems
      --counterexamples <dir>         write each team rule's violations as conversation tests
                                      (<dir>/<rule id>.test.yaml; docs/rules.md)
${CHANGED_SINCE_HELP}  -e, --env <name|pattern>            check only these environments (default: every environment
                                      of botform.config.yaml, with its variables)
      --var <NAME=value>, --var-file <file>   variables, as for "botform plan"
  -h, --help                          show this help

Exit codes: 0 valid, 1 problems found, 2 botform itself failed or was misused.
`;

export async function validateCommand(argv: string[], io: CliIo): Promise<number> {
  const { values, positionals } = parseCliArgs(argv);
  if (values.help) {
    io.stdout.write(HELP);
    return EXIT.ok;
  }
  const format = values.format ?? 'stylish';
  if (!isDiagnosticFormat(format))
    throw new UsageError(
      `unknown format "${format}"; use one of ${DIAGNOSTIC_FORMATS.join(', ')}.`,
    );
  const started = performance.now();
  const failOn = (values['fail-on'] ?? 'error') as Severity;
  if (!SEVERITIES.includes(failOn))
    throw new UsageError(`--fail-on must be error, warning or info.`);

  // Every environment is checked unless --env/--all-envs narrows it, each with its variables.
  const project = await projectForFlags(values, values.config, io);
  let diagnostics: Diagnostic[] = project.diagnostics;
  let summary = '';
  if (!diagnostics.some((d) => d.severity === 'error')) {
    const envs = values.env !== undefined || values['all-envs'] ? project.selected : project.all;
    for (const env of envs.length > 0 ? envs : [undefined])
      requireInputs(project, env, positionals);
    const checked = await compileEnvironments(project, envs, positionals);
    diagnostics = sortDiagnostics(uniqueDiagnostics([...diagnostics, ...checked.diagnostics]));
    // Only a scenario that compiles has paths to write; otherwise nothing is written.
    const compiles = checked.compiles.filter(
      (c) => !c.diagnostics.some((d) => d.severity === 'error' && d.code !== 'rule-violation'),
    );
    if (values.counterexamples !== undefined && compiles.length > 0)
      if (!(await writeCounterexamples(values.counterexamples, compiles, io))) return EXIT.problems;
    const result = checked.compiles[0] as (typeof checked.compiles)[number];
    const buttons = [...result.scenario.steps.values()].reduce((n, s) => n + s.menu.length, 0);
    const forEnvs = envs.length > 0 ? ` for ${plural(envs.length, 'environment')}` : '';
    summary = `${plural(result.scenario.steps.size, 'step')}, ${plural(buttons, 'button')} in ${plural(result.files.length, 'file')}${forEnvs}`;
  }

  const failing = diagnostics.filter((d) => failsAt(d.severity, failOn));
  // One verdict, the exit code's, stated by every format.
  const report = {
    toolVersion: packageMeta().version,
    failOn,
    verdict: diagnosticsVerdict(diagnostics, failOn),
    durationMs: performance.now() - started,
  };
  const inChange = await inChangeFor(values['changed-since'], format, io);
  if (values.output !== undefined) {
    // The report goes to the file (uncoloured); people still read stylish on stdout.
    await writeFileAtomic(
      path.resolve(io.cwd, values.output),
      DIAGNOSTIC_FORMATTERS[format](diagnostics, {
        ...report,
        palette: paletteFor(false),
        ...(inChange ? { inChange } : {}),
      }),
    );
  }
  const shown = values.output !== undefined ? 'stylish' : format;
  const palette = paletteFor(shown === 'stylish' && useColor(io.env, io.stdout.isTTY));
  io.stdout.write(
    DIAGNOSTIC_FORMATTERS[shown](diagnostics, {
      ...report,
      palette,
      ...(inChange ? { inChange } : {}),
    }),
  );
  if (shown === 'stylish' && !(values.quiet && diagnostics.length === 0)) {
    const counts = countBySeverity(diagnostics);
    if (failing.length === 0 && summary) {
      const note = counts.warning > 0 ? ` (${plural(counts.warning, 'warning')})` : '';
      io.stdout.write(`${palette.green('✔')} Valid: ${summary}${note}.\n`);
    }
  }
  return failing.length > 0 ? EXIT.problems : EXIT.ok;
}

function parseCliArgs(argv: string[]) {
  return parseCommandArgs(argv, {
    format: { type: 'string', short: 'f' },
    output: { type: 'string', short: 'o' },
    config: { type: 'string', short: 'c' },
    'fail-on': { type: 'string' },
    quiet: { type: 'boolean', short: 'q' },
    counterexamples: { type: 'string' },
    'changed-since': { type: 'string' },
    help: { type: 'boolean', short: 'h' },
    ...ENVIRONMENT_OPTIONS,
  });
}
