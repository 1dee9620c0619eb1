// The path rules against brute force on random small scenarios (seeded), for rules from a step a
// conversation can arrive at (from one it cannot, nothing is broken): a `never` rule is broken
// exactly when its target is reachable, an `every_path … passes` rule exactly when the target is
// reachable with the `passes` step taken out, a `reaches … within` rule exactly when some walk of
// at most N steps misses every target; and every named path is a real path of the scenario and a
// shortest one.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { START_OF_FILE, type SourceLocator } from '../../src/diagnostics/types.js';
import type { Scenario, Step } from '../../src/model/scenario.js';
import { checkRules } from '../../src/rules/check.js';
import { compileRules } from '../../src/rules/compile.js';

const FILE = 'flow.yaml';
const locator: SourceLocator = { file: FILE, locate: () => START_OF_FILE };

function scenarioOf(size: number, edges: [number, number][]): Scenario {
  const key = (i: number) => `s${i}`;
  const steps = new Map<string, Step>();
  for (let i = 0; i < size; i++)
    steps.set(key(i), {
      key: key(i),
      type: 'message',
      text: `Step ${i}`,
      next: null,
      menu: edges
        .filter(([from]) => from === i)
        .map(([, to], b) => ({
          text: `to ${to} (${b})`,
          goto: key(to),
          url: null,
          origin: { file: FILE, path: ['steps', key(i), 'menu', b] },
        })),
      end: false,
      protect: false,
      renamedFrom: [],
      fields: {},
      origin: { file: FILE, path: ['steps', key(i)] },
    });
  return { start: { key: key(0), origin: { file: FILE, path: ['start'] } }, entries: [], steps };
}

/** Steps reachable from `from` by one hop or more, never entering `without`. */
function reachable(edges: [number, number][], from: number, without?: number) {
  const seen = new Set<number>();
  const queue = [from];
  while (queue.length > 0) {
    const at = queue.shift() as number;
    for (const [a, b] of edges)
      if (a === at && b !== without && !seen.has(b)) {
        seen.add(b);
        queue.push(b);
      }
  }
  return seen;
}

/** Whether a conversation can be at `step`: it is the start (s0), or the start leads there. */
const arrives = (edges: [number, number][], step: number) =>
  step === 0 || reachable(edges, 0).has(step);

/** Shortest number of hops from `from` to `to` (Infinity when none), by brute force. */
function distance(edges: [number, number][], from: number, to: number, without?: number): number {
  let frontier = new Set([from]);
  const seen = new Set([from]);
  for (let d = 0; d < 20; d++) {
    if (frontier.has(to)) return d;
    const next = new Set<number>();
    for (const at of frontier)
      for (const [a, b] of edges)
        if (a === at && b !== without && !seen.has(b)) {
          seen.add(b);
          next.add(b);
        }
    frontier = next;
  }
  return Number.POSITIVE_INFINITY;
}

/** Whether some walk from `from` of at most `within` steps (from counts) misses `targets`. */
function misses(edges: [number, number][], from: number, targets: Set<number>, within: number) {
  const walk = (at: number, depth: number): boolean => {
    if (targets.has(at)) return false;
    const out = edges.filter(([a]) => a === at).map(([, b]) => b);
    if (depth >= within || out.length === 0) return true;
    return out.some((b) => walk(b, depth + 1));
  };
  return walk(from, 1);
}

const graphs = fc.integer({ min: 2, max: 7 }).chain((size) =>
  fc.record({
    size: fc.constant(size),
    edges: fc.uniqueArray(fc.tuple(fc.nat(size - 1), fc.nat(size - 1)), {
      maxLength: size * 3,
      selector: ([a, b]) => `${a}>${b}`,
    }),
    a: fc.nat(size - 1),
    b: fc.nat(size - 1),
    c: fc.nat(size - 1),
    within: fc.integer({ min: 1, max: 4 }),
  }),
);

function run(scenario: Scenario, rule: Record<string, unknown>) {
  const { rules, diagnostics } = compileRules(
    [
      {
        file: 'r.rules.yaml',
        locator,
        rules: [{ index: 0, raw: { id: 'r', message: 'M.', ...rule } }],
      },
    ],
    scenario,
  );
  expect(diagnostics).toEqual([]);
  return checkRules(rules, scenario, new Map([[FILE, locator]]), undefined);
}

/** Each hop of a named path is a button of the step it leaves, and they chain. */
function expectRealPath(
  scenario: Scenario,
  path: { start: string; hops: { from: string; to: string }[] },
) {
  let at = path.start;
  for (const hop of path.hops) {
    expect(hop.from).toBe(at);
    expect(scenario.steps.get(at)?.menu.some((b) => b.goto === hop.to)).toBe(true);
    at = hop.to;
  }
}

describe('path rules against brute force', () => {
  it('never: broken exactly when the target is reachable, along a shortest real path', () => {
    fc.assert(
      fc.property(graphs, ({ size, edges, a, b }) => {
        const scenario = scenarioOf(size, edges);
        const { violations } = run(scenario, { never: { from: `s${a}`, to: `s${b}` } });
        expect(violations.length > 0).toBe(
          arrives(edges, a) && reachable(edges, a).has(b) && a !== b,
        );
        for (const v of violations) {
          expectRealPath(scenario, v.path);
          expect(v.path.hops.length).toBe(distance(edges, a, b));
        }
      }),
      { seed: 2424, numRuns: 400 },
    );
  });

  it('every_path … passes: broken exactly when the target is reachable around the passes step', () => {
    fc.assert(
      fc.property(graphs, ({ size, edges, a, b, c }) => {
        fc.pre(a !== c);
        const scenario = scenarioOf(size, edges);
        const { violations } = run(scenario, {
          every_path: { from: `s${a}`, to: `s${b}` },
          passes: `s${c}`,
        });
        const around = arrives(edges, a) && b !== c && (a === b || reachable(edges, a, c).has(b));
        expect(violations.length > 0).toBe(around);
        for (const v of violations) {
          expectRealPath(scenario, v.path);
          expect(v.path.hops.some((h) => h.to === `s${c}`)).toBe(false);
          expect(v.path.hops.length).toBe(distance(edges, a, b, c));
        }
      }),
      { seed: 4242, numRuns: 400 },
    );
  });

  it('reaches … within N: broken exactly when a walk of at most N steps misses the target', () => {
    fc.assert(
      fc.property(graphs, ({ size, edges, a, b, within }) => {
        const scenario = scenarioOf(size, edges);
        const { violations } = run(scenario, { from: `s${a}`, reaches: `s${b}`, within });
        expect(violations.length > 0).toBe(
          arrives(edges, a) && misses(edges, a, new Set([b]), within),
        );
        for (const v of violations) {
          expectRealPath(scenario, v.path);
          expect(v.path.hops.length).toBeLessThan(within);
          expect(v.path.hops.some((h) => h.to === `s${b}`)).toBe(false);
        }
      }),
      { seed: 6262, numRuns: 400 },
    );
  });
});
