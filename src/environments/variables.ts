// ${var.NAME} in scenario sources: found with their document paths (so a missing variable is a
// diagnostic at its place), and substituted per environment into a copy of the parsed values
// before the schema and graph checks, so positions stay those of the files. ${secret:NAME} is
// never substituted: secrets stay references in every output.
import { diagnosticFor } from '../diagnostics/make.js';
import { closestMatch } from '../diagnostics/suggest.js';
import type { Diagnostic, PathSegment } from '../diagnostics/types.js';
import type { ParsedSource } from '../load/index.js';
import { isRecord } from '../model/json.js';

const VAR_REF = /\$\{var\.([A-Za-z_][A-Za-z0-9_]*)\}/g;
const SECRET_REF = /\$\{secret:([A-Za-z_][A-Za-z0-9_]*)\}/g;

export interface Reference {
  kind: 'var' | 'secret';
  name: string;
  file: string;
  path: PathSegment[];
}

/** The names of the `${var.NAME}` references in a text. */
export function varNames(text: string): string[] {
  return text.includes('${var.') ? [...text.matchAll(VAR_REF)].map((m) => m[1] as string) : [];
}

/** Every ${var.NAME} and ${secret:NAME} in the sources, in document order. */
export function findReferences(sources: readonly ParsedSource[]): Reference[] {
  const out: Reference[] = [];
  for (const source of sources) {
    if (source.mayHoldReferences === false) continue;
    walk(source.value, [], (text, at) => {
      for (const m of text.matchAll(VAR_REF))
        out.push({ kind: 'var', name: m[1] as string, file: source.file, path: [...at] });
      for (const m of text.matchAll(SECRET_REF))
        out.push({ kind: 'secret', name: m[1] as string, file: source.file, path: [...at] });
    });
  }
  return out;
}

// One path array, pushed and popped as the walk goes: a 50,000-step scenario has a million
// values, and only the rare string holding `${` needs its path copied.
function walk(
  value: unknown,
  at: PathSegment[],
  visit: (text: string, at: readonly PathSegment[]) => void,
): void {
  if (typeof value === 'string') {
    if (value.includes('${')) visit(value, at);
  } else if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) {
      at.push(i);
      walk(value[i], at, visit);
      at.pop();
    }
  } else if (isRecord(value)) {
    for (const key of Object.keys(value)) {
      at.push(key);
      walk(value[key], at, visit);
      at.pop();
    }
  }
}

export interface SubstituteOptions {
  vars: ReadonlyMap<string, string>;
  /** Operation steps call their api.staging_url instead of api.url. */
  staging: boolean;
}

/**
 * A copy of the sources with variables filled in; unset ones stay as written (validate reports
 * them). A source with nothing to fill in is passed on as it is: copying a large scenario's
 * values costs more than checking them.
 */
export function substituteSources(
  sources: readonly ParsedSource[],
  options: SubstituteOptions,
): ParsedSource[] {
  return sources.map((source) => {
    const staged = stagingUrls(source.value, options.staging);
    if (source.mayHoldReferences === false)
      return staged === source.value ? source : { ...source, value: staged };
    return { ...source, value: substituteValue(staged, options.vars) };
  });
}

/** A copy of a parsed value with every set `${var.NAME}` filled in (unset ones stay as written). */
export function substituteValue(value: unknown, vars: ReadonlyMap<string, string>): unknown {
  if (typeof value === 'string')
    return value.includes('${var.')
      ? value.replace(VAR_REF, (whole, name: string) => vars.get(name) ?? whole)
      : value;
  if (Array.isArray(value)) return value.map((v) => substituteValue(v, vars));
  if (isRecord(value)) {
    const copy: Record<string, unknown> = Object.create(null) as Record<string, unknown>;
    for (const key of Object.keys(value)) copy[key] = substituteValue(value[key], vars);
    return copy;
  }
  return value;
}

/** In a staging environment, an operation's declared staging_url becomes the URL it calls. */
function stagingUrls(value: unknown, staging: boolean): unknown {
  if (!staging || !isRecord(value) || !isRecord(value.steps)) return value;
  const steps: Record<string, unknown> = Object.create(null) as Record<string, unknown>;
  for (const key of Object.keys(value.steps)) {
    const step = value.steps[key];
    if (isRecord(step) && isRecord(step.api) && typeof step.api.staging_url === 'string') {
      steps[key] = Object.assign(Object.create(null) as Record<string, unknown>, step, {
        api: Object.assign(Object.create(null) as Record<string, unknown>, step.api, {
          url: step.api.staging_url,
        }),
      });
    } else {
      steps[key] = step;
    }
  }
  return Object.assign(Object.create(null) as Record<string, unknown>, value, { steps });
}

/** What one environment (or the command line alone) gives a scenario. */
export interface VariableSource {
  /** `environment "staging"`, or `the command line` when no environment is used. */
  name: string;
  vars: ReadonlyMap<string, unknown>;
  /** undefined: secrets are not declared per environment (no environments). */
  secrets: ReadonlyMap<string, unknown> | undefined;
}

/**
 * One diagnostic per reference that some environments lack, at its place in the scenario,
 * naming those environments.
 */
export function checkReferences(
  sources: readonly ParsedSource[],
  environments: readonly VariableSource[],
): Diagnostic[] {
  const locators = new Map(sources.map((s) => [s.file, s.locator]));
  const out: Diagnostic[] = [];
  const seen = new Set<string>();
  for (const ref of findReferences(sources)) {
    const key = `${ref.kind}|${ref.name}|${ref.file}|${ref.path.join('\u0000')}`;
    if (seen.has(key)) continue;
    seen.add(key);
    const lacking = environments
      .filter((e) =>
        ref.kind === 'var'
          ? !e.vars.has(ref.name)
          : e.secrets !== undefined && !e.secrets.has(ref.name),
      )
      .map((e) => e.name);
    if (lacking.length === 0) continue;
    const locator = locators.get(ref.file);
    if (!locator) continue;
    const known = new Set<string>();
    for (const e of environments)
      for (const name of (ref.kind === 'var' ? e.vars : (e.secrets ?? new Map())).keys())
        known.add(name);
    const hint = referenceHint(ref.kind, ref.name, known);
    const where =
      lacking.length > 5
        ? `${lacking.slice(0, 5).join(', ')} and ${lacking.length - 5} more`
        : lacking.join(', ');
    out.push(
      ref.kind === 'var'
        ? diagnosticFor(
            'unset-variable',
            `\${var.${ref.name}} is not set in ${where}.`,
            locator,
            ref.path,
            'value',
            hint ? { hint } : {},
          )
        : diagnosticFor(
            'unset-secret-source',
            `\${secret:${ref.name}} has no source in ${where}.`,
            locator,
            ref.path,
            'value',
            hint ? { hint } : {},
          ),
    );
  }
  return out;
}

/** "Did you mean ${var.BRAND}?" for a reference to a name close to one that is set. */
export function referenceHint(
  kind: 'var' | 'secret',
  name: string,
  known: Iterable<string>,
): string | undefined {
  const match = closestMatch(name, known);
  if (match === undefined) return undefined;
  return `Did you mean ${kind === 'var' ? `\${var.${match}}` : `\${secret:${match}}`}?`;
}
