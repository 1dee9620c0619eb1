// Stoplight Spectral for the validate benchmark: the linter a user would otherwise pick to check
// scenario files against botform's JSON Schema. It is installed for the benchmark only, outside
// the project's dependencies (bench/.tools/spectral, git-ignored), at a pinned version, and
// reused afterwards. Its ruleset has one rule: Spectral's `schema` core function applies
// scenario.schema.json to the whole of every file. The schema's $refs to the other schema files
// are bundled into one schema object (each file under `definitions`, every $ref rewritten to a
// local pointer), so nothing is resolved from disk or the network while linting.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { measureNode } from './measure.mjs';

export const SPECTRAL_VERSION = '6.16.3';
const ROOT = fileURLToPath(new URL('../', import.meta.url));
const PREFIX = path.join(ROOT, 'bench', '.tools', 'spectral');
const PACKAGE_DIR = path.join(PREFIX, 'node_modules', '@stoplight', 'spectral-cli');
const RULE = 'botform-scenario-schema';

// Returns {bin} (Spectral's JS entry point, run with node) or {skipped: reason}.
export function ensureSpectral() {
  const installed = () => {
    try {
      return JSON.parse(readFileSync(path.join(PACKAGE_DIR, 'package.json'), 'utf8')).version;
    } catch {
      return undefined;
    }
  };
  if (installed() !== SPECTRAL_VERSION) {
    mkdirSync(PREFIX, { recursive: true });
    const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';
    const args = [
      'install',
      '--prefix',
      PREFIX,
      '--no-save',
      '--no-audit',
      '--no-fund',
      '--ignore-scripts',
      `@stoplight/spectral-cli@${SPECTRAL_VERSION}`,
    ];
    console.log(
      `  installing @stoplight/spectral-cli@${SPECTRAL_VERSION} into bench/.tools/spectral (benchmark only, not a project dependency)...`,
    );
    const result = spawnSync(npm, args, { encoding: 'utf8', timeout: 300_000 });
    if (result.status !== 0 || installed() !== SPECTRAL_VERSION) {
      return {
        skipped: `npm install @stoplight/spectral-cli@${SPECTRAL_VERSION} failed: ${result.error?.message ?? npmFailure(result)}`,
      };
    }
  }
  const bin = JSON.parse(readFileSync(path.join(PACKAGE_DIR, 'package.json'), 'utf8')).bin.spectral;
  return { bin: path.join(PACKAGE_DIR, bin) };
}

// The line of npm's error output that says what went wrong (e.g. the registry could not be reached).
function npmFailure({ status, stderr = '', stdout = '' }) {
  const lines = `${stderr}\n${stdout}`
    .split('\n')
    .map((l) => l.replace(/^npm (error|ERR!)\s*/, '').trim());
  const said = lines.find(
    (l) => l !== '' && !/^(code|syscall|errno|path|A complete log)\b/.test(l),
  );
  return (said ?? `npm exited ${status}`).slice(0, 240);
}

// scenario.schema.json with every schemas/*.schema.json it reaches, as one self-contained object.
export function bundledScenarioSchema() {
  const dir = path.join(ROOT, 'schemas');
  const id = (file) => file.replace(/\.schema\.json$/, '');
  const definitions = {};
  const rewrite = (node, file, queue) => {
    if (Array.isArray(node)) return node.map((n) => rewrite(n, file, queue));
    if (node === null || typeof node !== 'object') return node;
    const out = {};
    for (const [k, v] of Object.entries(node)) {
      if (k === '$ref' && typeof v === 'string') {
        const hash = v.indexOf('#');
        const target = hash === 0 ? file : hash < 0 ? v : v.slice(0, hash);
        const pointer = hash < 0 ? '' : v.slice(hash + 1);
        if (!target.endsWith('.schema.json') || !existsSync(path.join(dir, target)))
          throw new Error(`${file}: cannot bundle $ref ${v}`);
        queue.push(target);
        out[k] = `#/definitions/${id(target)}${pointer}`;
      } else {
        out[k] = rewrite(v, file, queue);
      }
    }
    return out;
  };
  // Only the files scenario.schema.json reaches, as a user would give Spectral.
  const queue = ['scenario.schema.json'];
  while (queue.length > 0) {
    const file = queue.shift();
    if (definitions[id(file)]) continue;
    const { $schema, $id, ...schema } = JSON.parse(readFileSync(path.join(dir, file), 'utf8'));
    definitions[id(file)] = rewrite(schema, file, queue);
  }
  return {
    $schema: 'http://json-schema.org/draft-07/schema#',
    $ref: '#/definitions/scenario',
    definitions,
  };
}

// Writes the one-rule ruleset (JSON) into `outDir` and returns its path.
export function writeRuleset(outDir) {
  const ruleset = {
    rules: {
      [RULE]: {
        description: 'Every scenario file matches botform scenario.schema.json.',
        message: '{{error}}',
        severity: 'error',
        given: '$',
        // biome-ignore lint/suspicious/noThenProperty: Spectral's rule format names this key `then`.
        then: {
          function: 'schema',
          functionOptions: { schema: bundledScenarioSchema(), dialect: 'draft7', allErrors: true },
        },
      },
    },
  };
  mkdirSync(outDir, { recursive: true });
  const file = path.join(outDir, 'spectral-ruleset.json');
  writeFileSync(file, `${JSON.stringify(ruleset, null, 2)}\n`);
  return file;
}

// One measured Spectral run over dir/*.yaml. `expectErrors`: false — exit 0 and no result at all
// (so no schema error, no parse problem, no unknown-format warning); true — exit 1 and at least
// one error from the schema rule. Anything else throws: a run that checks nothing is no figure.
export async function measureSpectral(bin, ruleset, dir, { expectErrors = false } = {}) {
  const args = [
    bin,
    'lint',
    path.join(dir, '*.yaml'),
    '--ruleset',
    ruleset,
    '--format',
    'json',
    '--quiet',
    '--fail-on-unmatched-globs',
  ];
  const run = await measureNode(args, {
    cwd: ROOT,
    expectCode: expectErrors ? 1 : 0,
    captureStdout: true,
  });
  let results;
  try {
    results = JSON.parse(run.stdout);
  } catch {
    throw new Error(`spectral printed no JSON results for ${dir}: ${run.stdout.slice(0, 500)}`);
  }
  const schemaErrors = results.filter((r) => r.code === RULE && r.severity === 0);
  if (expectErrors ? schemaErrors.length === 0 : results.length > 0) {
    const what = expectErrors
      ? 'reported no schema error on a broken file'
      : `reported ${results.length} results on valid files`;
    throw new Error(`spectral ${what} (${dir}): ${JSON.stringify(results.slice(0, 3))}`);
  }
  return { ...run, results };
}
