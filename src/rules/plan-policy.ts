// Plan policies: `plan: {deny: CEL}` rules decided on a plan before anything is applied. The
// CEL sees `plan` — `environment`, `creates`, `updates`, `deletes` (each a list of
// `{kind: step|button|shop, key, label?, fields?}`; steps and buttons a plan only links or
// unlinks to break a cycle are not counted twice) and `steps` (the keys of every step touched).
// A denied plan is refused by `plan` and `apply` with the rule's message.
import { diagnosticFor } from '../diagnostics/make.js';
import type { Diagnostic } from '../diagnostics/types.js';
import { compileExpression, evaluateCondition } from '../expr/index.js';
import type { Plan, PlanOperation } from '../plan/types.js';
import { appliesIn } from './check.js';
import type { RuleFile } from './load.js';
import type { Rule } from './types.js';

export interface Denial {
  rule: Extract<Rule, { form: 'plan' }>;
  /** Set when the condition could not be decided: a plan is refused then too, with the reason. */
  error?: string;
}

function planAsValue(plan: Plan, environment: string | undefined): Record<string, unknown> {
  const entry = (op: PlanOperation) => ({
    kind: op.address.kind === 'menu_item' ? 'button' : op.address.kind,
    key: op.address.key,
    ...(op.address.label !== undefined ? { label: op.address.label } : {}),
    ...(op.changed ? { fields: op.changed } : {}),
  });
  const main = plan.operations.filter((op) => op.phase === undefined || op.action === 'delete');
  const of = (action: PlanOperation['action']) =>
    main.filter((op) => op.action === action && op.phase !== 'unlink').map(entry);
  return {
    environment: environment ?? '',
    creates: of('create'),
    updates: of('update'),
    deletes: of('delete'),
    steps: [
      ...new Set(
        plan.operations.filter((op) => op.address.kind === 'step').map((op) => op.address.key),
      ),
    ],
  };
}

/** The policies that refuse `plan` in `environment`. */
export function planDenials(
  rules: readonly Rule[],
  plan: Plan,
  environment: string | undefined,
): Denial[] {
  const value = planAsValue(plan, environment);
  const out: Denial[] = [];
  for (const rule of rules) {
    if (rule.form !== 'plan' || !appliesIn(rule, environment)) continue;
    const result = evaluateCondition(rule.deny, { plan: value });
    if (!result.ok) out.push({ rule, error: result.error.message });
    else if (result.value) out.push({ rule });
  }
  return out;
}

type PlanRule = Extract<Rule, { form: 'plan' }>;

/**
 * Only the plan policies of the rule files, for a saved plan applied without compiling the
 * scenario (path and step rules need it; policies do not). Problems are compileRules' too.
 */
export function planPolicies(files: readonly RuleFile[]): PlanRule[] {
  const out: PlanRule[] = [];
  for (const file of files)
    for (const { raw, index } of file.rules) {
      const deny = (raw.plan as { deny?: unknown } | undefined)?.deny;
      if (typeof deny !== 'string') continue;
      const compiled = compileExpression(deny);
      if (!compiled.ok) continue;
      const id = raw.id as string;
      out.push({
        id,
        message: typeof raw.message === 'string' ? raw.message : `Rule ${id}.`,
        severity: 'error',
        environments: raw.environments as string[] | undefined,
        file: file.file,
        path: ['rules', index],
        locator: file.locator,
        form: 'plan',
        deny: compiled.value,
      });
    }
  return out;
}

/** A denial as a diagnostic at the rule, so every format of plan and apply shows it. */
export function denialDiagnostic(denial: Denial, environment: string | undefined): Diagnostic {
  const { rule } = denial;
  const where = environment === undefined ? '' : ` in ${environment}`;
  const message = denial.error
    ? `Plan policy ${rule.id} could not be decided${where}: ${denial.error}. The plan is refused.`
    : `${rule.message} The plan is refused${where} (plan policy ${rule.id}).`;
  return diagnosticFor(
    'plan-denied',
    message,
    rule.locator,
    [...rule.path, 'plan', 'deny'],
    'value',
    {
      hint: `deny: ${rule.deny.source}`,
    },
  );
}
