// The apply journal: one JSON line per finished call, appended and flushed as it completes, in
// .botform/journal/. It records what was done (and the ids of what was created) so that an
// interrupted `apply PLANFILE` resumes where it stopped, and so that people can see afterwards
// exactly which calls a run made.
import { closeSync, fsyncSync, mkdirSync, openSync, readFileSync, writeSync } from 'node:fs';
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
}

export interface Journal {
  readonly file: string;
  /** Entries of earlier runs of the same plan. */
  readonly previous: JournalEntry[];
  append(entry: Omit<JournalEntry, 'at'>): void;
  close(): void;
}

/** Identifies a plan by what it does and where, not by when it was made. */
export function planId(plan: Plan): string {
  return createHash('sha256').update(stableStringify({ target: plan.target, operations: plan.operations, live: plan.live })).digest('hex').slice(0, 16);
}

export function openJournal(dir: string, plan: Plan): Journal {
  mkdirSync(dir, { recursive: true });
  const file = path.join(dir, `${planId(plan)}.jsonl`);
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
  const fd = openSync(file, 'a');
  return {
    file,
    previous,
    append(entry) {
      writeSync(fd, `${JSON.stringify({ ...entry, at: new Date().toISOString() })}\n`);
      fsyncSync(fd);
    },
    close() {
      closeSync(fd);
    },
  };
}
