// The scenario IR as the plan compares it: per step a canonical view (keys, not ids) and its
// buttons in order. Fields that exist only for botform (renamed_from) stay beside the view.
import { COMMON_STEP_FIELDS, type Scenario } from '../model/scenario.js';
import type { ButtonView, StepView } from './types.js';
import { canonicalParams, canonicalText } from './canonical.js';

interface DesiredStep {
  key: string;
  view: StepView;
  buttons: ButtonView[];
  renamedFrom: string[];
  protect: boolean;
}

export interface DesiredState {
  start: string | null;
  steps: Map<string, DesiredStep>;
}

export function desiredState(scenario: Scenario): DesiredState {
  const steps = new Map<string, DesiredStep>();
  for (const [key, step] of scenario.steps) {
    // description and protect travel in params, so that pull can write them back and a
    // protected step stays protected even after its definition is removed from the files.
    // `end` is the designer's note to the dead-end check, not a platform setting: pull infers it.
    const params: Record<string, unknown> = { ...step.fields };
    for (const name of Object.keys(params)) if (COMMON_STEP_FIELDS.has(name)) delete params[name];
    if (step.protect) params.protect = true;
    const view: StepView = {
      type: step.type,
      text: canonicalText(step.text),
      next: step.next,
      params: canonicalParams(step.type, params),
    };
    const buttons: ButtonView[] = step.menu.map((b, position) => ({
      text: canonicalText(b.text),
      goto: b.goto,
      url: b.url,
      position,
    }));
    steps.set(key, { key, view, buttons, renamedFrom: step.renamedFrom, protect: step.protect });
  }
  return { start: scenario.start?.key ?? null, steps };
}
