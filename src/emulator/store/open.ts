// Opening the emulator's database: WAL journal (a killed process leaves a consistent file and
// readers never wait for writers), foreign keys on, the schema created on first use, and a clear
// refusal of files that are not ours.
import Database from 'better-sqlite3';
import type { Database as Db } from 'better-sqlite3';
import {
  APPLICATION_ID,
  MESSAGING_SQL,
  MIGRATIONS,
  PENDING_SQL,
  SCHEMA_SQL,
  SCHEMA_VERSION,
} from './schema.js';

/** The database cannot be used; the message says why, for a person. */
export class EmulatorDbError extends Error {}

export function openDatabase(file: string): Db {
  let db: Db;
  try {
    db = new Database(file);
  } catch (error) {
    throw new EmulatorDbError(`cannot open ${file}: ${messageOf(error)}`);
  }
  try {
    prepare(db, file);
    return db;
  } catch (error) {
    db.close();
    if (error instanceof EmulatorDbError) throw error;
    const code = (error as { code?: unknown }).code;
    if (code === 'SQLITE_NOTADB' || code === 'SQLITE_CORRUPT') {
      throw new EmulatorDbError(`${file} is not a SQLite database (or it is damaged)`);
    }
    throw new EmulatorDbError(`cannot use ${file}: ${messageOf(error)}`);
  }
}

function prepare(db: Db, file: string): void {
  // Reading the header first fails fast on a file that is not SQLite at all.
  const appId = db.pragma('application_id', { simple: true }) as number;
  const version = db.pragma('user_version', { simple: true }) as number;
  const tables = db
    .prepare("SELECT count(*) AS n FROM sqlite_master WHERE type = 'table'")
    .get() as { n: number };
  if (appId !== APPLICATION_ID && (appId !== 0 || tables.n > 0)) {
    throw new EmulatorDbError(
      `${file} is a SQLite database of another application, not a botform emulator database`,
    );
  }
  if (version > SCHEMA_VERSION) {
    throw new EmulatorDbError(
      `${file} was written by a newer botform (schema ${version}; this one knows ${SCHEMA_VERSION})`,
    );
  }
  if (file !== ':memory:') db.pragma('journal_mode = WAL');
  // NORMAL under WAL: a killed process loses nothing committed; only a power cut may lose the last commits.
  db.pragma('synchronous = NORMAL');
  db.pragma('foreign_keys = ON');
  db.pragma('busy_timeout = 5000');
  if (version === 0) {
    db.transaction(() => {
      db.exec(SCHEMA_SQL);
      db.exec(MESSAGING_SQL);
      db.exec(PENDING_SQL);
      db.pragma(`application_id = ${APPLICATION_ID}`);
      db.pragma(`user_version = ${SCHEMA_VERSION}`);
    })();
  } else if (version < SCHEMA_VERSION) {
    // One transaction: a file is either fully upgraded or left as it was.
    db.transaction(() => {
      for (let from = version; from < SCHEMA_VERSION; from++) {
        const step = MIGRATIONS[from];
        if (step === undefined)
          throw new EmulatorDbError(
            `${file} has schema ${from}, which this botform cannot upgrade`,
          );
        db.exec(step);
      }
      db.pragma(`user_version = ${SCHEMA_VERSION}`);
    })();
  }
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
