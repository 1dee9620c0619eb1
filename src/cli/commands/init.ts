// `botform init [dir]`: scaffolds a bot repository — config with staging and production, an
// example scenario and test, schema modelines through the installed package
// (node_modules/botform/schemas), botform as a development dependency in package.json, a
// .gitignore, and the CI workflow. It never overwrites a file without --force: an existing file
// is kept and reported; package.json and .gitignore are merged into (botform's entries added,
// nothing else touched). Everything is checked before the first write, and a write that fails
// anyway takes back what this run wrote, so a failed init leaves the folder as it was.
import { mkdir, readdir, readFile, rmdir, stat, unlink, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { mergeGitignore, mergePackageJson, scaffoldFiles } from '../../init/scaffold.js';
import { packageMeta } from '../../package-meta.js';
import { plural } from '../../plural.js';
import { writeFileAtomic } from '../../write-file-atomic.js';
import { parseCommandArgs } from '../args.js';
import { EXIT, UsageError, type CliIo } from '../io.js';

const HELP = `Usage: botform init [dir] [--force]

Scaffolds a bot repository in dir (default: the current folder): botform.config.yaml with a
staging and a production environment, scenarios/main.yaml, tests/main.test.yaml, README.md,
.github/workflows/botform.yml; botform as a devDependency in package.json (added to an existing
one, nothing else changed) and .botform/, coverage/ and node_modules/ in .gitignore (appended to
an existing one). Existing files are kept unless --force; then install with \`npm install\`.

Options:
  -f, --force               overwrite the files init writes whole (not package.json, .gitignore)
  -h, --help                show this help
`;

type Action =
  | { kind: 'create'; name: string; text: string }
  | { kind: 'replace'; name: string; text: string; before: string }
  | { kind: 'keep'; name: string; why: string };

export async function initCommand(argv: string[], io: CliIo): Promise<number> {
  const { values, positionals } = parseCommandArgs(argv, {
    help: { type: 'boolean', short: 'h' },
    force: { type: 'boolean', short: 'f' },
  });
  if (values.help) {
    io.stdout.write(HELP);
    return EXIT.ok;
  }
  if (positionals.length > 1) throw new UsageError('init takes at most one folder.');
  const shown = positionals[0] ?? '.';
  const root = path.resolve(io.cwd, shown);
  const force = values.force === true;

  const rootKind = await kindOf(root);
  if (rootKind !== 'missing' && rootKind !== 'dir')
    throw new UsageError(`cannot scaffold into ${shown}: it is not a folder.`);

  // Decide every file first; a problem found here writes nothing.
  const actions: Action[] = [];
  for (const [name, text] of scaffoldFiles()) {
    const file = path.join(root, name);
    const kind = await kindOf(file);
    if (kind === 'missing') actions.push({ kind: 'create', name, text });
    else if (kind !== 'file')
      throw new UsageError(
        `cannot write ${name}: it exists and is not a file. Nothing was written.`,
      );
    else if (!force) actions.push({ kind: 'keep', name, why: 'exists; --force overwrites it' });
    else {
      const before = await readFile(file, 'utf8');
      actions.push(
        before === text
          ? { kind: 'keep', name, why: 'unchanged' }
          : { kind: 'replace', name, text, before },
      );
    }
  }
  const pkgBefore = await readIfFile(root, 'package.json');
  const pkg = mergePackageJson(pkgBefore, path.basename(root), packageMeta().version);
  if (!pkg.ok) throw new UsageError(`cannot add botform to ${pkg.message}. Nothing was written.`);
  actions.push(merged('package.json', pkgBefore, pkg.text, 'botform is already a dependency'));
  const ignoreBefore = await readIfFile(root, '.gitignore');
  actions.push(
    merged('.gitignore', ignoreBefore, mergeGitignore(ignoreBefore), "has botform's lines"),
  );
  for (const action of actions) {
    if (action.kind === 'keep') continue;
    for (let dir = path.dirname(action.name); dir !== '.'; dir = path.dirname(dir)) {
      const kind = await kindOf(path.join(root, dir));
      if (kind !== 'missing' && kind !== 'dir')
        throw new UsageError(
          `cannot write ${action.name}: ${dir} exists and is not a folder. Nothing was written.`,
        );
    }
  }

  await apply(root, actions);

  for (const action of actions) {
    const verb = action.kind === 'create' ? 'created' : action.kind === 'keep' ? 'kept' : 'updated';
    const why = action.kind === 'keep' ? ` (${action.why})` : '';
    io.stdout.write(`  ${verb.padEnd(8)} ${action.name}${why}\n`);
  }
  const kept = actions.filter((a) => a.kind === 'keep' && a.why.startsWith('exists')).length;
  const pkgChanged = actions.some((a) => a.name === 'package.json' && a.kind !== 'keep');
  const next = [
    ...(shown === '.' ? [] : [`cd ${shown}`]),
    ...(pkgChanged ? ['npm install                  # botform, from package.json'] : []),
    'npx botform validate',
    'npx botform test',
    'npx botform plan --all-envs',
    'npx botform apply --env staging --auto-approve',
  ];
  io.stdout.write(
    `\n${kept > 0 ? `${plural(kept, 'existing file was', 'existing files were')} kept. ` : ''}Next:\n${next.map((l) => `  ${l}\n`).join('')}`,
  );
  return EXIT.ok;
}

function merged(
  name: string,
  before: string | undefined,
  text: string | undefined,
  why: string,
): Action {
  if (text === undefined) return { kind: 'keep', name, why };
  return before === undefined
    ? { kind: 'create', name, text }
    : { kind: 'replace', name, text, before };
}

/**
 * Writes the actions; if one fails, the files this run created are removed, the ones it replaced
 * get their old text back and the folders it made are removed, then the error is reported.
 */
async function apply(root: string, actions: readonly Action[]): Promise<void> {
  const created: string[] = [];
  const madeDirs: string[] = [];
  const replaced: { file: string; before: string }[] = [];
  try {
    for (const action of actions) {
      if (action.kind === 'keep') continue;
      const file = path.join(root, action.name);
      const first = await mkdir(path.dirname(file), { recursive: true });
      if (first !== undefined) madeDirs.push(first);
      if (action.kind === 'create') {
        // 'wx': fails when the file appeared meanwhile, so nothing is ever overwritten.
        await writeFile(file, action.text, { flag: 'wx' });
        created.push(file);
      } else {
        await writeFileAtomic(file, action.text);
        replaced.push({ file, before: action.before });
      }
    }
  } catch (error) {
    for (const file of created) await unlink(file).catch(() => undefined);
    for (const { file, before } of replaced)
      await writeFileAtomic(file, before).catch(() => undefined);
    for (const dir of madeDirs.reverse()) await removeEmptyTree(dir);
    const name = (error as NodeJS.ErrnoException).path;
    const where = name ? path.relative(root, name) || '.' : root;
    throw new UsageError(
      `cannot write ${where}: ${describeError(error)}. Nothing was written (the folder is as it was).`,
    );
  }
}

/** Removes a folder init made, if the files this run wrote there are gone: empty folders only. */
async function removeEmptyTree(dir: string): Promise<void> {
  const entries = await readdir(dir, { withFileTypes: true }).catch(() => []);
  for (const entry of entries)
    if (entry.isDirectory()) await removeEmptyTree(path.join(dir, entry.name));
  await rmdir(dir).catch(() => undefined);
}

function describeError(error: unknown): string {
  const code = (error as NodeJS.ErrnoException).code;
  if (code === 'EACCES' || code === 'EPERM') return 'permission denied';
  if (code === 'EROFS') return 'the file system is read-only';
  if (code === 'ENOSPC') return 'no space left on the device';
  if (code === 'EEXIST') return 'it appeared while init ran';
  return (error as Error).message;
}

async function kindOf(file: string): Promise<'missing' | 'file' | 'dir' | 'other'> {
  try {
    // Through symlinks: a linked project folder or file is used as what it points to.
    const info = await stat(file);
    return info.isFile() ? 'file' : info.isDirectory() ? 'dir' : 'other';
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') return 'missing';
    if (code === 'ENOTDIR') return 'missing'; // a file on the way: the folder check names it
    throw new UsageError(`cannot read ${path.basename(file)}: ${describeError(error)}.`);
  }
}

async function readIfFile(root: string, name: string): Promise<string | undefined> {
  const kind = await kindOf(path.join(root, name));
  if (kind === 'missing') return undefined;
  if (kind !== 'file') throw new UsageError(`cannot merge into ${name}: it is not a file.`);
  return readFile(path.join(root, name), 'utf8');
}
