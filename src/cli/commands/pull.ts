// `botform pull`: writes the live shop as canonical scenario files (YAML or the TS DSL), so a
// shop built by hand in the web constructor can be brought under code.
import path from 'node:path';
import { pullDocument } from '../../pull/to-document.js';
import { pulledToTs } from '../../pull/write-ts.js';
import { pulledToYaml } from '../../pull/write-yaml.js';
import { createClient } from '../../remote/client.js';
import { readLiveState } from '../../remote/read-live.js';
import { SCHEMA_DIR } from '../../validate/schemas.js';
import { parseCommandArgs } from '../args.js';
import { EXIT, UsageError, type CliIo } from '../io.js';
import { writeFileAtomic } from '../plan-output.js';
import { reportApiError } from '../report-error.js';
import { describeTarget, releaseTarget, resolveTarget } from '../target.js';

const HELP = `Usage: botform pull --out <dir> [options]

Writes the live shop's scenario as canonical files: stable order, no ids or timestamps.
A plan right after a pull shows no changes, and pulling again changes nothing.

Options:
  -o, --out <dir>           where to write (scenario.yaml or scenario.ts inside it)
  -f, --format <yaml|ts>    YAML (default) or the TypeScript DSL
      --api <url>, --shop <id>   as for "botform plan"
  -h, --help                show this help
`;

export async function pullCommand(argv: string[], io: CliIo): Promise<number> {
  const { values, positionals } = parseCommandArgs(argv, {
    out: { type: 'string', short: 'o' },
    format: { type: 'string', short: 'f' },
    api: { type: 'string' },
    shop: { type: 'string' },
    help: { type: 'boolean', short: 'h' },
  });
  if (positionals.length > 0) throw new UsageError(`pull takes no paths (got "${positionals[0]}"); name the folder to write with --out.`);
  if (values.help) {
    io.stdout.write(HELP);
    return EXIT.ok;
  }
  const format = values.format ?? 'yaml';
  if (format !== 'yaml' && format !== 'ts') throw new UsageError(`--format must be yaml or ts (got "${format}").`);
  if (!values.out) throw new UsageError('name the folder to write with --out <dir>.');
  const outDir = path.resolve(io.cwd, values.out);
  const target = await resolveTarget({ api: values.api, shop: values.shop }, io.env, io.cwd);
  try {
    if (target.embedded) io.stderr.write(`No --api given: pulling from ${describeTarget(target)}.\n`);
    const client = createClient({ baseUrl: target.api, credentials: target.credentials });
    const pulled = pullDocument(await readLiveState(client, target.shopId));
    const file = path.join(outDir, format === 'yaml' ? 'scenario.yaml' : 'scenario.ts');
    const schema = path.relative(outDir, path.join(SCHEMA_DIR, 'scenario.schema.json')).split(path.sep).join('/');
    await writeFileAtomic(file, format === 'yaml' ? pulledToYaml(pulled, schema) : pulledToTs(pulled));
    for (const warning of pulled.warnings) io.stderr.write(`warning  ${warning}\n`);
    io.stdout.write(`Pulled ${pulled.steps.length} steps from ${describeTarget(target)} into ${path.relative(io.cwd, file) || file}.\n`);
    return EXIT.ok;
  } catch (error) {
    return reportApiError(error, io);
  } finally {
    await releaseTarget(target);
  }
}
