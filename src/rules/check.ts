// Team rules decided on one compiled scenario: each path rule by a breadth-first search over
// the graph (linear in steps and transitions per rule), its paths checked against their
// conditions by decide.ts; each step rule by one CEL evaluation per selected step. A violation is a diagnostic at the place the path breaks the rule (the
// transition into the step it may not reach, the step it may not be), naming a shortest path;
// a rule that holds only because it selects nothing, or its target cannot be reached, warns.
import { diagnosticFor } from '../diagnostics/make.js';
import type { Diagnostic, SourceLocator } from '../diagnostics/types.js';
import { evaluateCondition } from '../expr/index.js';
import { transitionId } from '../runtime/index.js';
import { analyzeFeasibility } from '../solve/feasibility.js';
import { conversationStarts, type Scenario } from '../model/scenario.js';
import { pathDecider } from './decide.js';
import { describePath, stepsOf, successorsOf, type ScenarioPath } from './paths.js';
import { stepAsValue } from './step-value.js';
import type { PathRule, Rule, StepSelector } from './types.js';

export interface Violation {
  rule: PathRule;
  path: ScenarioPath;
}

export interface RuleCheck {
  diagnostics: Diagnostic[];
  violations: Violation[];
}

/** Whether a rule applies in a run for `environment` (undefined: a run without one). */
export function appliesIn(rule: Rule, environment: string | undefined): boolean {
  return (
    rule.environments === undefined ||
    (environment !== undefined && rule.environments.includes(environment))
  );
}

export function checkRules(
  rules: readonly Rule[],
  scenario: Scenario,
  locators: ReadonlyMap<string, SourceLocator>,
  environment: string | undefined,
): RuleCheck {
  // Transitions proved impossible are no part of any path (computed only for path rules).
  const pathRules = rules.some(
    (r) => r.form !== 'require' && r.form !== 'plan' && appliesIn(r, environment),
  );
  const feasibility = pathRules ? analyzeFeasibility(scenario) : undefined;
  const proofs = feasibility?.infeasible ?? new Map<string, unknown>();
  const next = successorsOf(scenario, (from, kind, index) =>
    proofs.has(transitionId(from, kind, index)),
  );
  const { goalPaths, missing, reachedOf, canArrive } = pathDecider(scenario, next, feasibility);
  const entries = conversationStarts(scenario);
  const out: RuleCheck = { diagnostics: [], violations: [] };
  const vacuous = (rule: Rule, why: string) =>
    out.diagnostics.push(
      diagnosticFor(
        'rule-vacuous',
        `Rule "${rule.id}" holds only because ${why}.`,
        rule.locator,
        rule.path,
        'value',
        { hint: 'Check its selectors: a rule that tests nothing guards nothing.' },
      ),
    );
  /** Where a path breaks its rule: the transition into its last step, or its only step. */
  const placeOf = (path: ScenarioPath) => {
    const last = path.hops.at(-1);
    const where = last
      ? {
          file: scenario.steps.get(last.from)?.origin.file,
          path: last.transition.path,
          target: 'value' as const,
        }
      : {
          file: scenario.steps.get(path.start)?.origin.file,
          path: scenario.steps.get(path.start)?.origin.path ?? [],
          target: 'key' as const,
        };
    const locator = where.file !== undefined ? locators.get(where.file) : undefined;
    return locator ? { ...where, locator } : undefined;
  };
  const broken = (rule: PathRule, path: ScenarioPath) => {
    out.violations.push({ rule, path });
    const at = placeOf(path);
    if (!at) return;
    out.diagnostics.push(
      ruleDiagnostic(
        rule,
        at.locator,
        at.path,
        at.target,
        `A conversation that breaks it: ${describePath(path)}.`,
      ),
    );
  };
  const undecided = (rule: PathRule, path: ScenarioPath) => {
    const at = placeOf(path);
    if (!at) return;
    out.diagnostics.push(
      diagnosticFor(
        'rule-undecided',
        `Rule "${rule.id}" is not decided here: the shortest path that would break it asks for conditions that cannot all hold, and the search for another ran past its bound.`,
        at.locator,
        at.path,
        at.target,
        {
          hint: `The path: ${describePath(path)}. Narrow the rule's selectors, or check this way by hand.`,
        },
      ),
    );
  };
  const report = (rule: PathRule, found: { paths: ScenarioPath[]; undecided: ScenarioPath[] }) => {
    // A path from a step no conversation can arrive at breaks nothing.
    for (const path of found.paths)
      if ((rule.form !== 'never' || path.hops.length > 0) && canArrive(path.start))
        broken(rule, path);
    for (const path of found.undecided) if (canArrive(path.start)) undecided(rule, path);
  };

  for (const rule of rules) {
    if (!appliesIn(rule, environment) || rule.form === 'plan') continue;
    if (rule.form === 'require') {
      const steps = stepsOf(scenario, rule.steps);
      if (steps.length === 0) {
        vacuous(rule, `its steps selector (${rule.steps.describe}) selects no step`);
        continue;
      }
      for (const key of steps) {
        const step = scenario.steps.get(key);
        if (!step) continue;
        const result = evaluateCondition(rule.require, { step: stepAsValue(step) });
        if (!result.ok) {
          out.diagnostics.push(
            diagnosticFor(
              'rules-invalid',
              `Rule "${rule.id}": require: ${result.error.message} (step "${key}").`,
              rule.locator,
              [...rule.path, 'require'],
            ),
          );
          break;
        }
        const locator = locators.get(step.origin.file);
        if (!result.value && locator)
          out.diagnostics.push(
            ruleDiagnostic(
              rule,
              locator,
              step.origin.path,
              'key',
              `"${key}" does not satisfy ${rule.require.source}.`,
            ),
          );
      }
      continue;
    }
    if (rule.form === 'every-path') {
      const selected = rule.from ? stepsOf(scenario, rule.from) : entries;
      const sources = reachedOf(selected);
      const to = keySet(scenario, rule.to);
      const passes = keySet(scenario, rule.passes);
      const isTo = (key: string) => to.has(key);
      if (selected.length === 0) vacuous(rule, 'it has no step to start from');
      else if (sources.length === 0 && rule.from)
        vacuous(rule, `no conversation reaches its "from" (${rule.from.describe})`);
      else if (to.size === 0) vacuous(rule, `its "to" (${rule.to.describe}) selects no step`);
      else {
        const found = goalPaths(sources, isTo, (key) => passes.has(key));
        const none = (f: typeof found) => f.paths.length === 0 && f.undecided.length === 0;
        // Vacuous only when it found nothing and no path reaches a "to" step at all.
        if (none(found) && none(goalPaths(sources, isTo)))
          vacuous(rule, `no ${rule.to.describe} can be reached`);
        report(rule, found);
      }
      continue;
    }
    if (rule.form === 'never') {
      const selected = stepsOf(scenario, rule.from);
      const sources = reachedOf(selected);
      const to = keySet(scenario, rule.to);
      if (selected.length === 0)
        vacuous(rule, `its "from" (${rule.from.describe}) selects no step`);
      else if (sources.length === 0)
        vacuous(rule, `no conversation reaches its "from" (${rule.from.describe})`);
      else if (to.size === 0) vacuous(rule, `its "to" (${rule.to.describe}) selects no step`);
      else
        report(
          rule,
          goalPaths(sources, (key) => to.has(key)),
        );
      continue;
    }
    const selected = stepsOf(scenario, rule.from);
    const starts = reachedOf(selected);
    const targets = keySet(scenario, rule.reaches);
    if (selected.length === 0) vacuous(rule, `its "from" (${rule.from.describe}) selects no step`);
    else if (starts.length === 0)
      vacuous(rule, `no conversation reaches its "from" (${rule.from.describe})`);
    else if (targets.size === 0)
      vacuous(rule, `its "reaches" (${rule.reaches.describe}) selects no step`);
    else
      for (const start of starts)
        report(
          rule,
          missing(start, (key) => targets.has(key), rule.within),
        );
  }
  return out;
}

/** The keys a selector selects, decided once per rule. */
function keySet(scenario: Scenario, selector: StepSelector): Set<string> {
  return new Set(stepsOf(scenario, selector));
}

function ruleDiagnostic(
  rule: Rule,
  locator: SourceLocator,
  path: readonly (string | number)[],
  target: 'key' | 'value',
  hint: string,
): Diagnostic {
  const d = diagnosticFor(
    'rule-violation',
    `${rule.message} (rule ${rule.id})`,
    locator,
    path,
    target,
    {
      severity: rule.severity,
      hint,
    },
  );
  const at = rule.locator.locate(rule.path, 'value');
  d.related = [{ file: rule.file, line: at.line, column: at.column, message: `rule ${rule.id}` }];
  d.rule = { id: rule.id, message: rule.message };
  return d;
}
