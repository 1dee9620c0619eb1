// A command's way through the one compile entry (compile/project.ts): the scenario compiled for
// one environment (or none), its diagnostics printed where the command wants them, and the files
// digest a plan records. Plan, apply, test and graph compile here; validate goes through the
// same entry for many environments at once (compileEnvironments).
import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import {
  compileProject,
  inputsOf,
  newCompileCache,
  type CompileCache,
  type Project,
  type ProjectCompile,
} from '../compile/project.js';
import type { Diagnostic } from '../diagnostics/types.js';
import type { ResolvedEnvironment } from '../environments/resolve.js';
import { paletteFor, useColor } from '../render/colors.js';
import { stylish } from '../render/diagnostics/stylish.js';
import { printProblems } from './environment-flags.js';
import { UsageError, type CliIo } from './io.js';

export interface CompiledScenario extends ProjectCompile {
  /** The files' contents and the variable values used: what a plan records as its scenario. */
  digest: string;
}

/** Where a command's diagnostics go; by default stylish, to stderr. */
export type DiagnosticReporter = (diagnostics: readonly Diagnostic[]) => void;

export function stylishToStderr(io: CliIo): DiagnosticReporter {
  return (diagnostics) =>
    io.stderr.write(
      stylish(diagnostics, { palette: paletteFor(useColor(io.env, io.stderr.isTTY)) }),
    );
}

/** The scenario's inputs, or the usage error that says how to name one. */
export function requireInputs(
  project: Project,
  env: ResolvedEnvironment | undefined,
  paths: readonly string[],
): string[] {
  const inputs = inputsOf(project, env, paths);
  if (inputs.length === 0)
    throw new UsageError(
      'no scenario given. Name files or directories (e.g. "botform validate scenarios/pizza-shop"), or set `scenario:` in botform.config.yaml (or on the environment).',
    );
  return inputs;
}

interface CompileOptions {
  cache?: CompileCache;
  /** The run talks to a real API: the environment's credentials must be set. */
  realApi: boolean;
  /** The run uses the secrets' values (plan, apply, live tests); default true. */
  secretValues?: boolean;
  report?: DiagnosticReporter;
  /** The team's path and step rules (default true); a test run leaves them out. */
  teamRules?: boolean;
}

/**
 * Compiles the scenario for one environment (or none) and reports its diagnostics (stylish on
 * stderr unless `report` says otherwise). undefined when there are errors.
 */
export async function compileForEnvironment(
  positionals: readonly string[],
  project: Project,
  env: ResolvedEnvironment | undefined,
  io: CliIo,
  options: CompileOptions,
): Promise<CompiledScenario | undefined> {
  const cache = options.cache ?? newCompileCache();
  const compiled = await compileWithoutDigest(positionals, project, env, io, { ...options, cache });
  return compiled && withScenarioDigest(compiled, env, io, cache);
}

/**
 * The same compile without the files' digest, for a run that records no plan (a local test
 * run): the digest reads every scenario file once more.
 */
export async function compileWithoutDigest(
  positionals: readonly string[],
  project: Project,
  env: ResolvedEnvironment | undefined,
  io: CliIo,
  options: CompileOptions,
): Promise<ProjectCompile | undefined> {
  const report =
    options.report ?? ((diagnostics: readonly Diagnostic[]) => void printProblems(diagnostics, io));
  const compiled = await compileProject(project, {
    environment: env,
    paths: requireInputs(project, env, positionals),
    needs: { secretValues: options.secretValues ?? true, credentials: options.realApi },
    cache: options.cache ?? newCompileCache(),
    ...(options.teamRules === false ? { teamRules: false } : {}),
  });
  if (compiled.diagnostics.length > 0) report(compiled.diagnostics);
  if (compiled.diagnostics.some((d) => d.severity === 'error')) return undefined;
  return compiled;
}

/** A compile with the digest a plan records of its files and variable values. */
export async function withScenarioDigest(
  compiled: ProjectCompile,
  env: ResolvedEnvironment | undefined,
  io: CliIo,
  cache: CompileCache = newCompileCache(),
): Promise<CompiledScenario> {
  const digest = await digestOnce(cache, compiled.files, io.cwd);
  return {
    ...compiled,
    digest: compiled.varsDigest && env ? `${digest}+vars:${compiled.varsDigest}` : digest,
  };
}

/** One digest per file set and run: 200 environments of one scenario read its files once more, not 200 times. */
function digestOnce(cache: CompileCache, files: readonly string[], cwd: string): Promise<string> {
  const key = JSON.stringify(files);
  let digesting = cache.digests.get(key);
  if (!digesting) {
    digesting = digestFiles(files, cwd);
    cache.digests.set(key, digesting);
  }
  return digesting;
}

async function digestFiles(files: readonly string[], cwd: string): Promise<string> {
  const hash = createHash('sha256');
  for (const file of [...files].sort()) {
    hash.update(file).update('\0');
    hash.update(await readFile(path.resolve(cwd, file))).update('\0');
  }
  return `sha256:${hash.digest('hex')}`;
}
