// Compiling a scenario for an environment: the files are read once per distinct scenario, the
// variables substituted into a copy, and the usual compile run on it. Environments that give a
// scenario the same inputs share one compile (200 client shops of one scenario compile once).
import { createHash } from 'node:crypto';
import path from 'node:path';
import { isDynamicPattern } from 'tinyglobby';
import { compileSources, type CompileResult } from '../compile/index.js';
import type { BotformConfig } from '../config/load-config.js';
import { sortDiagnostics } from '../diagnostics/make.js';
import { loadScenarioSources, type LoadResult } from '../load/index.js';
import type { ResolvedEnvironment } from './resolve.js';
import {
  checkReferences,
  findReferences,
  substituteSources,
  type VariableSource,
} from './variables.js';

export interface CompileCache {
  loads: Map<string, Promise<LoadResult>>;
  compiles: Map<string, Promise<EnvironmentCompile>>;
  /** Digests of file sets, by the files' names (the plan's scenario digest). */
  digests: Map<string, Promise<string>>;
}

export function newCompileCache(): CompileCache {
  return { loads: new Map(), compiles: new Map(), digests: new Map() };
}

export interface EnvironmentCompile extends CompileResult {
  /** The config the compile used (its scenario is the environment's). */
  config: BotformConfig;
  /** Identifies the variable values used, for the plan's scenario digest. */
  varsDigest: string;
}

/** The scenario inputs of an environment: the command line's paths, else its own `scenario:`, else the config's. */
export function environmentInputs(
  positionals: readonly string[],
  config: BotformConfig,
  env: ResolvedEnvironment | undefined,
): string[] {
  if (positionals.length > 0) return [...positionals];
  const entries = env?.scenario?.value ?? config.scenario;
  return entries.map((entry) =>
    isDynamicPattern(entry)
      ? path.posix.join(config.dir.split(path.sep).join('/'), entry)
      : path.resolve(config.dir, entry),
  );
}

export function variableSource(
  env: ResolvedEnvironment | undefined,
  commandLineVars: ReadonlyMap<string, string>,
): VariableSource {
  if (!env)
    return { name: 'the command line (no --env)', vars: commandLineVars, secrets: undefined };
  return {
    name: env.name,
    vars: new Map([...env.vars].map(([k, v]) => [k, v.value])),
    secrets: env.secrets,
  };
}

/**
 * Compiles `inputs` with the variables of `source`. With `checkReferences`, unset variables and
 * secrets without a source are diagnostics of this compile; validate over many environments
 * checks them once for all instead, so each message names every environment lacking a value.
 */
export async function compileWithVariables(
  inputs: readonly string[],
  config: BotformConfig,
  source: VariableSource,
  staging: boolean,
  options: { cwd: string; cache: CompileCache; checkReferences: boolean },
): Promise<EnvironmentCompile> {
  const inputsKey = JSON.stringify(inputs);
  let loading = options.cache.loads.get(inputsKey);
  if (!loading) {
    loading = loadScenarioSources(inputs, { cwd: options.cwd });
    options.cache.loads.set(inputsKey, loading);
  }
  const loaded = await loading;
  const used = new Map<string, string>();
  for (const ref of findReferences(loaded.sources)) {
    const value = source.vars.get(ref.name);
    if (ref.kind === 'var' && typeof value === 'string') used.set(ref.name, value);
  }
  const varsDigest = createHash('sha256')
    .update(JSON.stringify([...used].sort(([a], [b]) => (a < b ? -1 : 1))))
    .update(staging ? 'staging' : '')
    .digest('hex')
    .slice(0, 16);
  // One compile per distinct (inputs, variable values used, staging): 200 environments of one
  // scenario compile once. The reference check is per environment but cheap (a walk of values).
  const key = `${inputsKey}|${varsDigest}`;
  let compiling = options.cache.compiles.get(key);
  if (!compiling) {
    compiling = Promise.resolve().then(() => ({
      ...compileSources(
        substituteSources(loaded.sources, { vars: used, staging }),
        loaded.diagnostics,
        config,
      ),
      config,
      varsDigest,
    }));
    options.cache.compiles.set(key, compiling);
  }
  const compiled = await compiling;
  if (!options.checkReferences) return compiled;
  const refs = checkReferences(loaded.sources, [source]);
  return refs.length === 0
    ? compiled
    : { ...compiled, diagnostics: sortDiagnostics([...compiled.diagnostics, ...refs]) };
}

/** Reference diagnostics for many environments at once: each names all environments lacking the value. */
export async function checkReferencesAcross(
  inputs: readonly string[],
  sources: readonly VariableSource[],
  options: { cwd: string; cache: CompileCache },
) {
  const inputsKey = JSON.stringify(inputs);
  let loading = options.cache.loads.get(inputsKey);
  if (!loading) {
    loading = loadScenarioSources(inputs, { cwd: options.cwd });
    options.cache.loads.set(inputsKey, loading);
  }
  return checkReferences((await loading).sources, sources);
}
