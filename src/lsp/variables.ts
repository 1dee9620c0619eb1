// The hook through which completion learns which variables an expression or a template can
// read at a step. The expression language (src/expr/) owns the real answer — its scope rules,
// built-in namespaces, what each step type saves; at merge, replace `scenarioVariables` with a
// call into it. Until then this lists what the scenario itself saves under a name (`save_as`),
// which is data the IR already holds, not a second reading of expressions.
import type { Scenario } from '../model/scenario.js';

export interface VariableInfo {
  name: string;
  /** Where it comes from, shown beside the name. */
  detail: string;
}

/** Variables readable at `stepKey` (undefined: somewhere outside a known step). */
export type VariableLister = (scenario: Scenario, stepKey: string | undefined) => VariableInfo[];

export const scenarioVariables: VariableLister = (scenario) => {
  const seen = new Map<string, VariableInfo>();
  for (const step of scenario.steps.values()) {
    const name = step.fields.save_as;
    if (typeof name === 'string' && name !== '' && !seen.has(name)) seen.set(name, { name, detail: `saved by ${step.type} step "${step.key}"` });
  }
  return [...seen.values()].sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
};
