// botform as a team installs it: `npm pack` of this repository, and a project that installs the
// tarball the way the scaffold's CI does (`npm ci` from a lockfile), from npm's cache only.
//
// The lockfile is this repository's, cut to botform's runtime dependencies (the same versions
// `npm ci` put into node_modules here, so every tarball is in npm's cache and nothing is
// downloaded), plus botform itself from the tarball. Install scripts are skipped and the one
// native addon, better-sqlite3's, is copied from this repository's node_modules: building it again
// from source costs ~2.5 minutes of compiling on this machine, and it is the same build for the
// same Node.js (docs/install.md says which versions are supported and checked). To run this test
// on another Node.js, set BOTFORM_PACKAGE_TEST_ADDON to a better_sqlite3.node built for it.
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { REPO } from '../helpers/fixtures.js';

interface LockEntry {
  version?: string;
  dev?: boolean;
  devOptional?: boolean;
  link?: boolean;
  [field: string]: unknown;
}

export interface Installed {
  /** The temp folder holding the tarball and the project. */
  root: string;
  tarball: string;
  /** The user's project, with botform in node_modules. */
  project: string;
}

/** Packs botform (dist/ as `npm run build` left it) and installs it into a new project. */
export function packAndInstall(): Installed {
  const root = mkdtempSync(path.join(tmpdir(), 'botform-package-'));
  const name = execFileSync(
    'npm',
    ['pack', '--ignore-scripts', '--silent', '--pack-destination', root],
    { cwd: REPO, encoding: 'utf8', env: npmEnv() },
  ).trim();
  const tarball = path.join(root, name);
  const project = path.join(root, 'shop-bot');
  mkdirSync(project);
  const spec = `file:../${name}`;
  const pkg = JSON.parse(readFileSync(path.join(REPO, 'package.json'), 'utf8')) as {
    version: string;
    license: string;
    engines: Record<string, string>;
    dependencies: Record<string, string>;
  };
  const lock = JSON.parse(readFileSync(path.join(REPO, 'package-lock.json'), 'utf8')) as {
    packages: Record<string, LockEntry>;
  };
  const packages: Record<string, LockEntry> = {
    '': { name: 'shop-bot', devDependencies: { botform: spec } },
    'node_modules/botform': {
      version: pkg.version,
      resolved: spec,
      integrity: `sha512-${createHash('sha512').update(readFileSync(tarball)).digest('base64')}`,
      dev: true,
      license: pkg.license,
      dependencies: pkg.dependencies,
      bin: { botform: 'bin/botform.js' },
      engines: pkg.engines,
    },
  };
  for (const [at, entry] of Object.entries(lock.packages)) {
    if (at === '' || entry.dev || entry.link) continue;
    const { devOptional: _, ...rest } = entry;
    packages[at] = { ...rest, dev: true };
  }
  writeFileSync(
    path.join(project, 'package.json'),
    `${JSON.stringify({ name: 'shop-bot', private: true, devDependencies: { botform: spec } }, null, 2)}\n`,
  );
  writeFileSync(
    path.join(project, 'package-lock.json'),
    `${JSON.stringify({ name: 'shop-bot', lockfileVersion: 3, requires: true, packages }, null, 2)}\n`,
  );
  execFileSync('npm', ['ci', '--offline', '--ignore-scripts', '--no-audit', '--no-fund'], {
    cwd: project,
    stdio: 'pipe',
    env: npmEnv(),
  });
  const addon = path.join('node_modules', 'better-sqlite3', 'build', 'Release');
  mkdirSync(path.join(project, addon), { recursive: true });
  copyFileSync(
    process.env.BOTFORM_PACKAGE_TEST_ADDON ?? path.join(REPO, addon, 'better_sqlite3.node'),
    path.join(project, addon, 'better_sqlite3.node'),
  );
  return { root, tarball, project };
}

/** The shell a user's terminal has: no botform or HighTouch settings from the test's own. */
export function npmEnv(): Record<string, string> {
  const env: Record<string, string> = {};
  for (const [k, v] of Object.entries(process.env))
    if (v !== undefined && !/^(HIGHTOUCH_|BOTFORM_|npm_|VITEST|NODE_OPTIONS)/i.test(k)) env[k] = v;
  return { ...env, NO_COLOR: '1' };
}
