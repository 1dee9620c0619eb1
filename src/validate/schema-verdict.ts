// Whether a file's value satisfies its schema (scenario, config, rules, conversation tests),
// answered by ajv's standalone code generated at build time (scripts/build-validators.mjs):
// compiling the schemas costs ~0.4 s per process, as much as parsing 10,000 steps. It is
// generated with ajv's `verbose` option, so the errors of a value it refuses are the compiled
// validator's (schemas.ts) errors, schema objects included (a test holds them equal), and a
// refused file no longer loads and compiles ajv either. The generated file is found in the package's dist/ from the
// built modules and from the TypeScript sources alike, so the tests run the verdicts users run;
// without a build there is no verdict, and botform says so.
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import type { ErrorObject } from 'ajv';

type Generated = ((value: unknown) => boolean) & { errors?: ErrorObject[] | null };

type Verdict = (value: unknown) => ErrorObject[] | undefined;

export const GENERATED_VERDICT_FILE = 'schema-verdicts.cjs';

/** The schemas with a generated verdict: export name → schema file. */
export const VERDICT_SCHEMAS = {
  scenario: 'scenario.schema.json',
  config: 'config.schema.json',
  rules: 'rules.schema.json',
  test: 'test.schema.json',
} as const;

export type VerdictSchema = keyof typeof VERDICT_SCHEMAS;

/** dist/validate/ of the package: two folders up from this module, in src/ or in dist/. */
const GENERATED_PATH = fileURLToPath(
  new URL(`../../dist/validate/${GENERATED_VERDICT_FILE}`, import.meta.url),
);

let generated: Partial<Record<VerdictSchema, unknown>> | undefined;
const verdicts = new Map<VerdictSchema, Verdict>();

function generatedModule(): Partial<Record<VerdictSchema, unknown>> {
  if (generated !== undefined) return generated;
  try {
    generated = createRequire(import.meta.url)(GENERATED_PATH) as Partial<
      Record<VerdictSchema, unknown>
    >;
  } catch (error) {
    if (error instanceof Error && 'code' in error && error.code === 'MODULE_NOT_FOUND')
      throw new Error(`botform is not built: ${GENERATED_PATH} is missing (run "npm run build").`);
    throw error;
  }
  return generated;
}

function schemaVerdict(name: VerdictSchema): Verdict {
  let verdict = verdicts.get(name);
  if (verdict) return verdict;
  const check = generatedModule()[name];
  if (typeof check !== 'function')
    throw new Error(
      `${GENERATED_PATH} has no verdict for ${VERDICT_SCHEMAS[name]}: rebuild botform.`,
    );
  const fn = check as Generated;
  verdict = (value) => (fn(value) ? undefined : (fn.errors ?? []));
  verdicts.set(name, verdict);
  return verdict;
}

/** Undefined when the value satisfies the schema; otherwise its errors, for translate-errors.ts. */
export function schemaErrors(name: VerdictSchema, value: unknown): ErrorObject[] | undefined {
  return schemaVerdict(name)(value);
}
