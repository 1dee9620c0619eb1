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
