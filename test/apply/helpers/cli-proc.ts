// The built CLI as a process that a test can watch line by line and kill: for kill -9 at a chosen
// point of an apply, two applies at once, and faults switched on while an apply runs.
import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import type { JournalEntry } from '../../../src/apply/journal.js';
import type { Plan } from '../../../src/plan/types.js';
import { BIN, type CliRun } from '../../helpers/cli.js';

/** A progress line of apply (not a line of the plan it prints first). */
const PROGRESS = /^ {2}[+~-] (created|updated|deleted|linked|unlinked) /;

export interface RunningCli {
  child: ChildProcessWithoutNullStreams;
  /** Resolves once `count` progress lines have been printed (or the process ended: then false). */
  progress(count: number): Promise<boolean>;
  done: Promise<CliRun & { signal: NodeJS.Signals | null }>;
}

export function startCli(
  args: string[],
  options: { cwd: string; env?: Record<string, string> },
): RunningCli {
  const child = spawn(process.execPath, [BIN, ...args], {
    cwd: options.cwd,
    env: {
      PATH: process.env.PATH ?? '',
      HOME: process.env.HOME ?? '',
      NO_COLOR: '1',
      ...options.env,
    },
    stdio: ['pipe', 'pipe', 'pipe'],
  });
  child.stdin.end();
  let stdout = '';
  let stderr = '';
  let lines = 0;
  let ended = false;
  const waiters: { count: number; resolve: (reached: boolean) => void }[] = [];
  const settle = () => {
    for (const w of [...waiters]) {
      if (lines >= w.count || ended) {
        waiters.splice(waiters.indexOf(w), 1);
        w.resolve(lines >= w.count);
      }
    }
  };
  let partial = '';
  child.stdout.on('data', (chunk: Buffer) => {
    const text = chunk.toString();
    stdout += text;
    const parts = (partial + text).split('\n');
    partial = parts.pop() ?? '';
    lines += parts.filter((l) => PROGRESS.test(l)).length;
    settle();
  });
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const timer = setTimeout(() => child.kill('SIGKILL'), 90_000);
  const done = new Promise<CliRun & { signal: NodeJS.Signals | null }>((resolve, reject) => {
    child.on('error', reject);
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      ended = true;
      settle();
      resolve({ code, signal, stdout, stderr });
    });
  });
  return {
    child,
    progress: (count) =>
      new Promise((resolve) => {
        waiters.push({ count, resolve });
        settle();
      }),
    done,
  };
}

export function readPlan(file: string): Plan {
  return JSON.parse(readFileSync(file, 'utf8')) as Plan;
}

/** The journal entries of one plan's runs, by plan id (the file name). */
/**
 * The calls a plan's journals record as finished: the saved plan's own journal (<id>.jsonl) and
 * those of runs that computed the same plan on the spot (<time>-<pid>-<id>.jsonl). "started"
 * markers and the completion line are not calls.
 */
export function readJournal(cwd: string, id: string): JournalEntry[] {
  const dir = path.join(cwd, '.botform', 'journal');
  return readdirSync(dir)
    .filter((f) => f === `${id}.jsonl` || f.endsWith(`-${id}.jsonl`))
    .sort()
    .flatMap((file) => readJournalFile(path.join(dir, file)))
    .filter((e) => !(e as { started?: boolean }).started && e.op !== '$complete');
}

function readJournalFile(file: string): JournalEntry[] {
  return readFileSync(file, 'utf8')
    .split('\n')
    .filter((l) => l.trim() !== '')
    .flatMap((l) => {
      try {
        return [JSON.parse(l) as JournalEntry];
      } catch {
        return [];
      }
    });
}

/**
 * How a later plan must relate to the plan an interrupted apply was running: it holds exactly
 * the entity operations that the journal does not record, except for at most `inFlight` calls
 * that were done but not yet journaled when the apply stopped. Cycle-breaking calls are looked
 * at through their entities: a `link` of a step created already is an update of that step in a
 * later plan; an `unlink` may no longer be needed once other deletions are made.
 */
export function remainingWork(
  before: Plan,
  journaled: ReadonlySet<string>,
  after: Plan,
): { unexpected: string[]; doneUnjournaled: string[] } {
  const expected = new Set<string>();
  const linkOf = new Map<string, string>();
  for (const op of before.operations) {
    if (journaled.has(op.id) || op.phase === 'unlink') continue;
    if (op.phase === 'link') {
      const update = `update:step:${op.address.key}`;
      if (journaled.has(`create:step:${op.address.key}`)) expected.add(update);
      else linkOf.set(`create:step:${op.address.key}`, update);
      continue;
    }
    expected.add(op.id);
  }
  const actual = new Set(
    after.operations.filter((op) => op.phase === undefined).map((op) => op.id),
  );
  const doneUnjournaled = [...expected].filter((id) => !actual.has(id));
  // A create done but not journaled leaves its step's cycle reference to a later update.
  const allowed = new Set([
    ...expected,
    ...doneUnjournaled.flatMap((id) => (linkOf.has(id) ? [linkOf.get(id) as string] : [])),
  ]);
  return { unexpected: [...actual].filter((id) => !allowed.has(id)), doneUnjournaled };
}
