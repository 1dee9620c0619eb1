// The plan as GitHub Actions workflow commands: the summary as a notice, each step the plan
// deletes and each plan warning as a warning annotation, so a pull request's checks show them.
import { escapeData, escapeProperty } from '../diagnostics/github.js';
import { groupPlan, summaryLine } from './group.js';
import { NO_CHANGES } from './human.js';
import type { PlanRenderer } from './index.js';

export const github: PlanRenderer = (plan) => {
  const groups = groupPlan(plan);
  const lines: string[] = [];
  const title = (t: string) => `title=${escapeProperty(t)}`;
  for (const g of groups) {
    if (g.kind === 'step' && g.action === 'delete')
      lines.push(
        `::warning ${title('botform plan: delete')}::${escapeData(`Step "${g.key}" will be deleted from shop ${plan.target.shop_id}.`)}`,
      );
  }
  for (const w of plan.warnings)
    lines.push(`::warning ${title(`botform ${w.code}`)}::${escapeData(w.message)}`);
  lines.push(
    `::notice ${title('botform plan')}::${escapeData(groups.length === 0 ? NO_CHANGES : summaryLine(plan))}`,
  );
  return `${lines.join('\n')}\n`;
};
