// Reading a saved plan: JSON, a format version this botform knows, and the plan schema; then the
// whole plan verified (verify-plan.ts) and its environment compared with the command's — all
// before anything is sent, not even a login.
import { readFile } from 'node:fs/promises';
import { PLAN_FORMAT_VERSION, type Plan } from '../plan/types.js';
import { schemaValidator } from '../validate/schemas.js';
import { verifyPlan } from './verify-plan.js';

type PlanRead = { ok: true; plan: Plan } | { ok: false; message: string };

export type SavedPlan =
  | { ok: true; plan: Plan }
  /** Not a plan this botform can read (not JSON, another format version, not the schema). */
  | { ok: false; reason: 'unreadable'; message: string }
  /** Not a plan botform made, or changed since: each thing that is wrong. */
  | { ok: false; reason: 'unverified'; problems: string[] }
  /** Made for another environment than the one the command names (or names none). */
  | { ok: false; reason: 'environment'; planned: string | undefined; named: string | undefined };

/**
 * `environment`: the one the command resolved (--env; plan and apply have no default). The plan
 * must have been made for exactly that one: the file never picks where it goes, so a plan
 * relabelled for production is not applied there unless the command says production.
 */
export async function readSavedPlan(
  file: string,
  environment: string | undefined,
): Promise<SavedPlan> {
  const read = await readPlanFile(file);
  if (!read.ok) return { ok: false, reason: 'unreadable', message: read.message };
  const verdict = verifyPlan(read.plan);
  if (!verdict.ok) return { ok: false, reason: 'unverified', problems: verdict.problems };
  if (read.plan.environment !== environment)
    return { ok: false, reason: 'environment', planned: read.plan.environment, named: environment };
  return read;
}

async function readPlanFile(file: string): Promise<PlanRead> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    return { ok: false, message: `cannot read the plan file: ${(error as Error).message}` };
  }
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return { ok: false, message: `${file} is not a plan: it is not valid JSON.` };
  }
  const version = (value as { format_version?: unknown } | null)?.format_version;
  if (version !== PLAN_FORMAT_VERSION) {
    return {
      ok: false,
      message:
        version === undefined
          ? `${file} is not a botform plan (no format_version).`
          : `the plan has format version ${JSON.stringify(version)}; this botform reads format ${PLAN_FORMAT_VERSION} and cannot apply it. Make a new plan with this version.`,
    };
  }
  const validate = schemaValidator('plan.schema.json');
  if (!validate(value)) {
    const first = validate.errors?.[0];
    return {
      ok: false,
      message: `${file} is not a valid botform plan: ${first?.instancePath || '/'} ${first?.message ?? ''}. Was it edited by hand?`,
    };
  }
  return { ok: true, plan: value as Plan };
}
