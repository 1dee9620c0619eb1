// What a command may touch of the outside world, passed in so that tests can call main() directly.
import type { Readable, Writable } from 'node:stream';

export interface CliIo {
  env: Record<string, string | undefined>;
  cwd: string;
  stdout: Writable & { isTTY?: boolean; columns?: number };
  stderr: Writable & { isTTY?: boolean };
  stdin: Readable & { isTTY?: boolean };
  /** Aborted on Ctrl-C or SIGTERM, for a command that called `stopsCleanly`. */
  signal?: AbortSignal;
  /**
   * Called by a command that stops cleanly on Ctrl-C/SIGTERM (watching `signal`); `words` are
   * printed when it starts stopping ('' when it says so itself). Commands that do not call it
   * are stopped at once by the launcher.
   */
  stopsCleanly?: (words: string) => void;
  /**
   * The waits between retries (the API client's back-off, apply's re-lookups); real time when
   * absent. Tests of an unreachable API pass one that returns at once.
   */
  sleep?: (ms: number) => Promise<void>;
}

/** Exit codes, Spectral/Terraform style. `changes` is only used by `plan --detailed-exitcode`. */
export const EXIT = { ok: 0, problems: 1, toolFailure: 2, changes: 2 } as const;

export class UsageError extends Error {}
