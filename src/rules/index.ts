// rules/: the team's own rules (docs/rules.md) — path properties proved over every path of the
// scenario graph, rules over steps, and policies over plans. Rule files are read (load.ts),
// bound to a compiled scenario (compile.ts, select.ts), and decided (check.ts, decide.ts,
// paths.ts, plan-policy.ts); testgen/counterexample.ts writes a violation as a conversation test. The compile
// door (compile/project.ts) runs them after the built-in checks, so validate, the editor and
// every command report the same violations.
import type { Diagnostic, SourceLocator } from '../diagnostics/types.js';
import type { Scenario } from '../model/scenario.js';
import { checkRules, type Violation } from './check.js';
import { compileRules } from './compile.js';
import type { LoadedRules } from './load.js';
import type { Rule } from './types.js';

export { loadRuleFiles, type LoadedRules } from './load.js';
export { denialDiagnostic, planDenials, planPolicies } from './plan-policy.js';
export { describePath } from './paths.js';
export type { Violation } from './check.js';
export type { Rule } from './types.js';

export interface TeamRules {
  rules: Rule[];
  violations: Violation[];
  diagnostics: Diagnostic[];
}

/**
 * The rules of `loaded` on a compiled scenario. Path and step rules run only on a scenario
 * without errors (a broken scenario's paths would be noise) and when `paths` asks for them;
 * problems of the rule files always show.
 */
export function runTeamRules(
  loaded: LoadedRules,
  compiled: {
    scenario: Scenario;
    diagnostics: readonly Diagnostic[];
    locators: ReadonlyMap<string, SourceLocator>;
  },
  environment: string | undefined,
  options: { paths: boolean } = { paths: true },
): TeamRules {
  if (loaded.files.length === 0 && loaded.diagnostics.length === 0)
    return { rules: [], violations: [], diagnostics: [] };
  const { rules, diagnostics } = compileRules(loaded.files, compiled.scenario);
  const diags = [...loaded.diagnostics, ...diagnostics];
  if (!options.paths || compiled.diagnostics.some((d) => d.severity === 'error'))
    return { rules, violations: [], diagnostics: diags };
  const checked = checkRules(rules, compiled.scenario, compiled.locators, environment);
  return { rules, violations: checked.violations, diagnostics: [...diags, ...checked.diagnostics] };
}
