// The hook through which completion learns which variables an expression or a template can
// read: the expression language's own variable table (src/expr/variables.ts) — built-ins,
// config `variables:` and what each step saves, with types — listed with their fields as
// dotted names (`stock.in_stock`), so completion and the checker never disagree.
import { variableTable, type VariableSpec } from '../expr/variables.js';
import { typeName, type VarType } from '../expr/types.js';
import type { Scenario } from '../model/scenario.js';

export interface VariableInfo {
  name: string;
  /** Where it comes from, shown beside the name. */
  detail: string;
}

/** Variables readable at `stepKey` (undefined: somewhere outside a known step). */
export type VariableLister = (scenario: Scenario, stepKey: string | undefined) => VariableInfo[];

/** Fields are listed this deep (`order.address.city`): enough for declared API responses. */
const MAX_DEPTH = 4;

function expressionVariables(
  configVariables: ReadonlyMap<string, VariableSpec> = new Map(),
): VariableLister {
  return (scenario) => {
    const table = variableTable(scenario, configVariables);
    const out: VariableInfo[] = [];
    const visit = (name: string, type: VarType, source: string, depth: number): void => {
      out.push({ name, detail: `${typeName(type)} — ${source}` });
      if (type.kind === 'object' && depth < MAX_DEPTH)
        for (const [field, inner] of type.fields)
          visit(`${name}.${field}`, inner, source, depth + 1);
    };
    for (const [name, type] of table.types) {
      const savers = table.savers.get(name);
      const source = savers
        ? `saved by ${savers.map((k) => `"${k}"`).join(', ')}`
        : configVariables.has(name)
          ? 'config variables:'
          : 'built-in';
      visit(name, type, source, 1);
    }
    return out.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  };
}

export const scenarioVariables: VariableLister = expressionVariables();
