// Which environments a command works on, and the checks that span environments: every one is
// resolved (cheap) so that two environments on one shop with different scenarios are caught
// whichever of them is selected, and a selected environment's secret sources must be set.
import { diagnosticAt, diagnosticFor, uniqueDiagnostics } from '../diagnostics/make.js';
import type { Diagnostic } from '../diagnostics/types.js';
import { loadEnvironmentsConfig, type EnvironmentsConfig } from './config.js';
import {
  resolveEnvironment,
  type Overrides,
  type ResolvedEnvironment,
  type VarFileCache,
} from './resolve.js';

export interface Selection {
  /** A name, or a pattern with * and ? (`acme-*`). */
  env?: string | undefined;
  all?: boolean | undefined;
}

export interface EnvironmentSetup {
  cfg: EnvironmentsConfig;
  /** Every environment of the config, resolved. */
  all: ResolvedEnvironment[];
  /** The ones the selection names, in config order; empty when nothing was selected. */
  selected: ResolvedEnvironment[];
  diagnostics: Diagnostic[];
}

/** The one entry for commands (plan, apply, pull, test, validate, env): config, layering, selection, checks. */
export async function setupEnvironments(
  cwd: string,
  configPath: string | undefined,
  selection: Selection,
  overrides: Overrides,
): Promise<EnvironmentSetup> {
  const { value: cfg, diagnostics } = await loadEnvironmentsConfig(cwd, configPath);
  const out: EnvironmentSetup = { cfg, all: [], selected: [], diagnostics: [...diagnostics] };
  if (diagnostics.some((d) => d.severity === 'error')) return out;
  const cache: VarFileCache = new Map();
  const found: Diagnostic[] = [];
  for (const name of cfg.environments.keys()) {
    const resolved = await resolveEnvironment(cfg, name, overrides, cwd, cache);
    out.all.push(resolved.environment);
    found.push(...resolved.diagnostics);
  }
  out.diagnostics.push(...uniqueDiagnostics(found));
  out.diagnostics.push(...checkShopConflicts(cfg, out.all));
  if (selection.all || selection.env !== undefined) {
    const pattern = selection.all ? '*' : (selection.env as string);
    out.selected = out.all.filter((e) => matches(pattern, e.name));
    if (out.selected.length === 0) {
      const known = out.all.map((e) => e.name);
      const message =
        cfg.environments.size === 0
          ? `No environment "${pattern}": ${cfg.file ?? 'botform.config.yaml'} has no \`environments:\`.`
          : `No environment matches "${pattern}" (known: ${known.join(', ')}).`;
      out.diagnostics.push(
        cfg.locator && cfg.environments.size > 0
          ? diagnosticFor('env-unknown-environment', message, cfg.locator, ['environments'], 'key')
          : diagnosticAt('env-unknown-environment', message, cfg.file ?? 'botform.config.yaml', {
              line: 1,
              column: 1,
              endLine: 1,
              endColumn: 1,
            }),
      );
    }
  }
  return out;
}

/** `*` any run of characters, `?` one; anything else literal. */
function matches(pattern: string, name: string): boolean {
  const regex = new RegExp(
    `^${pattern
      .replace(/[.+^${}()|[\]\\]/g, '\\$&')
      .replace(/\*/g, '.*')
      .replace(/\?/g, '.')}$`,
  );
  return regex.test(name);
}

function checkShopConflicts(
  cfg: EnvironmentsConfig,
  all: readonly ResolvedEnvironment[],
): Diagnostic[] {
  const out: Diagnostic[] = [];
  const byShop = new Map<string, ResolvedEnvironment>();
  for (const env of all) {
    if (env.shop === undefined) continue;
    const key = `${env.api?.value ?? '(default API)'}#${env.shop.value}`;
    const first = byShop.get(key);
    if (!first) {
      byShop.set(key, env);
      continue;
    }
    const scenarioOf = (e: ResolvedEnvironment) =>
      JSON.stringify(e.scenario?.value ?? cfg.config.scenario);
    if (scenarioOf(first) !== scenarioOf(env) && cfg.locator) {
      const layer = cfg.environments.get(env.name);
      out.push(
        diagnosticFor(
          'env-shop-conflict',
          `Environments "${first.name}" and "${env.name}" both deploy to shop ${env.shop.value} of ${env.api?.value ?? 'the default API'}, with different scenarios; each would undo the other.`,
          cfg.locator,
          [...(layer?.path ?? ['environments', env.name]), 'shop'],
          'value',
          first.shop?.origin.line
            ? {
                related: [
                  {
                    file: first.shop.origin.file ?? '',
                    line: first.shop.origin.line,
                    column: first.shop.origin.column ?? 1,
                    message: `shop of "${first.name}"`,
                  },
                ],
              }
            : {},
        ),
      );
    }
  }
  return out;
}

/**
 * Before a run that uses them touches anything: each secret source (`secrets`: plan, apply and
 * live tests use the values) and credential variable (`credentials`: a real API) the environment
 * names must be set. Values are tested for presence only.
 */
export function checkSourcesSet(
  cfg: EnvironmentsConfig,
  env: ResolvedEnvironment,
  shell: Readonly<Record<string, string | undefined>>,
  needs: { secrets: boolean; credentials: boolean },
): Diagnostic[] {
  const out: Diagnostic[] = [];
  const at = (
    origin: { file?: string; line?: number; column?: number },
    message: string,
    hint: string,
  ) =>
    diagnosticAt(
      'env-secret-unset',
      message,
      origin.file ?? cfg.file ?? 'botform.config.yaml',
      {
        line: origin.line ?? 1,
        column: origin.column ?? 1,
        endLine: origin.line ?? 1,
        endColumn: origin.column ?? 1,
      },
      [],
      { hint },
    );
  if (needs.secrets)
    for (const [secret, source] of env.secrets) {
      if (!shell[source.value])
        out.push(
          at(
            source.origin,
            `Environment "${env.name}": secret ${secret} comes from $${source.value}, which is not set.`,
            `Set $${source.value} where botform runs: plan, apply and live tests need the value of every secret the environment declares (validate, local tests, graph and the editor do not).`,
          ),
        );
    }
  if (needs.credentials && env.credentials) {
    const creds = env.credentials.value;
    for (const name of 'token' in creds ? [creds.token] : [creds.username, creds.password]) {
      if (!shell[name])
        out.push(
          at(
            env.credentials.origin,
            `Environment "${env.name}": its credentials come from $${name}, which is not set.`,
            `Set $${name} where botform runs: the environment's API needs it.`,
          ),
        );
    }
  }
  return out;
}

/** Apply to a protected environment needs --confirm-env naming it, even with --auto-approve. */
export function protectionProblem(
  env: ResolvedEnvironment,
  confirmed: readonly string[],
): string | undefined {
  if (!env.protected || confirmed.includes(env.name)) return undefined;
  return `environment "${env.name}" is protected: add --confirm-env ${env.name} to apply to it.`;
}
