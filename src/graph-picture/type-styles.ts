// The colour of each step type in pictures of the graph comes from its registry entry
// (src/steps/); renderers only call styleOfType().
import { STEP_REGISTRY } from '../steps/index.js';
import type { TypeStyle } from '../steps/types.js';

export type { TypeStyle };

const TYPE_STYLES: ReadonlyMap<string, TypeStyle> = new Map(
  STEP_REGISTRY.map((spec) => [spec.type, spec.picture]),
);

/** A type the registry does not know (a tampered or newer input) still gets a neutral style. */
const FALLBACK: TypeStyle = { fill: '#ffffff', border: '#57606a', label: 'step' };

export function styleOfType(type: string): TypeStyle {
  return TYPE_STYLES.get(type) ?? { ...FALLBACK, label: type };
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
