// The plan itself, as `botform plan -out FILE` writes it and the other renderers read it.
import type { PlanRenderer } from './types.js';

export const json: PlanRenderer = (plan) => `${JSON.stringify(plan, null, 2)}\n`;
