// The colour of each step type in pictures of the graph. One small table, kept apart so that it
// can move into the step-type registry (each type then carries its own colour) without any
// renderer changing: renderers only call styleOfType().
import type { StepType } from '../model/step-types.js';

export interface TypeStyle {
  /** Fill and border, as #rrggbb. */
  fill: string;
  border: string;
  /** One word for the legend. */
  label: string;
}

const TYPE_STYLES: Record<StepType, TypeStyle> = {
  message: { fill: '#ddf4ff', border: '#0969da', label: 'message' },
  question: { fill: '#fbefff', border: '#8250df', label: 'question' },
  form: { fill: '#f3e8ff', border: '#6639ba', label: 'form' },
  operation: { fill: '#fff1e5', border: '#bc4c00', label: 'operation (API call)' },
  delay: { fill: '#f6f8fa', border: '#6e7781', label: 'delay' },
  condition: { fill: '#fff8c5', border: '#9a6700', label: 'condition' },
  randomizer: { fill: '#ffeff7', border: '#bf3989', label: 'randomizer' },
  catalog: { fill: '#dafbe1', border: '#1a7f37', label: 'catalog' },
  cart: { fill: '#d1f0e0', border: '#116329', label: 'cart' },
  order: { fill: '#cdf5f0', border: '#0e6f66', label: 'order' },
};

/** A type the table does not know yet (a newly registered one) still gets a neutral style. */
const FALLBACK: TypeStyle = { fill: '#ffffff', border: '#57606a', label: 'step' };

export function styleOfType(type: string): TypeStyle {
  return Object.hasOwn(TYPE_STYLES, type) ? TYPE_STYLES[type as StepType] : { ...FALLBACK, label: type };
}

/** Colours of what the picture marks, shared by every format and the legend. */
export const MARK = {
  problem: '#cf222e',
  problemFill: '#ffebe9',
  unreachable: '#bc4c00',
  automatic: '#424a53',
  button: '#0969da',
  onError: '#cf222e',
  walked: '#1a7f37',
  unwalked: '#d0d7de',
  entry: '#1f2328',
} as const;
