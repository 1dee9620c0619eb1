// Which step fields hold expressions and templates: one table, so it can later move into the
// step-type registry. A pattern is a path inside the step; `*` matches every list index or map key.
// An operation's API URL is not a template: its `{field}` placeholders are filled from request
// fields (checked by api-url-placeholder), and `{{ }}` there would read as one of them.
import type { DocPath } from '../diagnostics/types.js';
import type { Step } from '../model/scenario.js';
import type { StepType } from '../model/step-types.js';

export type SiteKind = 'condition' | 'template';

export interface SiteRule {
  /** The step types the field belongs to; undefined for every type that has the field. */
  types?: readonly StepType[];
  pattern: readonly string[];
  kind: SiteKind;
}

const EXPRESSION_FIELDS: readonly SiteRule[] = [
  { types: ['condition'], pattern: ['branches', '*', 'if'], kind: 'condition' },
  { pattern: ['text'], kind: 'template' },
  { pattern: ['menu', '*', 'text'], kind: 'template' },
  { pattern: ['menu', '*', 'url'], kind: 'template' },
  { types: ['question'], pattern: ['retry_text'], kind: 'template' },
  { types: ['form', 'order'], pattern: ['success_text'], kind: 'template' },
  { types: ['form', 'order'], pattern: ['fields', '*', 'label'], kind: 'template' },
  { types: ['cart'], pattern: ['checkout_text'], kind: 'template' },
];

export interface Site {
  kind: SiteKind;
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

/**
 * Every expression and template of a step, in table order. Texts without `{{` are left out
 * (they are plain text), except conditions, which are always expressions.
 */
const SPLIT_RULES = EXPRESSION_FIELDS.map((rule) => ({
  rule,
  head: rule.pattern[0] as string,
  rest: rule.pattern.slice(1),
}));

export function sitesOf(step: Step): Site[] {
  const sites: Site[] = [];
  for (const { rule, head, rest } of SPLIT_RULES) {
    if (rule.types && !rule.types.includes(step.type)) continue;
    const value = topField(step, head);
    if (value === undefined || value === '') continue;
    const templatesOnly = rule.kind === 'template';
    const found: Found[] = [];
    collect(value, rest, 0, [head], found, templatesOnly);
    for (const f of found) {
      sites.push({ kind: rule.kind, text: f.text, path: [...step.origin.path, ...f.path] });
    }
  }
  return sites;
}
