// plan/apply over many environments in one process (`--env 'acme-*'`, `--all-envs`): bounded
// concurrency, each environment's output kept apart, one summary table, one markdown document
// with a collapsed section per environment, and one exit code. A failure in one environment is
// that environment's row; the others still run and are reported.
import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import { Writable } from 'node:stream';
import type { Plan } from '../plan/types.js';
import { createClient } from '../remote/client.js';
import { paletteFor } from '../render/colors.js';
import { PLAN_RENDERERS, type PlanFormat } from '../render/plan/index.js';
import { newCompileCache, type CompileCache, type Project } from '../compile/project.js';
import type { ResolvedEnvironment } from '../environments/resolve.js';
import { compileForEnvironment } from './compile-for-command.js';
import { environmentTarget, usesRealApi } from './environment-flags.js';
import { EXIT, UsageError, type CliIo } from './io.js';
import { planAgainstShop } from './plan-against-shop.js';
import { writeFileAtomic } from './plan-output.js';
import { reportApiError } from './report-error.js';
import { releaseTarget, resolveTarget, startEmbeddedEmulator, type Target } from './target.js';
import { renderManyMarkdown, renderSummaryTable, type EnvironmentRow } from './many-render.js';

export interface ManyFlags {
  api?: string | undefined;
  shop?: string | undefined;
  out?: string | undefined;
  format: PlanFormat;
  'detailed-exitcode'?: boolean | undefined;
  concurrency?: string | undefined;
}

/** What one environment's run hands back: its row, its plan, and its own output. */
export interface EnvironmentRun extends EnvironmentRow {
  plan?: Plan;
  output: string;
}

export type PerEnvironment = (env: ResolvedEnvironment, ctx: RunContext) => Promise<EnvironmentRun>;

export interface RunContext {
  io: CliIo;
  cache: CompileCache;
  target: (env: ResolvedEnvironment) => Promise<Target>;
}

export async function planMany(
  setup: Project,
  positionals: string[],
  flags: ManyFlags,
  io: CliIo,
): Promise<number> {
  if (flags.shop !== undefined)
    throw new UsageError(
      '--shop names one shop; with many environments each environment names its own.',
    );
  if (flags.out) await mkdir(path.resolve(io.cwd, flags.out), { recursive: true });
  const runs = await runEnvironments(setup, flags, io, async (env, ctx) => {
    const compiled = await compileForEnvironment(positionals, setup, env, ctx.io, {
      cache: ctx.cache,
      realApi: usesRealApi(env, flags, io),
    });
    if (!compiled) return failed(env, 'invalid');
    const target = await ctx.target(env);
    try {
      const client = createClient({ baseUrl: target.api, credentials: target.credentials });
      const plan = await planAgainstShop(compiled, target, client, ctx.io, {
        environment: env.name,
      });
      if (!plan) return failed(env, 'unsafe plan');
      if (flags.out)
        await writeFileAtomic(
          path.join(path.resolve(io.cwd, flags.out), `${env.name}.json`),
          `${JSON.stringify(plan, null, 2)}\n`,
        );
      return { ...rowOf(env, plan), plan, output: '' };
    } finally {
      await releaseTarget(target);
    }
  });
  writeReport(runs, flags.format, io);
  return exitCode(runs, flags['detailed-exitcode'] === true);
}

/** Runs `each` over the selected environments, at most `concurrency` at once, each with its own buffered output. */
export async function runEnvironments(
  setup: Project,
  flags: Pick<ManyFlags, 'api' | 'concurrency'>,
  io: CliIo,
  each: PerEnvironment,
): Promise<EnvironmentRun[]> {
  const concurrency = Number(flags.concurrency ?? 8);
  if (!Number.isInteger(concurrency) || concurrency < 1 || concurrency > 256)
    throw new UsageError('--concurrency must be a whole number from 1 to 256.');
  const envs = setup.selected;
  // Environments without an API of their own share one embedded emulator (one SQLite writer).
  const embeddedShops = envs
    .filter((e) => !usesRealApi(e, flags, io))
    .map((e) => e.shop?.value ?? 1);
  const shared =
    embeddedShops.length > 0 ? await startEmbeddedEmulator(io.cwd, embeddedShops) : undefined;
  const cache = newCompileCache();
  const runs: EnvironmentRun[] = new Array<EnvironmentRun>(envs.length);
  let next = 0;
  try {
    const worker = async (): Promise<void> => {
      while (next < envs.length && !io.signal?.aborted) {
        const index = next++;
        const env = envs[index] as ResolvedEnvironment;
        const buffered = bufferedIo(io);
        const ctx: RunContext = {
          io: buffered.io,
          cache,
          target: (e) =>
            resolveTarget({ api: flags.api }, io.env, io.cwd, {
              environment: environmentTarget(e),
              sharedEmbedded: shared && { emulator: shared, db: '.botform/emulator.sqlite' },
            }),
        };
        let run: EnvironmentRun;
        try {
          run = await each(env, ctx);
        } catch (error) {
          // An API error or a bad flag in one environment is that environment's failure only.
          let message: string;
          if (error instanceof UsageError) message = error.message;
          else {
            try {
              reportApiError(error, buffered.io);
              message = 'API error';
            } catch (other) {
              message = `internal error: ${other instanceof Error ? other.message : String(other)}`;
              buffered.io.stderr.write(`${message}\n`);
            }
          }
          run = { ...failed(env, message), output: '' };
        }
        runs[index] = { ...run, output: run.output + buffered.text() };
      }
    };
    await Promise.all(Array.from({ length: Math.min(concurrency, envs.length) }, worker));
  } finally {
    await shared?.close();
  }
  return runs.filter((r): r is EnvironmentRun => r !== undefined);
}

export function rowOf(env: ResolvedEnvironment, plan: Plan): EnvironmentRow {
  const changes = plan.operations.length;
  return {
    environment: env.name,
    changes,
    destructive: plan.summary.delete,
    status: changes > 0 ? 'changes' : 'no changes',
    ok: true,
  };
}

export function failed(env: ResolvedEnvironment, status: string): EnvironmentRun {
  return {
    environment: env.name,
    changes: undefined,
    destructive: undefined,
    status: `error: ${status}`,
    ok: false,
    output: '',
  };
}

export function writeReport(runs: readonly EnvironmentRun[], format: PlanFormat, io: CliIo): void {
  const palette = paletteFor(false);
  if (format === 'json') {
    io.stdout.write(
      `${JSON.stringify(
        runs.map((r) => ({
          environment: r.environment,
          status: r.status,
          ok: r.ok,
          changes: r.changes ?? null,
          destructive: r.destructive ?? null,
          plan: r.plan ?? null,
          output: r.output,
        })),
        null,
        2,
      )}\n`,
    );
    return;
  }
  if (format === 'markdown') {
    io.stdout.write(
      renderManyMarkdown(
        runs.map((r) => ({
          ...r,
          body: r.plan ? PLAN_RENDERERS.markdown(r.plan, { palette, maxLength: 60_000 }) : '',
        })),
      ),
    );
    return;
  }
  for (const r of runs) {
    io.stdout.write(`\n=== ${r.environment} ===\n`);
    if (r.plan) io.stdout.write(PLAN_RENDERERS.human(r.plan, { palette }));
    if (r.output) io.stdout.write(r.output);
  }
  io.stdout.write(`\n${renderSummaryTable(runs)}`);
}

/** One exit code: 1 if any environment failed, else 2 if any has changes (with --detailed-exitcode), else 0. */
export function exitCode(runs: readonly EnvironmentRun[], detailed: boolean): number {
  if (runs.some((r) => !r.ok)) return EXIT.problems;
  if (detailed && runs.some((r) => (r.changes ?? 0) > 0)) return EXIT.changes;
  return EXIT.ok;
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
