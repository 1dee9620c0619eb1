// The live shop as the plan reads it: records with ids, indexed, and turned into the same
// canonical views as the scenario. A reference to a step is shown by that step's name, except
// where the name is ambiguous (duplicate names made by hand) — then as "name#id", which no
// scenario key can equal, so such a reference always shows as a change.
import type { LiveState, MenuItemRecord, StepRecord } from '../remote/contract.js';
import { canonicalParams, canonicalText } from './canonical.js';
import { fromPlatformParams, platformParamKeyToScenario } from './params-mapping.js';
import { isManagedParam } from '../steps/index.js';
import type { ButtonView, StepView } from './types.js';

export type { LiveState } from '../remote/contract.js';

export interface LiveIndex {
  state: LiveState;
  byId: Map<number, StepRecord>;
  byName: Map<string, StepRecord[]>;
  buttonsByStep: Map<number, MenuItemRecord[]>;
  /** How a reference to this id reads in scenario terms (set once steps are matched). */
  nameOf(id: number): string;
}

/**
 * `keyForId` gives the scenario key a live step was matched to; `isScenarioKey` says whether a
 * name is used by the scenario for some (other) step.
 */
export function groupByName(steps: readonly StepRecord[]): Map<string, StepRecord[]> {
  const byName = new Map<string, StepRecord[]>();
  for (const step of [...steps].sort((a, b) => a.id - b.id)) {
    const list = byName.get(step.name);
    if (list) list.push(step);
    else byName.set(step.name, [step]);
  }
  return byName;
}

/** `byName`: groupByName of the same steps, when the caller has it already. */
export function indexLive(
  state: LiveState,
  keyForId: (id: number) => string | undefined,
  isScenarioKey: (name: string) => boolean,
  byName: Map<string, StepRecord[]> = groupByName(state.steps),
): LiveIndex {
  const byId = new Map(state.steps.map((step) => [step.id, step]));
  const buttonsByStep = new Map<number, MenuItemRecord[]>();
  for (const item of state.menuItems) {
    const list = buttonsByStep.get(item.step);
    if (list) list.push(item);
    else buttonsByStep.set(item.step, [item]);
  }
  for (const list of buttonsByStep.values())
    list.sort((a, b) => a.position - b.position || a.id - b.id);
  return {
    state,
    byId,
    byName,
    buttonsByStep,
    nameOf(id) {
      const key = keyForId(id);
      if (key !== undefined) return key;
      const step = byId.get(id);
      if (!step) return `#${id}`;
      return isScenarioKey(step.name) ? `${step.name}#${id}` : step.name;
    },
  };
}

export function liveStepView(step: StepRecord, index: Pick<LiveIndex, 'nameOf'>): StepView {
  const all = fromPlatformParams(step.params ?? {}, (id) => index.nameOf(id));
  // Keys botform does not model (the constructor's own settings) are the platform's business.
  const params = Object.fromEntries(
    Object.entries(all).filter(([key]) => isManagedParam(step.type, key)),
  );
  return {
    type: step.type,
    text: canonicalText(step.text ?? ''),
    next: step.next_step === null ? null : index.nameOf(step.next_step),
    params: canonicalParams(step.type, params),
  };
}

export function liveButtonView(item: MenuItemRecord, index: Pick<LiveIndex, 'nameOf'>): ButtonView {
  return {
    text: canonicalText(item.text),
    goto: item.next_step === null ? null : index.nameOf(item.next_step),
    url: item.url,
    position: item.position,
  };
}

/** The live step's params that botform does not manage, kept as they are by a PATCH of params. */
export function unmanagedParams(step: StepRecord): Record<string, unknown> {
  return Object.fromEntries(
    Object.entries(step.params ?? {}).filter(
      ([key]) => !isManagedParam(step.type, platformParamKeyToScenario(key)),
    ),
  );
}
