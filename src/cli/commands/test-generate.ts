// `botform test generate [--out DIR]`: writes conversation tests that walk every transition the
// generator can walk (testgen/), reports the ones no conversation can walk and the ones it did not
// generate. Writes nothing when the scenario has errors or a file in the way is not generated.
import { readdir, readFile, unlink } from 'node:fs/promises';
import path from 'node:path';
import { selectedOrFirst } from '../../compile/project.js';
import { paletteFor, useColor } from '../../render/colors.js';
import { stylish } from '../../render/diagnostics/stylish.js';
import { GENERATED_MARK, generateTests } from '../../testgen/index.js';
import { writeFileAtomic } from '../../write-file-atomic.js';
import { parseCommandArgs } from '../args.js';
import { requireInputs, compileForEnvironment } from '../compile-for-command.js';
import {
  ENVIRONMENT_HELP,
  ONE_ENVIRONMENT_OPTIONS,
  environmentsForCommand,
  requireOneEnvironment,
} from '../environment-flags.js';
import { EXIT, UsageError, type CliIo } from '../io.js';

const HELP = `Usage: botform test generate [options]

Writes conversation tests (*.test.yaml) that together walk every transition of the scenario
that can be walked, with the inputs, fixtures and stubs that make each one happen. Transitions no
conversation can walk are reported at their place with the reason. Generated files start with a
header that marks them; other files in the folder are never overwritten. See docs/testing.md.

Options:
  -o, --out <dir>              where the tests go (default: tests/generated/ in the project)
  -s, --scenario <path>        the scenario (default: the config's \`scenario:\`)
  -c, --config <file>          config file (default: botform.config.yaml)
  -h, --help                   show this help
${ENVIRONMENT_HELP.replace(/.*--all-envs.*\n/, '')}
Exit codes: 0 written, 1 the scenario has errors or a file in the way is not generated,
2 botform itself failed or was misused.
`;

export async function testGenerateCommand(argv: string[], io: CliIo): Promise<number> {
  const { values, positionals } = parseCommandArgs(argv, {
    out: { type: 'string', short: 'o' },
    scenario: { type: 'string', short: 's' },
    config: { type: 'string', short: 'c' },
    help: { type: 'boolean', short: 'h' },
    ...ONE_ENVIRONMENT_OPTIONS,
  });
  if (values.help) {
    io.stdout.write(HELP);
    return EXIT.ok;
  }
  if (positionals.length > 0)
    throw new UsageError(
      `unexpected argument "${positionals[0]}"; name the scenario with --scenario.`,
    );
  requireOneEnvironment(values, 'botform test generate uses one environment');
  const project = await environmentsForCommand(values, values.config, io);
  if (!project) return EXIT.problems;
  const config = project.cfg.config;
  const environment = selectedOrFirst(project);
  const scenarioPaths = values.scenario ? [values.scenario] : [];
  const compiled = await compileForEnvironment(scenarioPaths, project, environment, io, {
    realApi: false,
    secretValues: false,
  });
  if (!compiled) {
    io.stderr.write('No tests generated: the scenario has errors.\n');
    return EXIT.problems;
  }
  const from = requireInputs(project, environment, scenarioPaths)
    .map((p) => path.relative(config.dir, path.resolve(io.cwd, p)).split(path.sep).join('/') || '.')
    .join(', ');
  const out = path.resolve(io.cwd, values.out ?? path.join(config.dir, 'tests', 'generated'));
  const generation = generateTests(compiled.scenario, compiled.locators, from);
  if (generation.failing.length > 0) {
    io.stderr.write(
      `botform test generate: ${generation.failing.length} generated test(s) do not pass on the runtime (a fault of botform); nothing written:\n${generation.failing
        .map((r) => `  ${r.name}: ${r.failures.map((f) => f.message).join(' ')}`)
        .join('\n')}\n`,
    );
    return EXIT.toolFailure;
  }

  // Nothing is written unless every file in the way is one this command wrote.
  const existing = await readdir(out).catch(() => [] as string[]);
  const ours: string[] = [];
  const blocked: string[] = [];
  for (const name of existing.sort()) {
    if (!/\.test\.ya?ml$/.test(name)) continue;
    const text = await readFile(path.join(out, name), 'utf8').catch(() => '');
    if (text.startsWith(GENERATED_MARK)) ours.push(name);
    else if (generation.files.has(name)) blocked.push(name);
  }
  const shown = (name: string) => path.relative(io.cwd, path.join(out, name)) || name;
  if (blocked.length > 0) {
    io.stderr.write(
      `No tests generated: ${blocked.map((b) => `"${shown(b)}"`).join(', ')} ${blocked.length === 1 ? 'is' : 'are'} not generated (no "${GENERATED_MARK}" header) and would be overwritten. Move ${blocked.length === 1 ? 'it' : 'them'}, or choose another folder with --out.\n`,
    );
    return EXIT.problems;
  }
  for (const [name, text] of generation.files) {
    const file = path.join(out, name);
    const before = await readFile(file, 'utf8').catch(() => undefined);
    if (before !== text) await writeFileAtomic(file, text);
  }
  for (const name of ours) if (!generation.files.has(name)) await unlink(path.join(out, name));

  const palette = paletteFor(useColor(io.env, io.stdout.isTTY));
  if (generation.infeasible.length > 0)
    io.stdout.write(stylish(generation.infeasible, { palette }));
  const lines: string[] = [];
  for (const name of generation.files.keys()) lines.push(`  ${shown(name)}`);
  const pct = (n: number, d: number) => (d === 0 ? 100 : (100 * n) / d).toFixed(1);
  lines.push(
    `Generated ${generation.tests} test${generation.tests === 1 ? '' : 's'} in ${generation.files.size} file${generation.files.size === 1 ? '' : 's'} (lower bound ${generation.lowerBound}).`,
    `Transitions: ${generation.walked}/${generation.feasible} feasible walked (${pct(generation.walked, generation.feasible)}%), ${generation.total - generation.feasible} infeasible, ${generation.total} in all.`,
  );
  if (generation.notGenerated.length > 0) {
    lines.push('Not generated:');
    for (const n of generation.notGenerated)
      lines.push(`  ${palette.dim(`${n.file}:${n.line}:${n.column}`)}  ${n.id}: ${n.reason}`);
  }
  io.stdout.write(`${lines.join('\n')}\n`);
  return EXIT.ok;
}
