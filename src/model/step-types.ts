// The step types, as the registry (src/steps/) declares them; kept here because the IR and many
// modules import them from this place.
export { STEP_TYPES, WAITING_TYPES, isStepType, type StepType } from '../steps/index.js';
