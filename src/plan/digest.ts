// The plan digest: a SHA-256 over everything in a plan except the digest itself, in canonical
// JSON (sorted keys). `apply PLANFILE` recomputes it and refuses a plan whose digest differs.
// It detects edits and corruption between `plan` and `apply`; it is NOT a signature — anyone
// who can edit the file can recompute it, which is why apply also checks every call against
// what the plan says it does (apply/verify-plan.ts).
import { createHash } from 'node:crypto';
import { stableStringify } from './canonical.js';
import type { Plan } from './types.js';

export const DIGEST_PREFIX = 'sha256:';

export function planDigest(plan: Plan): string {
  const { digest: _ignored, ...rest } = plan;
  return DIGEST_PREFIX + createHash('sha256').update(stableStringify(rest)).digest('hex');
}

/** The same plan with its digest set (a new object; the argument is not changed). */
export function withDigest(plan: Plan): Plan {
  return { ...plan, digest: planDigest(plan) };
}
