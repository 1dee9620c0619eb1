// What a team rule is once read: its form, its selectors compiled, and where it is written.
import type { CompiledExpression } from '../expr/index.js';
import type { Severity, SourceLocator } from '../diagnostics/types.js';
import type { Step } from '../model/scenario.js';
import type { TransitionKind } from '../steps/index.js';

/** Which steps a selector picks, and how it reads to people ("steps of type order"). */
export interface StepSelector {
  matches(step: Step): boolean;
  describe: string;
  /** `{transition: on_error}`: the steps are the ones that transition enters. */
  enteredBy?: TransitionKind;
}

interface RuleBase {
  id: string;
  message: string;
  severity: Severity;
  /** Only in these environments; undefined: everywhere. */
  environments: string[] | undefined;
  /** The rule file (as shown to users) and the rule's path in it. */
  file: string;
  path: (string | number)[];
  locator: SourceLocator;
}

export type Rule =
  | (RuleBase & {
      form: 'every-path';
      from: StepSelector | undefined;
      to: StepSelector;
      passes: StepSelector;
    })
  | (RuleBase & {
      form: 'reaches';
      from: StepSelector;
      reaches: StepSelector;
      within: number | undefined;
    })
  | (RuleBase & { form: 'never'; from: StepSelector; to: StepSelector })
  | (RuleBase & { form: 'require'; steps: StepSelector; require: CompiledExpression })
  | (RuleBase & { form: 'plan'; deny: CompiledExpression });

export type PathRule = Extract<Rule, { form: 'every-path' | 'reaches' | 'never' }>;
