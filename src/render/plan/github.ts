// The plan as GitHub Actions workflow commands: the summary as a notice (always shown), each step
// the plan deletes and each plan warning as a warning annotation — at most GitHub's 10 per level,
// the rest counted in a closing notice — so a pull request's checks show them.
import type { Plan } from '../../plan/types.js';
import { type Annotation, renderAnnotations } from '../github-annotations.js';
import { groupPlan, summaryLine } from './group.js';
import { NO_CHANGES } from './human.js';
import type { PlanRenderer } from './types.js';

export const PLAN_SEE_ALL =
  'the plan comment (`botform plan --format markdown`) or the output of `botform plan`';

export const github: PlanRenderer = (plan) => {
  const { summary, annotations } = planAnnotations(plan);
  return renderAnnotations(annotations, { seeAll: PLAN_SEE_ALL }, [summary]);
};

/** The plan's summary notice and its warnings; `environment` names the plan in many-environment runs. */
export function planAnnotations(
  plan: Plan,
  environment?: string,
): { summary: Annotation; annotations: Annotation[] } {
  const where = environment === undefined ? '' : ` (${environment})`;
  const groups = groupPlan(plan);
  const annotations: Annotation[] = [];
  for (const g of groups) {
    if (g.kind === 'step' && g.action === 'delete')
      annotations.push({
        level: 'warning',
        title: `botform plan: delete${where}`,
        message: `Step "${g.key}" will be deleted from shop ${plan.target.shop_id}.`,
      });
  }
  for (const w of plan.warnings)
    annotations.push({ level: 'warning', title: `botform ${w.code}${where}`, message: w.message });
  return {
    summary: {
      level: 'notice',
      title: `botform plan${where}`,
      message: groups.length === 0 ? NO_CHANGES : summaryLine(plan),
    },
    annotations,
  };
}
