// render/plan: plans as text. Plain functions from a Plan to a string, one file each; they
// present the plan's data and never decide what the plan does.
import { github } from './github.js';
import { human } from './human.js';
import { json } from './json.js';
import { markdown } from './markdown.js';
import { summary } from './summary.js';
import type { PlanRenderer } from './types.js';

export type { PlanRenderer } from './types.js';

export const PLAN_FORMATS = ['human', 'json', 'markdown', 'github', 'summary'] as const;
export type PlanFormat = (typeof PLAN_FORMATS)[number];

export const PLAN_RENDERERS: Record<PlanFormat, PlanRenderer> = {
  human,
  json,
  markdown,
  github,
  summary,
};

export function isPlanFormat(value: string): value is PlanFormat {
  return (PLAN_FORMATS as readonly string[]).includes(value);
}
