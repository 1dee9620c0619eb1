// The contract of the plan renderers, apart from their index so that no renderer imports the
// table that lists it.
import type { Plan } from '../../plan/types.js';
import type { Palette } from '../colors.js';

interface PlanRenderOptions {
  palette: Palette;
  /** markdown only: the longest output allowed, in characters (a GitHub comment: 65,535). */
  maxLength?: number;
  /** summary only: the longest output in UTF-8 bytes (default: the job summary's 1 MiB). */
  maxBytes?: number;
}

export type PlanRenderer = (plan: Plan, options: PlanRenderOptions) => string;
