// Pulling an environment's shop gives its values — `Acme` where the files say `${var.BRAND}`,
// the staging URL where they say `url` and `staging_url` — and writing those would fix one
// environment's values into the files. Where the project's own files (the template) hold a
// reference at the same place of the same step, and filling it in with the environment's values
// gives exactly what the shop has, the reference is written instead; in a staging environment an
// operation's URL that is the files' `staging_url` filled in goes back to `url` + `staging_url`.
// So pull → plan in that environment is empty. Anything else is written as the shop has it.
import { substituteValue } from '../environments/variables.js';
import { isRecord } from '../model/json.js';
import { canonicalText, type Json } from '../plan/canonical.js';
import type { PulledScenario } from './to-document.js';

export interface PullEnvironment {
  vars: ReadonlyMap<string, string>;
  staging: boolean;
}

/** The scenario files' steps as written (parsed, nothing filled in), by key. */
export type TemplateSteps = ReadonlyMap<string, Record<string, unknown>>;

export function templateSteps(values: readonly unknown[]): TemplateSteps {
  const out = new Map<string, Record<string, unknown>>();
  for (const value of values) {
    if (!isRecord(value) || !isRecord(value.steps)) continue;
    for (const [key, step] of Object.entries(value.steps)) if (isRecord(step)) out.set(key, step);
  }
  return out;
}

export function restoreReferences(
  pulled: PulledScenario,
  template: TemplateSteps,
  env: PullEnvironment,
): { scenario: PulledScenario; restored: number } {
  let restored = 0;
  const fill = (text: string) => substituteValue(text, env.vars) as string;
  const same = (live: string, written: string) =>
    live === fill(written) || canonicalText(live) === canonicalText(fill(written));

  const restore = (live: Json, written: unknown): Json => {
    if (typeof live === 'string') {
      if (typeof written === 'string' && written !== live && written.includes('${var.')) {
        if (same(live, written)) {
          restored++;
          return written;
        }
      }
      return live;
    }
    if (Array.isArray(live))
      return Array.isArray(written) && written.length === live.length
        ? live.map((item, i) => restore(item, written[i]))
        : live;
    if (live !== null && typeof live === 'object' && isRecord(written)) {
      const out: Record<string, Json> = {};
      for (const [k, v] of Object.entries(live)) out[k] = restore(v, written[k]);
      return out;
    }
    return live;
  };

  const restoreApi = (live: Json, written: unknown): Json => {
    if (
      !env.staging ||
      !isRecord(written) ||
      typeof written.url !== 'string' ||
      typeof written.staging_url !== 'string' ||
      live === null ||
      typeof live !== 'object' ||
      Array.isArray(live) ||
      typeof live.url !== 'string' ||
      live.url !== fill(written.staging_url)
    )
      return restore(live, written);
    // The shop calls the staging URL: the files' url and staging_url, as written.
    restored++;
    const out: Record<string, Json> = {};
    for (const [k, v] of Object.entries(live)) {
      if (k === 'staging_url') continue;
      if (k === 'url') {
        out.url = written.url;
        out.staging_url = written.staging_url;
      } else out[k] = restore(v, written[k]);
    }
    return out;
  };

  const steps = pulled.steps.map((step) => {
    const written = template.get(step.key);
    if (!written) return step;
    return {
      ...step,
      fields: step.fields.map(([name, value]): [string, Json] => [
        name,
        name === 'api' ? restoreApi(value, written[name]) : restore(value, written[name]),
      ]),
    };
  });
  return { scenario: { ...pulled, steps }, restored };
}
