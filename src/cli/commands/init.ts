// `botform init [dir]`: scaffolds a bot repository — config with staging and production, an
// example scenario, schema modelines, a .gitignore that keeps .botform/ out of git, and the CI
// workflow. It never overwrites: an existing file is kept and reported.
import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import {
  configTemplate,
  GITHUB_WORKFLOW,
  GITIGNORE,
  README,
  scenarioTemplate,
  testTemplate,
} from '../../init/templates.js';
import { SCHEMA_DIR } from '../../validate/schemas.js';
import { parseCommandArgs } from '../args.js';
import { EXIT, UsageError, type CliIo } from '../io.js';
import { plural } from '../../plural.js';

const HELP = `Usage: botform init [dir]

Scaffolds a bot repository in dir (default: the current folder): botform.config.yaml with a
staging and a production environment, scenarios/main.yaml, tests/main.test.yaml, .gitignore, README.md and
.github/workflows/botform.yml. Existing files are never overwritten.

Options:
  -h, --help                show this help
`;

export async function initCommand(argv: string[], io: CliIo): Promise<number> {
  const { values, positionals } = parseCommandArgs(argv, { help: { type: 'boolean', short: 'h' } });
  if (values.help) {
    io.stdout.write(HELP);
    return EXIT.ok;
  }
  if (positionals.length > 1) throw new UsageError('init takes at most one folder.');
  const root = path.resolve(io.cwd, positionals[0] ?? '.');
  const schemasFrom = (dir: string) => {
    const rel = path.relative(dir, SCHEMA_DIR).split(path.sep).join('/').replace(/\/$/, '');
    return rel === '' ? '.' : rel;
  };
  const files: [string, string][] = [
    ['botform.config.yaml', configTemplate(schemasFrom(root))],
    ['scenarios/main.yaml', scenarioTemplate(schemasFrom(path.join(root, 'scenarios')))],
    ['tests/main.test.yaml', testTemplate(schemasFrom(path.join(root, 'tests')))],
    ['.gitignore', GITIGNORE],
    ['README.md', README],
    ['.github/workflows/botform.yml', GITHUB_WORKFLOW],
  ];
  let kept = 0;
  for (const [name, content] of files) {
    const file = path.join(root, name);
    await mkdir(path.dirname(file), { recursive: true });
    try {
      // 'wx': fails when the file exists, so nothing is ever overwritten, even in a race.
      await writeFile(file, content, { flag: 'wx' });
      io.stdout.write(`  created  ${name}\n`);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST')
        throw new UsageError(`cannot write ${name}: ${(error as Error).message}`);
      kept++;
      io.stdout.write(`  kept     ${name} (exists; not overwritten)\n`);
    }
  }
  io.stdout.write(
    `\n${kept > 0 ? `${plural(kept, 'existing file was', 'existing files were')} kept. ` : ''}Next:\n  botform validate\n  botform test\n  botform plan --all-envs\n  botform apply --env staging --auto-approve\n`,
  );
  return EXIT.ok;
}
