// The one way into the compiler. Every command (validate, plan, apply, test, graph, env) and the
// language server go through here, so the same files give the same problems everywhere:
// `openProject` reads the config and resolves its environments (with the shell's and the
// command line's variables); `compileProject` turns (an environment, paths, an editor's unsaved
// texts) into a compiled scenario with its diagnostics. The files are read once per distinct set
// of inputs, `${var.NAME}` is substituted into a copy, and `compileSources` runs on it;
// environments that give a scenario the same inputs share one compile (200 client shops of one
// scenario compile once). Nothing here prints.
import { createHash } from 'node:crypto';
import type { BotformConfig } from '../config/load-config.js';
import { sortDiagnostics, uniqueDiagnostics } from '../diagnostics/make.js';
import type { Diagnostic } from '../diagnostics/types.js';
import { scenarioInputs } from '../environments/inputs.js';
import {
  commandLineVars,
  type Overrides,
  type ResolvedEnvironment,
} from '../environments/resolve.js';
import {
  checkSourcesSet,
  setupEnvironments,
  type EnvironmentSetup,
  type Selection,
} from '../environments/select.js';
import {
  checkReferences,
  findReferences,
  substituteSources,
  type VariableSource,
} from '../environments/variables.js';
import {
  loadScenarioSources,
  type LoadOptions,
  type LoadResult,
  type SourceCache,
} from '../load/index.js';
import { loadRuleFiles, runTeamRules, type LoadedRules, type TeamRules } from '../rules/index.js';
import { compileSources, type CompileResult } from './index.js';

/** A project as every command and the editor see it: its config, environments and variables. */
export interface Project extends EnvironmentSetup {
  cwd: string;
  /** The shell's variables: secret and credential sources are tested for being set, never read out. */
  shell: Readonly<Record<string, string | undefined>>;
  /** `${var.NAME}` values when no environment is used: BOTFORM_VAR_*, --var-file, --var. */
  commandLineVars: ReadonlyMap<string, string>;
}

export interface ProjectOptions {
  /** The folder relative paths are from (the command's working directory, the editor's workspace). */
  cwd: string;
  /** -c/--config; else botform.config.yaml found from `cwd` upwards, if there is one. */
  configPath?: string | undefined;
  /** --env/--all-envs; nothing selected when left out. */
  selection?: Selection;
  /** The shell, --var-file and --var. */
  overrides: Overrides;
}

/** Reads the config and resolves every environment. Problems are `diagnostics`, never thrown. */
export async function openProject(options: ProjectOptions): Promise<Project> {
  const setup = await setupEnvironments(
    options.cwd,
    options.configPath,
    options.selection ?? {},
    options.overrides,
  );
  const bare = await commandLineVars(options.overrides, options.cwd);
  return {
    ...setup,
    // A --var-file problem is also each environment's: said once.
    diagnostics: sortDiagnostics(uniqueDiagnostics([...setup.diagnostics, ...bare.diagnostics])),
    cwd: options.cwd,
    shell: options.overrides.env,
    commandLineVars: bare.vars,
  };
}

/** The environment a command uses when it takes one and none was named: the config's first. */
export function selectedOrFirst(project: Project): ResolvedEnvironment | undefined {
  return project.selected[0] ?? project.all[0];
}

/** Where the scenario of `environment` is: `paths`, else its `scenario:`, else the config's. */
export function inputsOf(
  project: Project,
  environment: ResolvedEnvironment | undefined,
  paths: readonly string[] = [],
): string[] {
  return scenarioInputs(paths, project.cfg.config, environment);
}

export interface CompileCache {
  loads: Map<string, Promise<LoadResult>>;
  compiles: Map<string, Promise<Omit<ProjectCompile, 'teamRules'>>>;
  /** Digests of file sets, by the files' names (the plan's scenario digest). */
  digests: Map<string, Promise<string>>;
  /** The team's rule files, read once per run. */
  ruleFiles?: Promise<LoadedRules>;
}

export function newCompileCache(): CompileCache {
  return { loads: new Map(), compiles: new Map(), digests: new Map() };
}

export interface CompileRequest {
  /** Whose `${var.NAME}` values, scenario and staging URLs; undefined: no environment. */
  environment: ResolvedEnvironment | undefined;
  /** Scenario paths from the command line; else the environment's or the config's `scenario:`. */
  paths?: readonly string[] | undefined;
  /**
   * What the run will use, whose sources must then be set in the shell: the secrets' values
   * (plan, apply, live tests) and the API credentials (a real API, not the embedded emulator).
   * A local run (validate, local tests, graph, the editor) needs neither.
   */
  needs?: { secretValues?: boolean; credentials?: boolean };
  /** An editor's unsaved texts, by absolute path, read instead of the files. */
  overlay?: LoadOptions['overlay'];
  /** Parsed files kept between compiles (the editor's): an unchanged file is not parsed again. */
  sourceCache?: SourceCache;
  /** Shared by the compiles of one run, so environments with the same inputs compile once. */
  cache?: CompileCache;
  /**
   * The team's path and step rules (default true). A test run leaves them out: a rule's
   * counterexample is a conversation test that must be able to run. Plan policies always count.
   */
  teamRules?: boolean;
}

export interface ProjectCompile extends CompileResult {
  config: BotformConfig;
  environment: ResolvedEnvironment | undefined;
  /** The scenario inputs the compile read (paths, globs). */
  inputs: string[];
  /** Identifies the variable values used (and staging), for the plan's scenario digest. */
  varsDigest: string;
  /** The team's rules (docs/rules.md) and what they found; their diagnostics are in `diagnostics`. */
  teamRules: TeamRules;
}

/** Compiles the scenario for one environment (or none); every problem is in `diagnostics`. */
export function compileProject(project: Project, request: CompileRequest): Promise<ProjectCompile> {
  return compileOne(project, request, true);
}

/**
 * validate's compile: the scenario of each environment (each distinct one once), with every
 * `${var.NAME}` and `${secret:NAME}` checked once against all of them, so one diagnostic at its
 * place names every environment lacking the value. No environments: one compile without.
 */
export async function compileEnvironments(
  project: Project,
  environments: readonly ResolvedEnvironment[],
  paths: readonly string[] = [],
): Promise<{ compiles: ProjectCompile[]; diagnostics: Diagnostic[] }> {
  const cache = newCompileCache();
  if (environments.length === 0) {
    const only = await compileOne(project, { environment: undefined, paths, cache }, true);
    return { compiles: [only], diagnostics: only.diagnostics };
  }
  const compiles: ProjectCompile[] = [];
  const all: Diagnostic[] = [];
  const byInputs = new Map<string, { inputs: string[]; sources: VariableSource[] }>();
  for (const environment of environments) {
    const compiled = await compileOne(project, { environment, paths, cache }, false);
    compiles.push(compiled);
    all.push(...compiled.diagnostics);
    const key = JSON.stringify(compiled.inputs);
    const group = byInputs.get(key) ?? { inputs: compiled.inputs, sources: [] };
    group.sources.push(variableSource(project, environment));
    byInputs.set(key, group);
  }
  for (const group of byInputs.values()) {
    const loaded = await load(project, group.inputs, { cache });
    all.push(...checkReferences(loaded.sources, group.sources));
  }
  return { compiles, diagnostics: sortDiagnostics(uniqueDiagnostics(all)) };
}

async function compileOne(
  project: Project,
  request: CompileRequest,
  withReferences: boolean,
): Promise<ProjectCompile> {
  const { environment } = request;
  const config = project.cfg.config;
  const inputs = inputsOf(project, environment, request.paths);
  const cache = request.cache ?? newCompileCache();
  const loaded = await load(project, inputs, { ...request, cache });
  const source = variableSource(project, environment);
  const used = new Map<string, string>();
  for (const ref of findReferences(loaded.sources)) {
    const value = source.vars.get(ref.name);
    if (ref.kind === 'var' && typeof value === 'string') used.set(ref.name, value);
  }
  const staging = environment?.staging ?? false;
  const varsDigest = createHash('sha256')
    .update(JSON.stringify([...used].sort(([a], [b]) => (a < b ? -1 : 1))))
    .update(staging ? 'staging' : '')
    .digest('hex')
    .slice(0, 16);
  // One compile per distinct (inputs, variable values used, staging). An editor's compile is
  // never shared: its overlay is part of the input.
  const key = `${JSON.stringify(inputs)}|${varsDigest}`;
  let compiling = request.overlay ? undefined : cache.compiles.get(key);
  if (!compiling) {
    compiling = Promise.resolve().then(() => ({
      ...compileSources(
        substituteSources(loaded.sources, { vars: used, staging }),
        loaded.diagnostics,
        config,
      ),
      config,
      environment,
      inputs,
      varsDigest,
    }));
    if (!request.overlay) cache.compiles.set(key, compiling);
  }
  const compiled = { ...(await compiling), environment };
  if (!request.overlay && !cache.ruleFiles) cache.ruleFiles = loadRuleFiles(config, project.cwd);
  const ruleFiles = request.overlay
    ? loadRuleFiles(config, project.cwd, request.overlay)
    : (cache.ruleFiles as Promise<LoadedRules>);
  const teamRules = runTeamRules(await ruleFiles, compiled, environment?.name, {
    paths: request.teamRules !== false,
  });
  const extra: Diagnostic[] = [...teamRules.diagnostics];
  if (withReferences) extra.push(...checkReferences(loaded.sources, [source]));
  const needs = request.needs ?? {};
  if (environment && (needs.secretValues || needs.credentials))
    extra.push(
      ...checkSourcesSet(project.cfg, environment, project.shell, {
        secrets: needs.secretValues === true,
        credentials: needs.credentials === true,
      }),
    );
  return extra.length === 0
    ? { ...compiled, teamRules }
    : {
        ...compiled,
        teamRules,
        diagnostics: sortDiagnostics(uniqueDiagnostics([...compiled.diagnostics, ...extra])),
      };
}

function load(
  project: Project,
  inputs: readonly string[],
  request: Pick<CompileRequest, 'overlay' | 'sourceCache'> & { cache: CompileCache },
): Promise<LoadResult> {
  const options: LoadOptions = {
    cwd: project.cwd,
    ...(request.overlay ? { overlay: request.overlay } : {}),
    ...(request.sourceCache ? { cache: request.sourceCache } : {}),
  };
  if (request.overlay) return loadScenarioSources(inputs, options);
  const key = JSON.stringify(inputs);
  let loading = request.cache.loads.get(key);
  if (!loading) {
    loading = loadScenarioSources(inputs, options);
    request.cache.loads.set(key, loading);
  }
  return loading;
}

/**
 * The `${var.NAME}` values an environment (or, without one, the command line) gives: what the
 * scenario is filled in with, for other files that use the same variables (conversation tests).
 */
export function stringVariables(
  project: Project,
  environment: ResolvedEnvironment | undefined,
): { name: string; vars: ReadonlyMap<string, string> } {
  const source = variableSource(project, environment);
  const vars = new Map<string, string>();
  for (const [name, value] of source.vars) if (typeof value === 'string') vars.set(name, value);
  return { name: source.name, vars };
}

/** What an environment (or, without one, the shell and the command line) gives a scenario. */
function variableSource(
  project: Project,
  environment: ResolvedEnvironment | undefined,
): VariableSource {
  if (!environment)
    return {
      name: 'the command line (no --env)',
      vars: project.commandLineVars,
      secrets: undefined,
    };
  return {
    name: environment.name,
    vars: new Map([...environment.vars].map(([k, v]) => [k, v.value])),
    secrets: environment.secrets,
  };
}
