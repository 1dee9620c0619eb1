// environments/: the deploy targets of botform.config.yaml — `defaults:`, `layers:` and
// `environments:` — layered by ordered imports into one resolved environment per name, with
// where every value came from. This file reads the config's environment part; resolve.ts layers
// it; variables.ts substitutes ${var.NAME} into scenario sources. Nothing here prints.
import path from 'node:path';
import { loadConfig, type BotformConfig } from '../config/load-config.js';
import { diagnosticFor } from '../diagnostics/make.js';
import type { Diagnostic, DocPath, SourceLocator } from '../diagnostics/types.js';
import { DEFAULT_LIMITS } from '../load/limits.js';
import { readScenarioText } from '../load/read-text.js';
import { parseYamlSource } from '../load/yaml-source.js';
import { isRecord } from '../model/json.js';

export type Credentials = { token: string } | { username: string; password: string };

/** One layer as written: `defaults:`, an entry of `layers:` or of `environments:`. */
export interface Layer {
  kind: 'defaults' | 'layer' | 'environment';
  name: string;
  /** Where it is in the config file, for diagnostics and --explain. */
  path: DocPath;
  imports: string[];
  api?: string;
  shop?: number;
  credentials?: Credentials;
  staging?: boolean;
  protected?: boolean;
  scenario?: string[];
  vars: Map<string, string>;
  varFiles: string[];
  /** Secret name → the environment variable that holds it. */
  secrets: Map<string, string>;
}

export interface EnvironmentsConfig {
  config: BotformConfig;
  /** undefined when the config has no environments. */
  file: string | undefined;
  locator: SourceLocator | undefined;
  defaults: Layer | undefined;
  layers: Map<string, Layer>;
  environments: Map<string, Layer>;
}

export interface EnvironmentsConfigResult {
  value: EnvironmentsConfig;
  diagnostics: Diagnostic[];
}

/** Reads the config (schema-checked by loadConfig) and its environment part with positions. */
export async function loadEnvironmentsConfig(
  cwd: string,
  explicit?: string,
): Promise<EnvironmentsConfigResult> {
  const { config, diagnostics } = await loadConfig(cwd, explicit);
  const empty: EnvironmentsConfig = {
    config,
    file: config.file,
    locator: undefined,
    defaults: undefined,
    layers: new Map(),
    environments: new Map(),
  };
  if (diagnostics.some((d) => d.severity === 'error') || config.file === undefined)
    return { value: empty, diagnostics };
  // loadConfig keeps only its own fields; the environment part is read from the same text again
  // (a small file) so that config/ stays as it is and diagnostics here get positions.
  const read = await readScenarioText(path.resolve(cwd, config.file), DEFAULT_LIMITS.maxFileBytes);
  if (!read.ok) return { value: empty, diagnostics };
  const parsed = parseYamlSource(config.file, read.text, DEFAULT_LIMITS);
  if (!isRecord(parsed.value)) return { value: empty, diagnostics };
  const root = parsed.value;
  const value: EnvironmentsConfig = { ...empty, locator: parsed.locator };
  if (isRecord(root.defaults))
    value.defaults = toLayer('defaults', 'defaults', ['defaults'], root.defaults);
  for (const [kind, key] of [
    ['layer', 'layers'],
    ['environment', 'environments'],
  ] as const) {
    const entries = root[key];
    if (!isRecord(entries)) continue;
    const into = kind === 'layer' ? value.layers : value.environments;
    for (const name of Object.keys(entries)) {
      const body = entries[name];
      into.set(name, toLayer(kind, name, [key, name], isRecord(body) ? body : {}));
    }
  }
  return { value, diagnostics: [...diagnostics, ...checkImports(value)] };
}

function toLayer(
  kind: Layer['kind'],
  name: string,
  at: DocPath,
  body: Record<string, unknown>,
): Layer {
  const layer: Layer = {
    kind,
    name,
    path: at,
    imports: strings(body.imports),
    vars: new Map(),
    varFiles: strings(body.var_files),
    secrets: new Map(),
  };
  if (typeof body.api === 'string') layer.api = body.api.replace(/\/+$/, '');
  if (typeof body.shop === 'number') layer.shop = body.shop;
  if (typeof body.staging === 'boolean') layer.staging = body.staging;
  if (typeof body.protected === 'boolean') layer.protected = body.protected;
  if (typeof body.scenario === 'string') layer.scenario = [body.scenario];
  else if (Array.isArray(body.scenario)) layer.scenario = strings(body.scenario);
  const creds = body.credentials;
  if (isRecord(creds)) {
    if (typeof creds.token === 'string') layer.credentials = { token: creds.token };
    else if (typeof creds.username === 'string' && typeof creds.password === 'string')
      layer.credentials = { username: creds.username, password: creds.password };
  }
  if (isRecord(body.vars))
    for (const [k, v] of Object.entries(body.vars)) layer.vars.set(k, String(v));
  if (isRecord(body.secrets))
    for (const [k, v] of Object.entries(body.secrets))
      if (isRecord(v) && typeof v.env === 'string') layer.secrets.set(k, v.env);
  return layer;
}

function strings(value: unknown): string[] {
  return Array.isArray(value) ? value.filter((v): v is string => typeof v === 'string') : [];
}

/** A layer named by an import: a layer first, then an environment. */
export function findImport(cfg: EnvironmentsConfig, name: string): Layer | undefined {
  return cfg.layers.get(name) ?? cfg.environments.get(name);
}

/** Unknown imports and cycles, each at the import that causes it. */
function checkImports(cfg: EnvironmentsConfig): Diagnostic[] {
  const out: Diagnostic[] = [];
  const locator = cfg.locator;
  if (!locator) return out;
  const all = [
    ...(cfg.defaults ? [cfg.defaults] : []),
    ...cfg.layers.values(),
    ...cfg.environments.values(),
  ];
  for (const layer of all) {
    layer.imports.forEach((name, i) => {
      if (!findImport(cfg, name)) {
        const known = [...cfg.layers.keys(), ...cfg.environments.keys()];
        out.push(
          diagnosticFor(
            'env-unknown-import',
            `${describeLayer(layer)} imports "${name}", which is neither a layer nor an environment${known.length ? ` (known: ${known.join(', ')})` : ''}.`,
            locator,
            [...layer.path, 'imports', i],
          ),
        );
      }
    });
  }
  // A cycle is reported once, at the import that closes it, seen from the first layer in it.
  const reported = new Set<string>();
  const visit = (layer: Layer, stack: Layer[]): void => {
    layer.imports.forEach((name, i) => {
      const next = findImport(cfg, name);
      if (!next) return;
      const chain = [...stack, layer];
      const at = chain.indexOf(next);
      if (at >= 0) {
        const cycle = [...chain.slice(at), next].map((l) => l.name);
        const key = [...new Set(cycle)].sort().join('>');
        if (!reported.has(key)) {
          reported.add(key);
          out.push(
            diagnosticFor(
              'env-import-cycle',
              `Imports form a cycle: ${cycle.join(' → ')}.`,
              locator,
              [...layer.path, 'imports', i],
            ),
          );
        }
        return;
      }
      if (chain.length < 64) visit(next, chain);
    });
  };
  for (const layer of all) visit(layer, []);
  return out;
}

export function describeLayer(layer: Layer): string {
  return layer.kind === 'defaults' ? 'defaults' : `${layer.kind} "${layer.name}"`;
}
