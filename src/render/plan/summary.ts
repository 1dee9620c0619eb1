// The plan for a GitHub job summary (`>> "$GITHUB_STEP_SUMMARY"`): the markdown comment, cut to
// the summary's limit, which is 1 MiB of UTF-8 rather than a number of characters.
import { fitBytes, STEP_SUMMARY_MAX_BYTES } from '../byte-budget.js';
import { markdown } from './markdown.js';
import type { PlanRenderer } from './types.js';

export const summary: PlanRenderer = (plan, options) =>
  fitBytes(
    (maxLength) => markdown(plan, { ...options, maxLength }),
    options.maxBytes ?? STEP_SUMMARY_MAX_BYTES,
  );
