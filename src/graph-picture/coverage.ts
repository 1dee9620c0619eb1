// Reads botform's coverage JSON (CONTRACTS.md: `botform test --coverage` writes
// coverage/botform-coverage.json) and attaches its hit counts to a picture. The file comes from
// outside: it is checked field by field and kept in Maps, never trusted as typed.
import { isRecord } from '../model/json.js';
import type { Picture } from './model.js';

export interface Coverage {
  steps: Map<string, number>;
  transitions: Map<string, number>;
}

export type CoverageRead = { ok: true; coverage: Coverage } | { ok: false; message: string };

export function parseCoverage(text: string): CoverageRead {
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (error) {
    return {
      ok: false,
      message: `not JSON: ${error instanceof Error ? error.message : String(error)}`,
    };
  }
  if (!isRecord(data) || data.format !== 'botform-coverage')
    return {
      ok: false,
      message: 'not a botform coverage file (expected "format": "botform-coverage").',
    };
  if (data.version !== 1)
    return {
      ok: false,
      message: `coverage format version ${JSON.stringify(data.version)} is not supported (expected 1).`,
    };
  if (!Array.isArray(data.steps) || !Array.isArray(data.transitions))
    return { ok: false, message: 'a coverage file needs "steps" and "transitions" arrays.' };
  const steps = new Map<string, number>();
  for (const [i, s] of data.steps.entries()) {
    if (!isRecord(s) || typeof s.key !== 'string' || !isCount(s.hits))
      return { ok: false, message: `steps[${i}] needs a string "key" and a whole number "hits".` };
    steps.set(s.key, s.hits);
  }
  const transitions = new Map<string, number>();
  for (const [i, t] of data.transitions.entries()) {
    if (!isRecord(t) || typeof t.id !== 'string' || !isCount(t.hits))
      return {
        ok: false,
        message: `transitions[${i}] needs a string "id" and a whole number "hits".`,
      };
    transitions.set(t.id, t.hits);
  }
  return { ok: true, coverage: { steps, transitions } };
}

function isCount(value: unknown): value is number {
  return typeof value === 'number' && Number.isInteger(value) && value >= 0;
}

/** Steps and transitions the coverage file does not mention were not walked: 0 hits. */
export function withCoverage(picture: Picture, coverage: Coverage): Picture {
  return {
    coverage: true,
    nodes: picture.nodes.map((n) =>
      n.type === 'missing' ? n : { ...n, hits: coverage.steps.get(n.key) ?? 0 },
    ),
    edges: picture.edges.map((e) => ({ ...e, hits: coverage.transitions.get(e.id) ?? 0 })),
  };
}

/** What a coverage file names that the scenario no longer has: it predates a rename or removal. */
export interface StaleCoverage {
  /** Steps no longer in the scenario; `now` when a step declares it in `renamed_from`. */
  steps: { key: string; now?: string }[];
  /** How many of its transitions the scenario no longer has. */
  transitions: number;
}

export function staleCoverage(
  coverage: Coverage,
  scenario: { steps: ReadonlyMap<string, { key: string; renamedFrom: readonly string[] }> },
  picture: Picture,
): StaleCoverage {
  const renamed = new Map<string, string>();
  for (const step of scenario.steps.values())
    for (const old of step.renamedFrom) renamed.set(old, step.key);
  const steps: StaleCoverage['steps'] = [];
  for (const key of coverage.steps.keys()) {
    if (scenario.steps.has(key)) continue;
    const now = renamed.get(key);
    steps.push(now === undefined ? { key } : { key, now });
  }
  const edges = new Set(picture.edges.map((e) => e.id));
  let transitions = 0;
  for (const id of coverage.transitions.keys()) if (!edges.has(id)) transitions++;
  return { steps, transitions };
}

/** The warning for a stale coverage file, or undefined when it matches the scenario. */
export function staleCoverageWarning(stale: StaleCoverage, file: string): string | undefined {
  if (stale.steps.length === 0 && stale.transitions === 0) return undefined;
  const shown = stale.steps
    .slice(0, 10)
    .map((s) => (s.now === undefined ? `"${s.key}"` : `"${s.key}" (now "${s.now}")`));
  const more = stale.steps.length > 10 ? ` and ${stale.steps.length - 10} more` : '';
  const parts: string[] = [];
  if (stale.steps.length > 0)
    parts.push(
      `${stale.steps.length === 1 ? 'a step' : `${stale.steps.length} steps`} the scenario no longer has: ${shown.join(', ')}${more}`,
    );
  if (stale.transitions > 0)
    parts.push(
      `${stale.transitions === 1 ? 'a transition' : `${stale.transitions} transitions`} it no longer has`,
    );
  return `warning: ${file} names ${parts.join(', and ')}; it was written before the scenario changed, so its counts are incomplete. Run botform test --coverage again.\n`;
}
