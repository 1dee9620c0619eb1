// A many-environment plan as GitHub annotations: each environment's summary notice and warnings
// (titled with its name), and an error for each environment that failed — chosen and counted
// together, since GitHub's limit of 10 per level is per step, not per environment.
import { type Annotation, renderAnnotations } from '../github-annotations.js';
import { PLAN_SEE_ALL, planAnnotations } from './github.js';
import type { EnvironmentSection } from './many-markdown.js';

export function manyAnnotations(sections: readonly EnvironmentSection[]): string {
  const failed: Annotation[] = sections
    .filter((s) => !s.ok)
    .map((s) => ({
      level: 'error',
      title: `botform plan (${s.environment})`,
      message: `${s.environment}: ${s.status}${s.output.trim() ? `\n${s.output.trim()}` : ''}`,
    }));
  const rest: Annotation[] = [];
  for (const s of sections) {
    if (!s.plan) continue;
    const { summary, annotations } = planAnnotations(s.plan, s.environment);
    rest.push(summary, ...annotations);
  }
  return renderAnnotations(rest, { seeAll: PLAN_SEE_ALL }, failed);
}
