// Timestamps for created_at/updated_at. Two writes in the same millisecond must still get
// different, increasing values (clients compare them to spot changes), and a restart must never
// go back in time, so the clock starts after the newest timestamp already stored.

export interface Clock {
  /** The next timestamp: ISO 8601 with milliseconds, strictly after every earlier one. */
  tick(): string;
}

export function createClock(lastIssued: string | null, now: () => number = Date.now): Clock {
  let last = lastIssued === null ? 0 : Date.parse(lastIssued);
  if (Number.isNaN(last)) last = 0;
  return {
    tick() {
      last = Math.max(now(), last + 1);
      return new Date(last).toISOString();
    },
  };
}
