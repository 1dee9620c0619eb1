// The floor for `botform validate`: the same files parsed with yaml and validated with ajv
// against the same schemas, in one process, with no graph checks and no positions.
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { Ajv } from 'ajv';
import { parse } from 'yaml';

const dir = process.argv[2];
const schemas = fileURLToPath(new URL('../schemas/', import.meta.url));
const ajv = new Ajv({ allErrors: true, discriminator: true, strict: false });
for (const name of readdirSync(schemas)) if (name.endsWith('.schema.json')) ajv.addSchema(JSON.parse(readFileSync(path.join(schemas, name), 'utf8')), name);
const validate = ajv.getSchema('scenario.schema.json');
let errors = 0;
for (const name of readdirSync(dir).sort()) {
  if (!validate(parse(readFileSync(path.join(dir, name), 'utf8')))) errors++;
}
if (errors) {
  console.error(`floor: ${errors} invalid files`);
  process.exitCode = 1;
}
