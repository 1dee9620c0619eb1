// Request counters for benchmarks ("the plan made exactly N GETs"). Every request received is
// counted under its method and route template, whatever became of it.

export interface EmulatorStats {
  /** Requests received. */
  total: number;
  /** By "METHOD /route/template/", e.g. "GET /api/steps/" or "PATCH /api/steps/{id}/". */
  byRoute: Record<string, number>;
  /** Answers sent, by status code. Dropped requests have none. */
  byStatus: Record<string, number>;
  /** Faults injected by the knobs. */
  injected: { failed: number; throttled: number; rateLimited: number; dropped: number };
}

export interface StatsCounter {
  request(routeKey: string): void;
  status(code: number): void;
  injected(kind: keyof EmulatorStats['injected']): void;
  snapshot(): EmulatorStats;
  reset(): void;
}

export function createStats(): StatsCounter {
  let stats = empty();
  const bump = (map: Record<string, number>, key: string): void => {
    map[key] = (map[key] ?? 0) + 1;
  };
  return {
    request(routeKey) {
      stats.total += 1;
      bump(stats.byRoute, routeKey);
    },
    status: (code) => bump(stats.byStatus, String(code)),
    injected(kind) {
      stats.injected[kind] += 1;
    },
    snapshot: () => structuredClone(stats),
    reset() {
      stats = empty();
    },
  };
}

function empty(): EmulatorStats {
  return {
    total: 0,
    byRoute: {},
    byStatus: {},
    injected: { failed: 0, throttled: 0, rateLimited: 0, dropped: 0 },
  };
}
