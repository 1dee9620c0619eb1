// Layering one environment: defaults < imports in order (each after its own imports) < the
// environment < BOTFORM_VAR_* < --var-file < --var. Every value keeps where it came from, for
// `botform env show NAME --explain`. Secrets are resolved to the NAME of the environment
// variable that holds them; their values are only ever checked for being set, never read out.
import path from 'node:path';
import { diagnosticAt, diagnosticFor, uniqueDiagnostics } from '../diagnostics/make.js';
import type { Diagnostic } from '../diagnostics/types.js';
import { DEFAULT_LIMITS } from '../load/limits.js';
import { readScenarioText } from '../load/read-text.js';
import { parseYamlSource } from '../load/yaml-source.js';
import { isRecord } from '../model/json.js';
import {
  describeLayer,
  findImport,
  type Credentials,
  type EnvironmentsConfig,
  type Layer,
} from './config.js';

export interface Origin {
  /** e.g. `environment "acme-staging"`, `layer "acme"`, `BOTFORM_VAR_GREETING`, `--var`. */
  source: string;
  file?: string;
  line?: number;
  column?: number;
}

export interface Sourced<T> {
  value: T;
  origin: Origin;
}

export interface ResolvedEnvironment {
  name: string;
  protected: boolean;
  staging: boolean;
  api: Sourced<string> | undefined;
  shop: Sourced<number> | undefined;
  /** Names of environment variables, never their values. */
  credentials: Sourced<Credentials> | undefined;
  scenario: Sourced<string[]> | undefined;
  vars: Map<string, Sourced<string>>;
  /** Secret name → the environment variable that holds it. */
  secrets: Map<string, Sourced<string>>;
  /** Files whose change changes this environment (config, var files), relative to cwd. */
  files: string[];
  /** The layers in the order they were applied, for --explain. */
  layers: string[];
}

/** What the command line and the shell add on top of the config. */
export interface Overrides {
  env: Record<string, string | undefined>;
  /** --var-file paths, relative to cwd, in order. */
  varFiles: string[];
  /** --var NAME=value, in order. */
  vars: string[];
}

const VAR_ENV_PREFIX = 'BOTFORM_VAR_';

export interface ResolveResult {
  environment: ResolvedEnvironment;
  diagnostics: Diagnostic[];
}

/** Resolves one environment. `cache` shares parsed variable files between environments. */
export async function resolveEnvironment(
  cfg: EnvironmentsConfig,
  name: string,
  overrides: Overrides,
  cwd: string,
  cache: VarFileCache = new Map(),
): Promise<ResolveResult> {
  const layer = cfg.environments.get(name);
  if (!layer) throw new Error(`unknown environment ${name}`);
  const diagnostics: Diagnostic[] = [];
  const order = linearize(cfg, layer);
  const env: ResolvedEnvironment = {
    name,
    protected: false,
    staging: false,
    api: undefined,
    shop: undefined,
    credentials: undefined,
    scenario: undefined,
    vars: new Map(),
    secrets: new Map(),
    files: cfg.file ? [cfg.file] : [],
    layers: order.map(describeLayer),
  };
  const configDir = cfg.config.dir;
  for (const l of order) {
    const at = (...key: (string | number)[]): Origin =>
      originAt(cfg, describeLayer(l), [...l.path, ...key]);
    if (l.api !== undefined) env.api = { value: l.api, origin: at('api') };
    if (l.shop !== undefined) env.shop = { value: l.shop, origin: at('shop') };
    if (l.credentials !== undefined)
      env.credentials = { value: l.credentials, origin: at('credentials') };
    if (l.scenario !== undefined) env.scenario = { value: l.scenario, origin: at('scenario') };
    if (l.staging !== undefined) env.staging = l.staging;
    if (l.protected !== undefined) env.protected = l.protected;
    for (const [i, file] of l.varFiles.entries()) {
      const absolute = path.resolve(configDir, file);
      const read = await readVarFile(absolute, displayOf(cwd, absolute), cache);
      env.files.push(displayOf(cwd, absolute));
      if (!read.ok) {
        diagnostics.push(
          cfg.locator
            ? diagnosticFor(
                'env-var-file-invalid',
                `${read.message} (var file of ${describeLayer(l)})`,
                cfg.locator,
                [...l.path, 'var_files', i],
              )
            : fileLevel(read.message, displayOf(cwd, absolute)),
        );
        continue;
      }
      for (const [k, v] of read.vars)
        env.vars.set(k, {
          value: v,
          origin: {
            source: `var file ${displayOf(cwd, absolute)} (of ${describeLayer(l)})`,
            file: displayOf(cwd, absolute),
          },
        });
    }
    for (const [k, v] of l.vars) env.vars.set(k, { value: v, origin: at('vars', k) });
    for (const [k, v] of l.secrets) env.secrets.set(k, { value: v, origin: at('secrets', k) });
  }
  await applyOverrides(env.vars, overrides, cwd, cache, diagnostics, env.files);
  if (env.shop === undefined && cfg.locator) {
    diagnostics.push(
      diagnosticFor(
        'env-missing-shop',
        `Environment "${name}" has no shop: set \`shop:\` on it or on a layer it imports.`,
        cfg.locator,
        layer.path,
        'key',
      ),
    );
  }
  return { environment: env, diagnostics: uniqueDiagnostics(diagnostics) };
}

/** BOTFORM_VAR_*, then --var-file, then --var, onto `vars`. */
async function applyOverrides(
  vars: Map<string, Sourced<string>>,
  overrides: Overrides,
  cwd: string,
  cache: VarFileCache,
  diagnostics: Diagnostic[],
  files: string[],
): Promise<void> {
  for (const [key, value] of Object.entries(overrides.env)) {
    if (
      key.startsWith(VAR_ENV_PREFIX) &&
      key.length > VAR_ENV_PREFIX.length &&
      value !== undefined
    ) {
      vars.set(key.slice(VAR_ENV_PREFIX.length), { value, origin: { source: key } });
    }
  }
  for (const file of overrides.varFiles) {
    const absolute = path.resolve(cwd, file);
    const read = await readVarFile(absolute, file, cache);
    files.push(displayOf(cwd, absolute));
    if (!read.ok) {
      diagnostics.push(fileLevel(read.message, file));
      continue;
    }
    for (const [k, v] of read.vars)
      vars.set(k, { value: v, origin: { source: `--var-file ${file}`, file } });
  }
  for (const assignment of overrides.vars) {
    const eq = assignment.indexOf('=');
    vars.set(assignment.slice(0, eq), {
      value: assignment.slice(eq + 1),
      origin: { source: '--var' },
    });
  }
}

/** The variables when no environment is used: the shell and the command line only. */
export async function commandLineVars(
  overrides: Overrides,
  cwd: string,
): Promise<{ vars: Map<string, string>; diagnostics: Diagnostic[] }> {
  const vars = new Map<string, Sourced<string>>();
  const diagnostics: Diagnostic[] = [];
  await applyOverrides(vars, overrides, cwd, new Map(), diagnostics, []);
  return { vars: new Map([...vars].map(([k, v]) => [k, v.value])), diagnostics };
}

/** A --var argument is NAME=value with a variable name. */
export function isVarAssignment(text: string): boolean {
  return /^[A-Za-z_][A-Za-z0-9_]*=/.test(text);
}

/** defaults, then each import (after its own imports), then the layer; each layer once. */
function linearize(cfg: EnvironmentsConfig, layer: Layer): Layer[] {
  const out: Layer[] = [];
  const seen = new Set<Layer>();
  const add = (l: Layer, depth: number): void => {
    if (seen.has(l) || depth > 64) return; // cycles are reported by the config check
    seen.add(l);
    for (const name of l.imports) {
      const next = findImport(cfg, name);
      if (next) add(next, depth + 1);
    }
    out.push(l);
  };
  if (cfg.defaults) add(cfg.defaults, 0);
  add(layer, 0);
  return out;
}

function originAt(cfg: EnvironmentsConfig, source: string, at: (string | number)[]): Origin {
  if (!cfg.locator || !cfg.file) return { source };
  const range = cfg.locator.locate(at, 'value');
  return { source, file: cfg.file, line: range.line, column: range.column };
}

type VarFileRead = { ok: true; vars: Map<string, string> } | { ok: false; message: string };
export type VarFileCache = Map<string, Promise<VarFileRead>>;

function readVarFile(absolute: string, display: string, cache: VarFileCache): Promise<VarFileRead> {
  let pending = cache.get(absolute);
  if (!pending) {
    pending = parseVarFile(absolute, display);
    cache.set(absolute, pending);
  }
  return pending;
}

async function parseVarFile(absolute: string, display: string): Promise<VarFileRead> {
  const read = await readScenarioText(absolute, DEFAULT_LIMITS.maxFileBytes);
  if (!read.ok)
    return { ok: false, message: `Variable file ${display} cannot be read: ${read.message}` };
  const parsed = parseYamlSource(display, read.text, DEFAULT_LIMITS);
  const problem = parsed.diagnostics.find((d) => d.severity === 'error' && d.code !== 'empty-file');
  if (problem)
    return {
      ok: false,
      message: `Variable file ${display} does not parse (line ${problem.line}): ${problem.message}`,
    };
  if (parsed.value === undefined) return { ok: true, vars: new Map() };
  if (!isRecord(parsed.value))
    return { ok: false, message: `Variable file ${display} must be a mapping of NAME: value.` };
  const vars = new Map<string, string>();
  for (const [k, v] of Object.entries(parsed.value)) {
    if (!/^[A-Za-z_][A-Za-z0-9_]*$/.test(k))
      return { ok: false, message: `Variable file ${display}: "${k}" is not a variable name.` };
    if (!['string', 'number', 'boolean'].includes(typeof v))
      return {
        ok: false,
        message: `Variable file ${display}: the value of ${k} must be a string, number or boolean.`,
      };
    vars.set(k, String(v));
  }
  return { ok: true, vars };
}

function fileLevel(message: string, file: string): Diagnostic {
  return diagnosticAt('env-var-file-invalid', message, file, {
    line: 1,
    column: 1,
    endLine: 1,
    endColumn: 1,
  });
}

function displayOf(cwd: string, absolute: string): string {
  const rel = path.relative(cwd, absolute);
  return (rel.startsWith('..') ? absolute : rel).split(path.sep).join('/');
}
