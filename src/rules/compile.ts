// From rule files as written to rules bound to one scenario: the form chosen, selectors compiled
// (with did-you-mean for a step key or type that is not there), CEL parsed. A rule with a
// problem is a diagnostic at its place in the rule file and is left out; the others still run.
import { diagnosticFor } from '../diagnostics/make.js';
import { didYouMean } from '../diagnostics/suggest.js';
import type { Diagnostic, Severity } from '../diagnostics/types.js';
import { compileExpression } from '../expr/index.js';
import type { Scenario } from '../model/scenario.js';
import { FORM_KEYS, type RuleFile } from './load.js';
import { compileSelector, type SelectorProblem } from './select.js';
import type { Rule, StepSelector } from './types.js';

type SelectorSpec = Parameters<typeof compileSelector>[0];

/** Every key a rule may have (schemas/rules.schema.json). */
const RULE_KEYS = new Set([
  'id',
  'message',
  'severity',
  'environments',
  'every_path',
  'passes',
  'from',
  'reaches',
  'within',
  'never',
  'steps',
  'require',
  'plan',
]);

export function compileRules(
  files: readonly RuleFile[],
  scenario: Scenario,
): { rules: Rule[]; diagnostics: Diagnostic[] } {
  const rules: Rule[] = [];
  const diagnostics: Diagnostic[] = [];
  const seen = new Map<string, string>();
  for (const file of files) {
    for (const { raw, index } of file.rules) {
      const at = ['rules', index];
      const problem = (path: (string | number)[], message: string) =>
        diagnostics.push(diagnosticFor('rules-invalid', message, file.locator, path));
      const id = raw.id as string;
      const earlier = seen.get(id);
      if (earlier !== undefined) {
        problem([...at, 'id'], `A rule "${id}" is already defined in ${earlier}.`);
        continue;
      }
      seen.set(id, file.file);
      const forms = FORM_KEYS.filter((f) => f in raw);
      if (forms.length !== 1) {
        const unknown = Object.keys(raw).filter((k) => !RULE_KEYS.has(k));
        const hint =
          unknown.length > 0
            ? ` ${unknown.map((k) => `\`${k}\``).join(', ')} ${unknown.length === 1 ? 'is' : 'are'} not part of a rule.${
                didYouMean(unknown[0] as string, RULE_KEYS)
                  ? ` ${didYouMean(unknown[0] as string, RULE_KEYS)}`
                  : ''
              }`
            : '';
        problem(
          at,
          `Rule "${id}" has ${forms.length === 0 ? 'no form' : `${forms.join(' and ')}`}: give exactly one of every_path + passes, from + reaches, never, steps + require, plan.${hint}`,
        );
        continue;
      }
      const problems: SelectorProblem[] = [];
      const selector = (field: string, spec: unknown): StepSelector =>
        compileSelector(spec as SelectorSpec, scenario, problems, [...at, field]);
      const base = {
        id,
        message: typeof raw.message === 'string' ? raw.message : `Rule ${id}.`,
        severity: (raw.severity as Severity | undefined) ?? 'error',
        environments: raw.environments as string[] | undefined,
        file: file.file,
        path: at,
        locator: file.locator,
      };
      let rule: Rule | undefined;
      if ('every_path' in raw) {
        const spec = raw.every_path as { from?: unknown; to: unknown };
        rule = {
          ...base,
          form: 'every-path',
          from: spec.from === undefined ? undefined : selector('every_path', spec.from),
          to: selector('every_path', spec.to),
          passes: selector('passes', raw.passes),
        };
      } else if ('reaches' in raw) {
        rule = {
          ...base,
          form: 'reaches',
          from: selector('from', raw.from),
          reaches: selector('reaches', raw.reaches),
          within: raw.within as number | undefined,
        };
      } else if ('never' in raw) {
        const spec = raw.never as { from: unknown; to: unknown };
        rule = {
          ...base,
          form: 'never',
          from: selector('never', spec.from),
          to: selector('never', spec.to),
        };
      } else if ('require' in raw) {
        const compiled = compileExpression(raw.require as string);
        if (!compiled.ok) problem([...at, 'require'], `require: ${compiled.error.message}.`);
        else
          rule = {
            ...base,
            form: 'require',
            steps: selector('steps', raw.steps),
            require: compiled.value,
          };
      } else {
        const deny = (raw.plan as { deny: string }).deny;
        const compiled = compileExpression(deny);
        if (!compiled.ok) problem([...at, 'plan', 'deny'], `plan.deny: ${compiled.error.message}.`);
        else rule = { ...base, form: 'plan', deny: compiled.value };
      }
      for (const p of problems) {
        const key = /^No step "(.*)" in the scenario\.$/.exec(p.message)?.[1];
        const hint = key !== undefined ? didYouMean(key, scenario.steps.keys()) : undefined;
        problem(p.path, hint ? `${p.message} ${hint}` : p.message);
      }
      if (rule && problems.length === 0) rules.push(rule);
    }
  }
  return { rules, diagnostics };
}
