// Loads the JSON Schemas from schemas/ and compiles them once per process. The files are the
// same ones editors use through the `# yaml-language-server: $schema=` modeline; they refer to
// each other by relative file name, which is also their key here.
import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { Ajv, type ValidateFunction } from 'ajv';
import addFormatsModule from 'ajv-formats';

export const SCHEMA_DIR = fileURLToPath(new URL('../../schemas/', import.meta.url));

// ajv-formats is CommonJS with a default export; under NodeNext its type is the module.
const addFormats = addFormatsModule as unknown as (ajv: Ajv, formats: string[]) => Ajv;

let compiled: Ajv | undefined;

export function schemaAjv(): Ajv {
  if (compiled) return compiled;
  const ajv = new Ajv({ allErrors: true, verbose: true, discriminator: true, strict: true, strictTypes: false, allowUnionTypes: true });
  addFormats(ajv, ['date-time', 'uri', 'email']);
  for (const name of readdirSync(SCHEMA_DIR).sort()) {
    if (!name.endsWith('.schema.json')) continue;
    const schema = JSON.parse(readFileSync(SCHEMA_DIR + name, 'utf8')) as Record<string, unknown>;
    ajv.addSchema(schema, name);
  }
  compiled = ajv;
  return ajv;
}

export function schemaValidator(name: string): ValidateFunction {
  const validate = schemaAjv().getSchema(name);
  if (!validate) throw new Error(`botform's schema ${name} is missing from ${SCHEMA_DIR}`);
  return validate;
}

/** The raw schema object of a file, for reading allowed property names into messages. */
export function schemaDocument(name: string): Record<string, unknown> | undefined {
  return schemaAjv().getSchema(name)?.schema as Record<string, unknown> | undefined;
}

/** The pattern step keys must match (schemas/common.schema.json#/definitions/stepKey). */
export const STEP_KEY_PATTERN: string = (JSON.parse(readFileSync(SCHEMA_DIR + 'common.schema.json', 'utf8')) as { definitions: { stepKey: { pattern: string } } }).definitions.stepKey.pattern;
