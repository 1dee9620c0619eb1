// The floor for `botform validate`: the same files parsed with a plain YAML parser and validated
// with ajv against the same schemas (schemas/*.schema.json, checked with scenario.schema.json), in
// one process, with no graph checks and no positions.
// Usage: node bench/floor-validate.mjs js-yaml|yaml DIR
// - js-yaml: js-yaml 4 (`load`), the fastest maintained parser here: the floor;
// - yaml: the `yaml` package (`parse`), the previous floor (botform's original parser).
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { Ajv } from 'ajv';

const PARSERS = {
  'js-yaml': async () => (await import('js-yaml')).default.load,
  yaml: async () => (await import('yaml')).parse,
};

const [parserName, dir] = process.argv.slice(2);
if (!PARSERS[parserName] || !dir) {
  console.error(`usage: node bench/floor-validate.mjs ${Object.keys(PARSERS).join('|')} DIR`);
  process.exit(2);
}
const parse = await PARSERS[parserName]();
const schemas = fileURLToPath(new URL('../schemas/', import.meta.url));
const ajv = new Ajv({ allErrors: true, discriminator: true, strict: false });
for (const name of readdirSync(schemas))
  if (name.endsWith('.schema.json'))
    ajv.addSchema(JSON.parse(readFileSync(path.join(schemas, name), 'utf8')), name);
const validate = ajv.getSchema('scenario.schema.json');
let errors = 0;
for (const name of readdirSync(dir).sort()) {
  if (!validate(parse(readFileSync(path.join(dir, name), 'utf8')))) errors++;
}
if (errors) {
  console.error(`floor (${parserName}): ${errors} invalid files`);
  process.exitCode = 1;
}
