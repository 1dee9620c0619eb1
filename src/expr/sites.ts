// Where a step's expressions and templates are: the fields its type's registry entry (and the
// common fields) declare as conditions and templates (src/steps/roles.ts), walked in a step.
// An operation's API URL is not a template: its `{field}` placeholders are filled from request
// fields (checked by api-url-placeholder), and `{{ }}` there would read as one of them.
import type { DocPath } from '../diagnostics/types.js';
import type { Step } from '../model/scenario.js';
import { fieldSitesOf } from '../steps/roles.js';
import { STEP_TYPES, type StepType } from '../steps/index.js';

type SiteKind = 'condition' | 'template';

export interface Site {
  kind: SiteKind;
  /** The step's field it is in (`text`, `success_text`, `branches`, ...). */
  field: string;
  text: string;
  /** The full document path of the string (the step's path + the field's). */
  path: DocPath;
}

/** A top-level field of a step: the common ones live outside `fields` in the IR. */
function topField(step: Step, name: string): unknown {
  if (name === 'text') return step.text;
  if (name === 'menu') return step.menu;
  return Object.hasOwn(step.fields, name) ? step.fields[name] : undefined;
}

type Found = { text: string; path: (string | number)[] };

// `templatesOnly`: a string without `{{` is plain text, not a site; skipped before its path is copied.
function collect(
  value: unknown,
  pattern: readonly string[],
  at: number,
  path: (string | number)[],
  out: Found[],
  templatesOnly: boolean,
): void {
  if (at === pattern.length) {
    if (typeof value === 'string' && !(templatesOnly && !value.includes('{{')))
      out.push({ text: value, path: [...path] });
    return;
  }
  if (value === null || typeof value !== 'object') return;
  const segment = pattern[at] as string;
  if (segment === '*') {
    if (Array.isArray(value)) {
      for (let i = 0; i < value.length; i++) {
        path.push(i);
        collect(value[i], pattern, at + 1, path, out, templatesOnly);
        path.pop();
      }
    } else {
      for (const k of Object.keys(value)) {
        path.push(k);
        collect((value as Record<string, unknown>)[k], pattern, at + 1, path, out, templatesOnly);
        path.pop();
      }
    }
    return;
  }
  if (!Array.isArray(value) && Object.hasOwn(value, segment)) {
    path.push(segment);
    collect((value as Record<string, unknown>)[segment], pattern, at + 1, path, out, templatesOnly);
    path.pop();
  }
}

type Rule = { kind: SiteKind; head: string; rest: readonly string[] };

const RULES: ReadonlyMap<StepType, readonly Rule[]> = new Map(
  STEP_TYPES.map((type) => [
    type,
    fieldSitesOf(type, ['condition', 'template']).map(
      (site): Rule => ({ kind: site.role as SiteKind, head: site.field, rest: site.at }),
    ),
  ]),
);

/**
 * Every expression and template of a step, conditions first, then templates (the registry's
 * order). Texts without `{{` are left out (they are plain text), except conditions, which are
 * always expressions.
 */
export function sitesOf(step: Step): Site[] {
  const sites: Site[] = [];
  for (const { kind, head, rest } of RULES.get(step.type) ?? []) {
    const value = topField(step, head);
    if (value === undefined || value === '') continue;
    const found: Found[] = [];
    collect(value, rest, 0, [head], found, kind === 'template');
    for (const f of found)
      sites.push({ kind, field: head, text: f.text, path: [...step.origin.path, ...f.path] });
  }
  return sites;
}
