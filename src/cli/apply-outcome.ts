// Apply's questions and answers on a terminal or in a CI log: the ports a run is given (approval,
// progress, a clean stop on Ctrl-C) and what its outcome reads as, with its exit code.
import type { ApplyOutcome, ApplyPorts, RunEvent } from '../apply/run.js';
import { describeOperation } from '../apply/describe.js';
import { ENV } from '../deploy/target.js';
import type { Palette } from '../render/colors.js';
import { isApiError } from '../remote/errors.js';
import { EXIT, type CliIo } from './io.js';
import { createProgress, type Progress } from './progress.js';
import { confirm } from './prompt.js';
import { plural } from '../plural.js';

/** The ports of one apply: approval asked on a terminal (`where` names the shop), progress, stopping cleanly. */
export function applyPorts(
  io: CliIo,
  options: { interactive: boolean; where: string; palette: Palette; progressBar: boolean },
): ApplyPorts & { finish(): void } {
  let progress: Progress | undefined;
  const onEvent = (event: RunEvent) => {
    if (event.type === 'resumed')
      io.stdout.write(
        `Resuming: ${event.done} of ${event.total} calls were done by an earlier run.\n`,
      );
    else if (event.type === 'starting') {
      progress = createProgress(io, event.calls, options.palette, options.progressBar);
      // From here on Ctrl-C and SIGTERM let the calls in flight finish (and be journaled) instead
      // of cutting them off, so the shop never holds a write the journal does not know of.
      io.stopsCleanly?.(
        'botform apply: stopping — finishing the calls in flight; the journal keeps what finished, and "botform apply" resumes from there',
      );
    } else progress?.onEvent(event);
  };
  return {
    ...(options.interactive
      ? {
          confirm: ({ deletes }) =>
            confirm(
              io,
              deletes > 0
                ? `Apply these changes to ${options.where}? ${plural(deletes, 'object')} will be DELETED.`
                : `Apply these changes to ${options.where}?`,
            ),
        }
      : {}),
    onEvent,
    ...(io.signal ? { signal: io.signal } : {}),
    ...(io.sleep ? { sleep: io.sleep } : {}),
    finish: () => progress?.finish(),
  };
}

/** Writes what the outcome means for people; returns the exit code. */
export function renderOutcome(
  outcome: ApplyOutcome,
  io: CliIo,
  options: { palette: Palette; saved: boolean; where: string },
): number {
  const { palette } = options;
  const summary = (c: { created: number; updated: number; deleted: number }) =>
    `${c.created} created, ${c.updated} updated, ${c.deleted} deleted`;
  switch (outcome.kind) {
    case 'empty':
      if (options.saved) io.stdout.write('The plan has no changes.\n');
      return EXIT.ok;
    case 'complete':
      io.stdout.write(`${palette.green('Apply complete:')} ${summary(outcome.counts)}.\n`);
      return EXIT.ok;
    case 'duplicated': {
      const names = outcome.names;
      io.stdout.write(`${palette.green('Every call succeeded:')} ${summary(outcome.counts)}.\n`);
      io.stderr.write(
        `botform apply: another apply to this shop ran at the same time: ${names.map((n) => `"${n}"`).join(', ')} now exist${names.length === 1 ? 's' : ''} twice. Run "botform apply" again to remove the copies.\n`,
      );
      return EXIT.problems;
    }
    case 'unverified':
      io.stdout.write(`${palette.green('Every call succeeded:')} ${summary(outcome.counts)}.\n`);
      io.stderr.write(
        `botform apply: the shop has all of the plan's changes, but whether another apply to it ran at the same time is not known: the final read of its steps failed (${outcome.reason}). Run "botform plan": it shows anything left to do, such as a step that now exists twice.\n`,
      );
      return EXIT.problems;
    case 'failed': {
      io.stdout.write(
        `${palette.red(outcome.interrupted ? 'Apply interrupted:' : 'Apply failed:')} ${summary(outcome.counts)}; ${plural(outcome.failed.length, 'call')} failed, ${outcome.notRun} not run.\n`,
      );
      for (const { op, error } of outcome.failed) {
        const message = isApiError(error)
          ? `${error.message}${error.hint ? ` (${error.hint})` : ''}`
          : error instanceof Error
            ? error.message
            : String(error);
        io.stderr.write(`  ✖ ${describeOperation(op)}: ${message}\n`);
      }
      io.stdout.write(
        'Nothing half-done is left behind: "botform plan" shows the remaining work, and "botform apply" finishes it.\n',
      );
      return EXIT.problems;
    }
    case 'stale':
      io.stderr.write(
        `botform apply: the plan is stale${outcome.appliedBefore ? ' (this plan was already applied once)' : ''} — the live shop changed since it was made:\n${outcome.changed.map((c) => `  - ${c}\n`).join('')}Run "botform plan" again.\n`,
      );
      return EXIT.problems;
    case 'cancelled':
      io.stdout.write('Apply cancelled.\n');
      return EXIT.problems;
    case 'refused': {
      const why = outcome.why;
      switch (why.reason) {
        case 'approval':
          io.stderr.write(
            `botform apply: not applied. ${why.deletes > 0 ? `The plan deletes ${plural(why.deletes, 'object')}; ` : ''}approve with --auto-approve when not on a terminal.\n`,
          );
          break;
        case 'target': {
          const planned = why.planned;
          const hint =
            !why.sameApi && planned.api !== 'embedded'
              ? ` Name its API with --api or ${ENV.api} to apply it there.`
              : '';
          io.stderr.write(
            `botform apply: the plan was made for ${planned.api === 'embedded' ? 'the embedded emulator' : planned.api}, shop ${planned.shopId}, not ${options.where}. Nothing was sent.${hint}\n`,
          );
          break;
        }
        case 'binding':
          io.stderr.write(
            `botform apply: refusing the plan: it does not describe the live objects it would write to:\n${why.problems.map((p) => `  - ${p}\n`).join('')}Nothing was written. Make a new plan with "botform plan --out".\n`,
          );
          break;
        default:
          return unreachable(why);
      }
      return EXIT.problems;
    }
    default:
      return unreachable(outcome);
  }
}

function unreachable(value: never): never {
  throw new Error(`unhandled apply outcome ${JSON.stringify(value)}`);
}
