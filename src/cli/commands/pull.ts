// `botform pull`: writes the live shop as canonical scenario files (YAML or the TS DSL), so a
// shop built by hand in the web constructor can be brought under code.
import { readdir, readFile, stat } from 'node:fs/promises';
import path from 'node:path';
import { isScenarioFile } from '../../load/find-files.js';
import { pullDocument } from '../../pull/to-document.js';
import { restoreReferences, templateSteps } from '../../pull/restore-references.js';
import { loadScenarioSources } from '../../load/index.js';
import { inputsOf, stringVariables } from '../../compile/project.js';
import { pulledToTs } from '../../pull/write-ts.js';
import { pulledToYaml } from '../../pull/write-yaml.js';
import { createClient } from '../../remote/client.js';
import { readLiveState } from '../../remote/read-live.js';
import { SCHEMA_DIR } from '../../validate/schemas.js';
import { projectRoot } from '../../config/project-root.js';
import { parseCommandArgs } from '../args.js';
import { environmentsForCommand } from '../environment-flags.js';
import { EXIT, UsageError, type CliIo } from '../io.js';
import { writeFileAtomic } from '../../write-file-atomic.js';
import { reportApiError } from '../report-error.js';
import {
  describeTarget,
  environmentTarget,
  releaseTarget,
  resolveTarget,
} from '../../deploy/target.js';

const HELP = `Usage: botform pull --out <dir> [options]

Writes the live shop's scenario as canonical files: stable order, no ids or timestamps.
A plan right after a pull shows no changes, and pulling again changes nothing.

Options:
  -o, --out <dir>           where to write (scenario.yaml or scenario.ts inside it)
  -f, --format <yaml|ts>    YAML (default) or the TypeScript DSL
      --force               replace the file when it exists and differs, or write it beside other
                            scenario files (never done silently: edits could be lost)
      --api <url>, --shop <id>   as for "botform plan"
  -e, --env <name>          pull the shop of this environment of botform.config.yaml; where its
                            scenario files hold \${var.NAME} (or url + staging_url), the
                            environment's values are written back as those references
  -c, --config <file>       config file (default: botform.config.yaml)
  -h, --help                show this help
`;

export async function pullCommand(argv: string[], io: CliIo): Promise<number> {
  const { values, positionals } = parseCommandArgs(argv, {
    out: { type: 'string', short: 'o' },
    format: { type: 'string', short: 'f' },
    api: { type: 'string' },
    shop: { type: 'string' },
    force: { type: 'boolean' },
    help: { type: 'boolean', short: 'h' },
    env: { type: 'string', short: 'e' },
    config: { type: 'string', short: 'c' },
  });
  if (positionals.length > 0)
    throw new UsageError(
      `pull takes no paths (got "${positionals[0]}"); name the folder to write with --out.`,
    );
  if (values.help) {
    io.stdout.write(HELP);
    return EXIT.ok;
  }
  const format = values.format ?? 'yaml';
  if (format !== 'yaml' && format !== 'ts')
    throw new UsageError(`--format must be yaml or ts (got "${format}").`);
  if (!values.out) throw new UsageError('name the folder to write with --out <dir>.');
  const outDir = path.resolve(io.cwd, values.out);
  const outInfo = await stat(outDir).catch(() => undefined);
  if (outInfo && !outInfo.isDirectory())
    throw new UsageError(`--out must be a folder; ${values.out} is a file.`);
  if (values.env !== undefined && /[*?]/.test(values.env))
    throw new UsageError('pull reads one shop: name one environment with --env.');
  const setup =
    values.env === undefined
      ? undefined
      : await environmentsForCommand({ env: values.env }, values.config, io);
  if (values.env !== undefined && !setup) return EXIT.problems;
  const env = setup?.selected[0];
  const target = await resolveTarget(
    { api: values.api, shop: values.shop },
    io.env,
    projectRoot(io.cwd, values.config),
    {
      environment: env && environmentTarget(env),
    },
  );
  try {
    if (target.embedded)
      io.stderr.write(`No --api given: pulling from ${describeTarget(target)}.\n`);
    const client = createClient({
      baseUrl: target.api,
      credentials: target.credentials,
      ...(io.sleep ? { sleep: io.sleep } : {}),
    });
    let pulled = pullDocument(await readLiveState(client, target.shopId));
    // An environment's values go back to the references its files hold (and a staging URL to
    // url + staging_url), so that the files stay every environment's.
    if (setup && env) {
      const template = await loadScenarioSources(inputsOf(setup, env), { cwd: io.cwd });
      const vars = stringVariables(setup, env).vars;
      pulled = restoreReferences(
        pulled,
        templateSteps(template.sources.map((source) => source.value)),
        { vars, staging: env.staging },
      ).scenario;
    }
    const file = path.join(outDir, format === 'yaml' ? 'scenario.yaml' : 'scenario.ts');
    const schema = path
      .relative(outDir, path.join(SCHEMA_DIR, 'scenario.schema.json'))
      .split(path.sep)
      .join('/');
    const content = format === 'yaml' ? pulledToYaml(pulled, schema) : pulledToTs(pulled);
    const existing = await readIfExists(file);
    if (existing === content) {
      io.stdout.write(
        `${path.relative(io.cwd, file) || file} is up to date: the live shop has not changed since it was pulled.\n`,
      );
      return EXIT.ok;
    }
    const others = outInfo
      ? (await readdir(outDir)).filter(
          (name) => isScenarioFile(name) && path.join(outDir, name) !== file,
        )
      : [];
    if (others.length > 0 && !values.force) {
      io.stderr.write(
        `botform pull: ${path.relative(io.cwd, outDir) || '.'} already holds scenario files (${others.join(', ')}); with ${path.basename(file)} they would define the shop's steps twice. Pull into a folder of its own, or use --force.\n`,
      );
      return EXIT.problems;
    }
    if (existing !== undefined && !values.force) {
      // It may hold edits not yet applied (or not committed): never overwrite them silently.
      io.stderr.write(
        `botform pull: ${path.relative(io.cwd, file) || file} exists and differs from the live shop; not overwritten. Use --force to replace it (its edits would be lost unless committed).\n`,
      );
      return EXIT.problems;
    }
    await writeFileAtomic(file, content);
    for (const warning of pulled.warnings) io.stderr.write(`warning  ${warning}\n`);
    io.stdout.write(
      `Pulled ${pulled.steps.length} steps from ${describeTarget(target)} into ${path.relative(io.cwd, file) || file}.\n`,
    );
    return EXIT.ok;
  } catch (error) {
    return reportApiError(error, io);
  } finally {
    await releaseTarget(target);
  }
}

async function readIfExists(file: string): Promise<string | undefined> {
  try {
    return await readFile(file, 'utf8');
  } catch (error) {
    if ((error as { code?: string }).code === 'ENOENT') return undefined;
    throw error;
  }
}
