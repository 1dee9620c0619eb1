// The plan as GitHub Actions workflow commands: the summary as a notice (always shown), each step
// the plan deletes and each plan warning as a warning annotation — at most GitHub's 10 per level,
// the rest counted in a closing notice — so a pull request's checks show them.
import { type Annotation, renderAnnotations } from '../github-annotations.js';
import { groupPlan, summaryLine } from './group.js';
import { NO_CHANGES } from './human.js';
import type { PlanRenderer } from './types.js';

export const github: PlanRenderer = (plan) => {
  const groups = groupPlan(plan);
  const annotations: Annotation[] = [];
  for (const g of groups) {
    if (g.kind === 'step' && g.action === 'delete')
      annotations.push({
        level: 'warning',
        title: 'botform plan: delete',
        message: `Step "${g.key}" will be deleted from shop ${plan.target.shop_id}.`,
      });
  }
  for (const w of plan.warnings)
    annotations.push({ level: 'warning', title: `botform ${w.code}`, message: w.message });
  return renderAnnotations(
    annotations,
    {
      seeAll: 'the plan comment (`botform plan --format markdown`) or the output of `botform plan`',
    },
    [
      {
        level: 'notice',
        title: 'botform plan',
        message: groups.length === 0 ? NO_CHANGES : summaryLine(plan),
      },
    ],
  );
};
