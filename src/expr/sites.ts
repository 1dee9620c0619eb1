// Which step fields hold expressions and templates: one table, so it can later move into the
// step-type registry. A pattern is a path inside the step; `*` matches every list index or map key.
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

export const EXPRESSION_FIELDS: readonly SiteRule[] = [
  { types: ['condition'], pattern: ['branches', '*', 'if'], kind: 'condition' },
  { pattern: ['text'], kind: 'template' },
  { pattern: ['menu', '*', 'text'], kind: 'template' },
  { pattern: ['menu', '*', 'url'], kind: 'template' },
  { types: ['question'], pattern: ['retry_text'], kind: 'template' },
  { types: ['form', 'order'], pattern: ['success_text'], kind: 'template' },
  { types: ['form', 'order'], pattern: ['fields', '*', 'label'], kind: 'template' },
  { types: ['cart'], pattern: ['checkout_text'], kind: 'template' },
  { types: ['operation'], pattern: ['api', 'url'], kind: 'template' },
  { types: ['operation'], pattern: ['api', 'headers', '*'], kind: 'template' },
];

export interface Site {
  kind: SiteKind;
  text: string;
  /** The full document path of the string (the step's path + the field's). */
  path: DocPath;
}

/** The step as a plain tree, so one walker reads common and type-specific fields alike. */
function stepTree(step: Step): Record<string, unknown> {
  return { ...step.fields, text: step.text, menu: step.menu.map((b) => ({ text: b.text, url: b.url })) };
}

function collect(value: unknown, pattern: readonly string[], at: number, path: (string | number)[], out: { text: string; path: (string | number)[] }[]): void {
  if (at === pattern.length) {
    if (typeof value === 'string') out.push({ text: value, path });
    return;
  }
  const segment = pattern[at] as string;
  if (segment === '*') {
    if (Array.isArray(value)) value.forEach((item, i) => collect(item, pattern, at + 1, [...path, i], out));
    else if (value !== null && typeof value === 'object') for (const k of Object.keys(value)) collect((value as Record<string, unknown>)[k], pattern, at + 1, [...path, k], out);
    return;
  }
  if (value !== null && typeof value === 'object' && !Array.isArray(value) && Object.hasOwn(value, segment)) {
    collect((value as Record<string, unknown>)[segment], pattern, at + 1, [...path, segment], out);
  }
}

/**
 * Every expression and template of a step, in table order. Texts without `{{` are left out
 * (they are plain text), except conditions, which are always expressions.
 */
export function sitesOf(step: Step): Site[] {
  const tree = stepTree(step);
  const sites: Site[] = [];
  for (const rule of EXPRESSION_FIELDS) {
    if (rule.types && !rule.types.includes(step.type)) continue;
    const found: { text: string; path: (string | number)[] }[] = [];
    collect(tree, rule.pattern, 0, [], found);
    for (const f of found) {
      if (rule.kind === 'template' && !f.text.includes('{{')) continue;
      sites.push({ kind: rule.kind, text: f.text, path: [...step.origin.path, ...f.path] });
    }
  }
  return sites;
}
