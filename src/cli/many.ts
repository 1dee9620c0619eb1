// The wiring of plan and apply over many environments (`--env 'acme-*'`, `--all-envs`): flags
// checked, the compile port, each environment's apply printed into its own section, the report.
// The runs themselves are deploy/'s.
import path from 'node:path';
import { Writable } from 'node:stream';
import { applyEnvironments } from '../deploy/apply-many.js';
import { planEnvironments, type CompileEnvironment } from '../deploy/many.js';
import { newCompileCache, type Project } from '../compile/project.js';
import { sendsEnvironmentCredentials } from '../deploy/target.js';
import type { Diagnostic } from '../diagnostics/types.js';
import { paletteFor } from '../render/colors.js';
import type { PlanFormat } from '../render/plan/index.js';
import { applyPorts, renderOutcome } from './apply-outcome.js';
import { compileForEnvironment } from './compile-for-command.js';
import { EXIT, UsageError, type CliIo } from './io.js';
import { exitCode, withOutput, writeReport } from './many-render.js';
import { writeFileAtomic } from '../write-file-atomic.js';
import { packageMeta } from '../package-meta.js';
import { projectRoot } from '../config/project-root.js';

export interface ManyFlags {
  api?: string | undefined;
  shop?: string | undefined;
  out?: string | undefined;
  format: PlanFormat;
  /** markdown: the whole document's limit, in characters. */
  maxLength?: number;
  'detailed-exitcode'?: boolean | undefined;
  concurrency?: string | undefined;
  config?: string | undefined;
}

export async function planMany(
  setup: Project,
  positionals: string[],
  flags: ManyFlags,
  io: CliIo,
): Promise<number> {
  const options = manyOptions(setup, positionals, flags, io);
  const runs = (await planEnvironments(setup.selected, options)).map((run) => withOutput(run));
  if (flags.out) {
    const dir = path.resolve(io.cwd, flags.out);
    for (const run of runs)
      if (run.plan)
        await writeFileAtomic(
          path.join(dir, `${run.environment}.json`),
          `${JSON.stringify(run.plan, null, 2)}\n`,
        );
  }
  writeReport(runs, flags.format, io, flags.maxLength);
  return exitCode(runs, flags['detailed-exitcode'] === true);
}

export async function applyMany(
  setup: Project,
  positionals: string[],
  flags: ManyFlags & { confirmed: string[]; autoApprove: boolean; parallelism: number },
  io: CliIo,
): Promise<number> {
  if (!flags.autoApprove)
    throw new UsageError(
      "applying many environments at once needs --auto-approve (each environment's plan is printed).",
    );
  const palette = paletteFor(false);
  // Each environment's apply prints into its own section, shown when the run is over.
  const sections = new Map<string, ReturnType<typeof bufferedIo>>();
  const section = (name: string) => {
    let found = sections.get(name);
    if (!found) {
      found = bufferedIo(io);
      sections.set(name, found);
    }
    return found;
  };
  const ports = new Map<string, ReturnType<typeof applyPorts>>();
  const result = await applyEnvironments(setup.selected, {
    ...manyOptions(setup, positionals, flags, io),
    confirmed: flags.confirmed,
    parallelism: flags.parallelism,
    onEvent: (name, event) => {
      let p = ports.get(name);
      if (!p) {
        p = applyPorts(section(name).io, {
          interactive: false,
          where: name,
          palette,
          progressBar: false,
        });
        ports.set(name, p);
      }
      p.onEvent?.(event);
    },
  });
  if (result.kind === 'checked') {
    const problems = result.problems.map((run) => withOutput(run));
    io.stderr.write(
      `botform apply: nothing was applied: ${problems.length} environment${problems.length === 1 ? ' has' : 's have'} problems.\n`,
    );
    for (const c of problems) io.stderr.write(`\n=== ${c.environment} ===\n${c.output}`);
    return EXIT.problems;
  }
  const runs = result.runs.map((run) => {
    const out = section(run.environment);
    ports.get(run.environment)?.finish();
    if (run.apply)
      renderOutcome(run.apply, out.io, { palette, saved: false, where: run.environment });
    return withOutput(run, out.text());
  });
  writeReport(runs, 'human', io);
  return exitCode(runs, false);
}

function manyOptions(setup: Project, positionals: string[], flags: ManyFlags, io: CliIo) {
  if (flags.shop !== undefined)
    throw new UsageError(
      '--shop names one shop; with many environments each environment names its own.',
    );
  const concurrency = Number(flags.concurrency ?? 8);
  if (!Number.isInteger(concurrency) || concurrency < 1 || concurrency > 256)
    throw new UsageError('--concurrency must be a whole number from 1 to 256.');
  return {
    api: flags.api,
    concurrency,
    shell: io.env,
    root: projectRoot(io.cwd, flags.config),
    compile: compilePort(setup, positionals, flags, io),
    botformVersion: packageMeta().version,
    signal: io.signal,
    sleep: io.sleep,
  };
}

/** Compiles for each environment with one shared cache, collecting the diagnostics. */
function compilePort(
  setup: Project,
  positionals: string[],
  flags: ManyFlags,
  io: CliIo,
): CompileEnvironment {
  const cache = newCompileCache();
  return async (env) => {
    const diagnostics: Diagnostic[] = [];
    const compiled = await compileForEnvironment(positionals, setup, env, io, {
      cache,
      realApi: sendsEnvironmentCredentials(env, flags, io.env),
      report: (found) => diagnostics.push(...found),
    });
    return { compiled, diagnostics };
  };
}

function bufferedIo(io: CliIo): { io: CliIo; text: () => string } {
  let text = '';
  const sink = () =>
    new Writable({
      write(chunk: Buffer | string, _encoding, callback) {
        text += chunk.toString();
        callback();
      },
    });
  return { io: { ...io, stdout: sink(), stderr: sink() }, text: () => text };
}
