// Loads the JSON Schemas from schemas/ and compiles them once per process, when first asked
// (nothing is read when the module is imported). The files are the
// same ones editors use through the `# yaml-language-server: $schema=` modeline; they refer to
// each other by relative file name, which is also their key here.
// ajv itself is loaded on first use: a clean scenario is checked by the validator generated at
// build time (schema-verdict.ts) and never needs it.
import { readdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import type { Ajv, ValidateFunction } from 'ajv';
import { AJV_OPTIONS, SCHEMA_FORMATS } from './ajv-options.js';

export const SCHEMA_DIR = fileURLToPath(new URL('../../schemas/', import.meta.url));

const require = createRequire(import.meta.url);

let compiled: Ajv | undefined;

export function schemaAjv(): Ajv {
  if (compiled) return compiled;
  const { Ajv: AjvClass } = require('ajv') as typeof import('ajv');
  // ajv-formats is CommonJS with a default export.
  const formats = require('ajv-formats') as {
    default: (ajv: Ajv, names: readonly string[]) => Ajv;
  };
  const ajv = new AjvClass({ ...AJV_OPTIONS, verbose: true });
  formats.default(ajv, SCHEMA_FORMATS);
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

let stepKey: string | undefined;

/** The pattern step keys must match (schemas/common.schema.json#/definitions/stepKey), read when first asked. */
export function stepKeyPattern(): string {
  stepKey ??= (
    JSON.parse(readFileSync(`${SCHEMA_DIR}common.schema.json`, 'utf8')) as {
      definitions: { stepKey: { pattern: string } };
    }
  ).definitions.stepKey.pattern;
  return stepKey;
}
