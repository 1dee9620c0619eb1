// The constructor's step blocks. One list, shared by the schemas, the loaders, the emulator and
// the plan, so that adding a block type is a compile error everywhere it is not yet handled.
export const STEP_TYPES = [
  'message',
  'question',
  'form',
  'operation',
  'delay',
  'condition',
  'randomizer',
  'catalog',
  'cart',
  'order',
] as const;

export type StepType = (typeof STEP_TYPES)[number];

export function isStepType(value: unknown): value is StepType {
  return typeof value === 'string' && (STEP_TYPES as readonly string[]).includes(value);
}

/** Step types after which the bot waits for the user (an answer, a form, a choice of goods). */
export const WAITING_TYPES: ReadonlySet<StepType> = new Set<StepType>([
  'question',
  'form',
  'catalog',
  'cart',
  'order',
]);
