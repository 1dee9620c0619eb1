// What `botform init` writes, decided without touching the disk: the new files, and the merges
// into a package.json and a .gitignore that already exist (botform added, nothing else changed).
// The command (cli/commands/init.ts) checks the folder, then writes.
import path from 'node:path';
import {
  configTemplate,
  GITHUB_WORKFLOW,
  README,
  scenarioTemplate,
  testTemplate,
} from './templates.js';

/** Where an installed botform's schemas are, from the project's root (forward slashes). */
const INSTALLED_SCHEMAS = 'node_modules/botform/schemas';

/** The path from the folder of `file` (relative to the project) to the installed schemas. */
function schemasFrom(file: string): string {
  return path.posix.relative(path.posix.dirname(file), INSTALLED_SCHEMAS);
}

/** The files init writes whole (never merged), by path relative to the project. */
export function scaffoldFiles(): [string, string][] {
  const config = 'botform.config.yaml';
  const scenario = 'scenarios/main.yaml';
  const test = 'tests/main.test.yaml';
  return [
    [config, configTemplate(schemasFrom(config))],
    [scenario, scenarioTemplate(schemasFrom(scenario))],
    [test, testTemplate(schemasFrom(test))],
    ['README.md', README],
    ['.github/workflows/botform.yml', GITHUB_WORKFLOW],
  ];
}

/** The lines a project's .gitignore needs: botform's local state, reports, installed packages. */
const GITIGNORE_LINES = ['.botform/', 'coverage/', 'node_modules/'] as const;

/**
 * The .gitignore with botform's lines: a new file, or the existing one with the lines it lacks
 * appended (an existing line is recognised with or without its slashes). undefined: nothing
 * to add.
 */
export function mergeGitignore(existing: string | undefined): string | undefined {
  if (existing === undefined)
    return `# botform's local state (apply journals, the embedded emulator's data), coverage reports.\n${GITIGNORE_LINES.join('\n')}\n`;
  const have = new Set(
    existing
      .split(/\r?\n/)
      .map((line) => line.trim().replace(/^\/+|\/+$/g, ''))
      .filter((line) => line !== '' && !line.startsWith('#')),
  );
  const missing = GITIGNORE_LINES.filter((line) => !have.has(line.replace(/\/$/, '')));
  if (missing.length === 0) return undefined;
  const eol = existing.includes('\r\n') ? '\r\n' : '\n';
  const sep = existing === '' || existing.endsWith('\n') ? '' : eol;
  return `${existing}${sep}${['# botform', ...missing].join(eol)}${eol}`;
}

export type PackageMerge = { ok: true; text: string | undefined } | { ok: false; message: string };

/**
 * package.json with botform as a development dependency: a new one (named after the folder), or
 * the existing one with `devDependencies.botform` added — every other field, the key order and
 * the indentation kept. `text: undefined`: botform is already a dependency, nothing to change.
 */
export function mergePackageJson(
  existing: string | undefined,
  folderName: string,
  version: string,
): PackageMerge {
  const range = `^${version}`;
  if (existing === undefined) {
    const pkg = {
      name: packageName(folderName),
      private: true,
      scripts: { validate: 'botform validate', test: 'botform test' },
      devDependencies: { botform: range },
    };
    return { ok: true, text: `${JSON.stringify(pkg, null, 2)}\n` };
  }
  let pkg: unknown;
  try {
    pkg = JSON.parse(existing.replace(/^\uFEFF/, ''));
  } catch (error) {
    return { ok: false, message: `package.json is not valid JSON (${(error as Error).message})` };
  }
  if (pkg === null || typeof pkg !== 'object' || Array.isArray(pkg))
    return { ok: false, message: 'package.json does not hold an object' };
  const fields = pkg as Record<string, unknown>;
  for (const key of ['dependencies', 'devDependencies'] as const) {
    const deps = fields[key];
    if (deps !== undefined && (deps === null || typeof deps !== 'object' || Array.isArray(deps)))
      return { ok: false, message: `package.json's ${key} is not an object` };
    if (deps && Object.hasOwn(deps, 'botform')) return { ok: true, text: undefined };
  }
  const dev = { ...((fields.devDependencies as Record<string, unknown> | undefined) ?? {}) };
  dev.botform = range;
  // npm keeps dependencies sorted; so does this.
  const sorted = Object.fromEntries(Object.entries(dev).sort(([a], [b]) => (a < b ? -1 : 1)));
  const merged = { ...fields, devDependencies: sorted };
  const indent = /^[{[]\r?\n([ \t]+)/.exec(existing)?.[1] ?? '  ';
  const eol = existing.includes('\r\n') ? '\r\n' : '\n';
  const text = JSON.stringify(merged, null, indent).replace(/\n/g, eol);
  return { ok: true, text: `${text}${eol}` };
}

/** A valid npm package name from a folder's name. */
function packageName(folder: string): string {
  const name = folder
    .toLowerCase()
    .replace(/[^a-z0-9._-]+/g, '-')
    .replace(/^[._-]+|-+$/g, '')
    .slice(0, 214);
  return name === '' ? 'bot' : name;
}
