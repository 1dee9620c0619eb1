// `npm run check`: the static checks of `npm test` — Biome (format and lint), madge (no import
// cycles), knip (no dead exports or files) and the type check of sources and tests — run at once
// (on two cores about 15 s instead of 25 s one after the other). Each one's output is printed
// whole when it ends, under its name; the run fails if any of them fails.
import { spawn } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = fileURLToPath(new URL('../', import.meta.url));
/** A tool of node_modules/.bin (npm's links, as `npm run` scripts call them). */
const bin = (name) => path.join(ROOT, 'node_modules', '.bin', name);

const CHECKS = [
  ['biome', bin('biome'), ['ci', '.']],
  ['madge', bin('madge'), ['--circular', '--no-spinner', 'src']],
  ['knip', bin('knip'), ['--no-progress']],
  ['typecheck', bin('tsc'), ['-p', 'tsconfig.test.json']],
];

const runs = CHECKS.map(([name, command, args]) =>
  new Promise((resolve) => {
    const child = spawn(command, args, { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    child.stdout.on('data', (c) => (output += c));
    child.stderr.on('data', (c) => (output += c));
    child.on('error', (error) => resolve({ name, code: 1, output: `${output}${error.message}\n` }));
    child.on('close', (code, signal) =>
      resolve({
        name,
        code: code ?? 1,
        output: signal ? `${output}(ended by ${signal})\n` : output,
      }),
    );
  }).then((result) => {
    process.stdout.write(
      `── ${result.name}: ${result.code === 0 ? 'ok' : `failed (exit ${result.code})`}\n${result.output}`,
    );
    return result;
  }),
);

const failed = (await Promise.all(runs)).filter((r) => r.code !== 0);
if (failed.length > 0) {
  process.stderr.write(`npm run check: ${failed.map((r) => r.name).join(', ')} failed.\n`);
  process.exit(1);
}
