// The base of a review: a folder holding the base project, or a git ref whose tree is written
// to a temporary folder (`git archive`, nothing in the working copy touched). A ref git does not
// know is said plainly — in a shallow clone, with what to fetch.
import { execFile, spawn } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { compileProject, selectedOrFirst, type Project } from '../compile/project.js';
import type { Diagnostic } from '../diagnostics/types.js';
import { testKey } from '../conversations/select.js';
import type { TestFile } from '../conversations/types.js';
import { reviewChange, type ReviewSide } from '../review/index.js';
import { type EnvironmentFlags, projectForFlags } from './environment-flags.js';
import type { CliIo } from './io.js';

const run = promisify(execFile);

export class BaseError extends Error {}

export interface BaseCheckout {
  /** The project's folder in the base (the same place in the tree as the current folder). */
  dir: string;
  label: string;
  /** Set when head is the working tree with uncommitted changes. */
  dirty: boolean;
  cleanup(): void;
}

export async function checkoutBase(ref: string, cwd: string): Promise<BaseCheckout> {
  const folder = path.resolve(cwd, ref);
  if (existsSync(folder) && statSync(folder).isDirectory())
    return { dir: folder, label: ref, dirty: false, cleanup: () => undefined };
  const git = async (...args: string[]) => (await run('git', args, { cwd })).stdout.trim();
  let prefix: string;
  try {
    prefix = await git('rev-parse', '--show-prefix');
  } catch {
    throw new BaseError(
      `"${ref}" is neither a folder nor a git ref: ${cwd} is not in a git repository.`,
    );
  }
  try {
    await git('rev-parse', '--verify', '--quiet', `${ref}^{commit}`);
  } catch {
    const shallow = (await git('rev-parse', '--is-shallow-repository').catch(() => '')) === 'true';
    throw new BaseError(
      shallow
        ? `git does not have "${ref}": this clone is shallow. Fetch the base first (git fetch origin ${ref} --depth=1, or fetch-depth: 0 in actions/checkout).`
        : `git does not know "${ref}" (a branch, tag or commit; in CI, fetch it first: git fetch origin ${ref}).`,
    );
  }
  const dirty = (await git('status', '--porcelain', '--', '.')) !== '';
  const tmp = mkdtempSync(path.join(tmpdir(), 'botform-review-'));
  try {
    await extract(ref, cwd, tmp);
  } catch (error) {
    rmSync(tmp, { recursive: true, force: true });
    throw new BaseError(`could not read "${ref}" from git: ${(error as Error).message}`);
  }
  return {
    dir: path.join(tmp, prefix),
    label: ref,
    dirty,
    cleanup: () => rmSync(tmp, { recursive: true, force: true }),
  };
}

/** `git archive REF | tar -x -C dir`, both as child processes with no shell. */
function extract(ref: string, cwd: string, dir: string): Promise<void> {
  return new Promise((resolve, reject) => {
    const archive = spawn('git', ['archive', '--format=tar', ref], {
      cwd,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const tar = spawn('tar', ['-x', '-C', dir], { stdio: ['pipe', 'ignore', 'pipe'] });
    let err = '';
    archive.stderr.on('data', (c: Buffer) => (err += c.toString()));
    tar.stderr.on('data', (c: Buffer) => (err += c.toString()));
    archive.stdout.pipe(tar.stdin);
    let pending = 2;
    const done = (code: number | null) => {
      if (code !== 0) reject(new Error(err.trim() || `exit ${code}`));
      else if (--pending === 0) resolve();
    };
    archive.on('error', reject);
    tar.on('error', reject);
    archive.on('close', done);
    tar.on('close', done);
  });
}

/** A version compiled for review: its scenario, or its errors (team rules left out). */
export async function compileSide(
  project: Project,
): Promise<{ side?: ReviewSide; errors: Diagnostic[] }> {
  const result = await compileProject(project, {
    environment: selectedOrFirst(project),
    teamRules: false,
  });
  const errors = result.diagnostics.filter((d) => d.severity === 'error');
  return errors.length > 0
    ? { errors }
    : { side: { scenario: result.scenario, locators: result.locators }, errors };
}

/**
 * `test --changed-since REF`: the tests (as testKey) a change since REF touches — the ones that
 * walk a new or rerouted transition, enter a changed or new step, or walked what it removed.
 */
export async function testsTouchedSince(
  ref: string,
  head: ReviewSide,
  files: readonly TestFile[],
  flags: EnvironmentFlags,
  io: CliIo,
): Promise<Set<string>> {
  const checkout = await checkoutBase(ref, io.cwd);
  try {
    const project = await projectForFlags(flags, undefined, { ...io, cwd: checkout.dir });
    const base = project.diagnostics.some((d) => d.severity === 'error')
      ? undefined
      : (await compileSide(project)).side;
    const review = reviewChange(base, head, files, { generated: false });
    return new Set(review.affectedTests.map((t) => testKey(t.file, t.name)));
  } finally {
    checkout.cleanup();
  }
}
