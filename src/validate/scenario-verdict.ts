// Whether a scenario file's value satisfies scenario.schema.json, answered by ajv's standalone
// code generated at build time (scripts/build-validators.mjs): compiling the schemas costs
// ~0.4 s per process, as much as parsing 10,000 steps. It only says yes or no; a file it says
// no to is validated again by the compiled validator (schemas.ts), whose errors become
// diagnostics. Run from the TypeScript sources (the tests), there is no generated file and the
// compiled validator answers.
import { createRequire } from 'node:module';
import { schemaValidator } from './schemas.js';

export type Verdict = (value: unknown) => boolean;

export const GENERATED_VERDICT_FILE = 'scenario-verdict.cjs';

let loaded: Verdict | undefined;

export function scenarioVerdict(): Verdict {
  if (loaded) return loaded;
  try {
    const generated = createRequire(import.meta.url)(`./${GENERATED_VERDICT_FILE}`) as { scenario?: unknown };
    if (typeof generated.scenario === 'function') {
      const check = generated.scenario as (value: unknown) => boolean;
      loaded = (value) => check(value);
      return loaded;
    }
  } catch (error) {
    if (!(error instanceof Error && 'code' in error && error.code === 'MODULE_NOT_FOUND')) throw error;
  }
  const compiled = schemaValidator('scenario.schema.json');
  loaded = (value) => compiled(value);
  return loaded;
}
