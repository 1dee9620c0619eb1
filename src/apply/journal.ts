// The apply journal: one JSON line per finished call, appended and flushed as it completes, in
// .botform/journal/. It records what was done (and the ids of what was created) so that an
// interrupted `apply PLANFILE` resumes where it stopped, and so that people can see afterwards
// exactly which calls a run made.
import {
  closeSync,
  fdatasync,
  fsyncSync,
  mkdirSync,
  openSync,
  readFileSync,
  writeSync,
} from 'node:fs';
import { createHash } from 'node:crypto';
import path from 'node:path';
import { stableStringify } from '../plan/canonical.js';
import type { Plan } from '../plan/types.js';

export interface JournalEntry {
  op: string;
  at: string;
  /** For creates: the id the platform gave the new object. */
  id?: number;
  /** How the outcome was established when the answer was lost. */
  recovered?: 'found' | 'repeated';
  /** Written just before the call is sent: after a crash, the calls that may be half-done. */
  started?: true;
}

export interface Journal {
  readonly file: string;
  /** Entries of earlier, unfinished runs of the same saved plan (empty when not resuming). */
  readonly previous: JournalEntry[];
  /** An earlier run of the same saved plan finished it. */
  readonly completedBefore: boolean;
  append(entry: Omit<JournalEntry, 'at'>): void;
  /**
   * Notes that a call is about to be sent. Not flushed to disk: a killed process's writes still
   * reach the file, and only a machine crash loses it (resume then looks up more calls).
   */
  started(op: string): void;
  /** Marks the plan as fully applied: a later run of it resumes nothing. */
  complete(): void;
  close(): void;
}

const COMPLETE = '$complete';
const FLUSH_GAP_MS = 20;

/** Identifies a plan by what it does and where, not by when it was made. */
export function planId(plan: Plan): string {
  return createHash('sha256')
    .update(stableStringify({ target: plan.target, operations: plan.operations, live: plan.live }))
    .digest('hex')
    .slice(0, 16);
}

/**
 * A saved plan (`resume`) has one journal, named by its id, so that a later run of the same
 * file picks up where an interrupted one stopped. A plan computed on the spot gets a journal of
 * its own run: an identical plan made later (the shop back in an earlier state) is new work.
 */
export function openJournal(dir: string, plan: Plan, options: { resume: boolean }): Journal {
  mkdirSync(dir, { recursive: true });
  const id = planId(plan);
  const file = path.join(
    dir,
    options.resume
      ? `${id}.jsonl`
      : `${new Date().toISOString().replace(/[:.]/g, '-')}-${process.pid}-${id}.jsonl`,
  );
  let previous: JournalEntry[] = [];
  try {
    previous = readFileSync(file, 'utf8')
      .split('\n')
      .filter((line) => line.trim() !== '')
      .flatMap((line) => {
        try {
          return [JSON.parse(line) as JournalEntry];
        } catch {
          return []; // a line cut short by a crash: that call's outcome is re-established by lookup
        }
      });
  } catch {
    previous = [];
  }
  const completedBefore = previous.some((e) => e.op === COMPLETE);
  const fd = openSync(file, 'a');
  const write = (entry: Omit<JournalEntry, 'at'>) =>
    writeSync(fd, `${JSON.stringify({ ...entry, at: new Date().toISOString() })}\n`);
  // Each line is written at once (so a killed process loses nothing) and flushed to disk in the
  // background, one flush at a time covering every line before it: a synchronous fsync per call
  // held the event loop for 2-3 ms each, a quarter of a large apply. Flushes are at least
  // FLUSH_GAP_MS apart: back to back they were one per call (~0.1 ms of the event loop each to
  // hand to the thread pool, and a disk kept busy), while a machine crash — the only case a
  // flush is for — loses at most that much more; close() flushes synchronously.
  let flushing = false;
  let dirty = false;
  let closed = false;
  const flush = () => {
    if (flushing || !dirty || closed) return;
    flushing = true;
    dirty = false;
    fdatasync(fd, () => {
      setTimeout(() => {
        flushing = false;
        flush();
      }, FLUSH_GAP_MS).unref();
    });
  };
  const append = (entry: Omit<JournalEntry, 'at'>) => {
    write(entry);
    dirty = true;
    flush();
  };
  return {
    file,
    previous: completedBefore ? [] : previous.filter((e) => e.op !== COMPLETE),
    completedBefore,
    append,
    started: (op) => write({ op, started: true }),
    complete: () => append({ op: COMPLETE }),
    close() {
      closed = true;
      fsyncSync(fd);
      closeSync(fd);
    },
  };
}
