// Which environments a change touches, for a CI fan-out: an environment is affected when the
// config, one of its variable files, or one of its scenario files changed since a git ref
// (committed or not). Git is asked once; the rest is set arithmetic on paths.
import { execFile } from 'node:child_process';
import path from 'node:path';
import { promisify } from 'node:util';
import { isDynamicPattern } from 'tinyglobby';
import { findScenarioFiles } from '../load/find-files.js';
import type { BotformConfig } from '../config/load-config.js';
import { scenarioInputs } from './inputs.js';
import type { ResolvedEnvironment } from './resolve.js';

const run = promisify(execFile);

export class GitError extends Error {}

/** Paths (relative to cwd, forward slashes) that differ between `ref` and the working tree. */
export async function changedFiles(cwd: string, ref: string): Promise<Set<string>> {
  if (ref.startsWith('-')) throw new GitError(`"${ref}" is not a git ref.`);
  try {
    const { stdout } = await run(
      'git',
      ['diff', '--name-only', '--relative', '--no-renames', ref, '--'],
      { cwd, maxBuffer: 64 * 1024 * 1024 },
    );
    const untracked = await run('git', ['ls-files', '--others', '--exclude-standard'], {
      cwd,
      maxBuffer: 64 * 1024 * 1024,
    });
    return new Set(
      [...stdout.split('\n'), ...untracked.stdout.split('\n')].filter((l) => l !== ''),
    );
  } catch (error) {
    const stderr = (error as { stderr?: string }).stderr?.trim();
    throw new GitError(
      `git could not compare with "${ref}": ${stderr || (error as Error).message}`,
    );
  }
}

/** The environments, of those given, that `changed` touches. */
export async function affectedEnvironments(
  envs: readonly ResolvedEnvironment[],
  config: BotformConfig,
  changed: ReadonlySet<string>,
  cwd: string,
): Promise<ResolvedEnvironment[]> {
  if (config.file && changed.has(config.file)) return [...envs];
  const scenarioFiles = new Map<string, { files: Set<string>; prefixes: string[] }>();
  const out: ResolvedEnvironment[] = [];
  for (const env of envs) {
    if (env.files.some((f) => changed.has(f))) {
      out.push(env);
      continue;
    }
    const inputs = scenarioInputs([], config, env);
    const key = JSON.stringify(inputs);
    let known = scenarioFiles.get(key);
    if (!known) {
      const found = await findScenarioFiles(inputs, cwd);
      // A deleted file is no longer found: a change under an input folder counts too.
      const prefixes = inputs
        .filter((i) => !isDynamicPattern(i))
        .map((i) => `${path.relative(cwd, i).split(path.sep).join('/')}/`);
      known = { files: new Set(found.files.map((f) => f.display)), prefixes };
      scenarioFiles.set(key, known);
    }
    const k = known;
    if ([...changed].some((c) => k.files.has(c) || k.prefixes.some((p) => c.startsWith(p))))
      out.push(env);
  }
  return out;
}
