// Reference checks against the shop, as the platform's database would make them: every step id a
// write mentions must be a step of the same shop. Ids of other shops read as missing, so nothing
// leaks about shops the user does not manage.
import { collectParamStepRefs } from '../remote/contract.js';
import { FieldCollector } from './fields.js';
import { fieldErrors } from './api-error.js';
import type { Store } from './store/index.js';

/** Step-id fields of a write, by the field name a 400 reports them under. */
export type StepRefs = Record<string, number | null | undefined>;

export function checkStepRefs(
  store: Store,
  shopId: number,
  refs: StepRefs,
  params?: Record<string, unknown>,
): void {
  const out = new FieldCollector();
  const check = (field: string, id: number | null | undefined): void => {
    if (id != null && !store.steps.exists(shopId, id))
      out.add(field, `Step ${id} does not exist in shop ${shopId}.`);
  };
  for (const [field, id] of Object.entries(refs)) check(field, id);
  if (params)
    for (const ref of collectParamStepRefs(params)) check(`params.${ref.path.join('.')}`, ref.id);
  if (!out.ok) throw fieldErrors(out.errors);
}
