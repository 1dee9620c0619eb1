// Counting a run's results by status, for the summary line of every format.
import type { TestResult } from '../../conversations/types.js';

export function countResults(results: readonly TestResult[]): {
  passed: number;
  failed: number;
  skipped: number;
} {
  const counts = { passed: 0, failed: 0, skipped: 0 };
  for (const r of results) counts[r.status]++;
  return counts;
}
