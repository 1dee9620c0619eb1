// Path rules through conditions that depend on earlier answers, against brute force on random
// small scenarios (seeded): a question saves a number `n`, condition steps branch on `n < k` /
// `n >= k`, later questions may save `n` again, message steps offer buttons. A `never` rule is
// broken exactly when some conversation reaches its target (an `every_path … passes` rule, when
// one reaches it without passing; from a step inside, with the answers a conversation can
// arrive there with) — decided by trying every kind of
// answer at every question — the path a violation names can be walked with one of them, and
// its counterexample is a conversation test that replays it.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { compileRules } from '../../src/rules/compile.js';
import { checkRules } from '../../src/rules/check.js';
import { START_OF_FILE } from '../../src/diagnostics/types.js';
import { counterexampleTests } from '../../src/testgen/counterexample.js';
import { compileFiles } from '../helpers/compile.js';
import { defaultConfig } from '../../src/config/load-config.js';

type Node =
  | { kind: 'message'; to: number[] }
  | { kind: 'condition'; branches: { op: '<' | '>='; k: number; to: number }[]; otherwise: number }
  | { kind: 'question'; to: number };

/** Answers that fall on every side of every threshold 0..4. */
const ANSWERS = [-1, -0.5, 0, 0.5, 1, 1.5, 2, 2.5, 3, 3.5, 4, 4.5, 5];

const holds = (op: '<' | '>=', n: number, k: number) => (op === '<' ? n < k : n >= k);

/**
 * Steps some conversation enters after the start question (never entering `avoiding`), trying
 * every answer everywhere.
 */
function reachableSteps(
  nodes: Node[],
  avoiding?: number,
  from: [number, number][] = ANSWERS.map((n) => [0, n]),
): Set<number> {
  return new Set([...reachableStates(nodes, avoiding, from)].map(([at]) => at));
}

/** The (step, n) states of those conversations. */
function reachableStates(
  nodes: Node[],
  avoiding: number | undefined,
  from: [number, number][],
): [number, number][] {
  const seen = new Set<string>();
  const entered: [number, number][] = [];
  const queue: [number, number][] = [...from];
  while (queue.length > 0) {
    const [at, n] = queue.shift() as [number, number];
    const id = `${at}|${n}`;
    if (seen.has(id) || at === avoiding) continue;
    seen.add(id);
    entered.push([at, n]);
    const node = nodes[at] as Node;
    if (node.kind === 'message') for (const to of node.to) queue.push([to, n]);
    else if (node.kind === 'question') for (const m of ANSWERS) queue.push([node.to, m]);
    else {
      const taken = node.branches.find((b) => holds(b.op, n, b.k));
      queue.push([taken ? taken.to : node.otherwise, n]);
    }
  }
  return entered;
}

/** Whether some answers walk exactly this path of step indexes (the first is s0). */
function walkable(nodes: Node[], steps: number[]): boolean {
  const go = (i: number, n: number): boolean => {
    if (i === steps.length - 1) return true;
    const node = nodes[steps[i] as number] as Node;
    const next = steps[i + 1] as number;
    if (node.kind === 'message') return node.to.includes(next) && go(i + 1, n);
    if (node.kind === 'question') return node.to === next && ANSWERS.some((m) => go(i + 1, m));
    const taken = node.branches.find((b) => holds(b.op, n, b.k));
    return (taken ? taken.to : node.otherwise) === next && go(i + 1, n);
  };
  return ANSWERS.some((n) => go(0, n));
}

function yamlOf(nodes: Node[]): string {
  const lines = [
    'start: start',
    'steps:',
    '  start:',
    '    type: question',
    '    text: A number?',
    '    save_as: n',
    '    expect: number',
    '    next: s0',
  ];
  nodes.forEach((node, i) => {
    lines.push(`  s${i}:`);
    if (node.kind === 'question')
      lines.push(
        '    type: question',
        '    text: Another number?',
        '    save_as: n',
        '    expect: number',
        `    next: s${node.to}`,
      );
    else if (node.kind === 'condition') {
      lines.push('    type: condition', '    branches:');
      for (const b of node.branches)
        lines.push(`      - if: n ${b.op} ${b.k}`, `        goto: s${b.to}`);
      lines.push(`    else: s${node.otherwise}`);
    } else {
      lines.push('    type: message', `    text: Step ${i}`);
      if (node.to.length === 0) lines.push('    end: true');
      else {
        lines.push('    menu:');
        node.to.forEach((to, b) => {
          lines.push(`      - text: Go ${b}`, `        goto: s${to}`);
        });
      }
    }
  });
  return `${lines.join('\n')}\n`;
}

const scenarios = fc.integer({ min: 3, max: 7 }).chain((size) => {
  const target = fc.nat(size - 1);
  const node: fc.Arbitrary<Node> = fc.oneof(
    fc.record({
      kind: fc.constant('message' as const),
      to: fc.uniqueArray(target, { maxLength: 3 }),
    }),
    fc.record({
      kind: fc.constant('condition' as const),
      branches: fc.array(
        fc.record({
          op: fc.constantFrom('<' as const, '>=' as const),
          k: fc.integer({ min: 0, max: 4 }),
          to: target,
        }),
        { minLength: 1, maxLength: 3 },
      ),
      otherwise: target,
    }),
    fc.record({ kind: fc.constant('question' as const), to: target }),
  );
  return fc.record({
    nodes: fc.array(node, { minLength: size, maxLength: size }),
    goal: fc.integer({ min: 1, max: size - 1 }),
    passes: fc.nat(size - 1),
    inner: fc.nat(size - 1),
  });
});

describe('path rules through conditions on earlier answers', () => {
  it('never: broken exactly when some conversation reaches the target, along a path one can walk', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'botform-rule-conditions-'));
    try {
      let broken = 0;
      let held = 0;
      await fc.assert(
        fc.asyncProperty(scenarios, async ({ nodes, goal, passes, inner }) => {
          const file = path.join(dir, 'flow.yaml');
          writeFileSync(file, yamlOf(nodes));
          const compiled = await compileFiles([file], { cwd: dir, config: defaultConfig(dir) });
          // Conditions that loop into each other are an error of their own (endless-loop).
          const errors = compiled.diagnostics.filter((d) => d.severity === 'error');
          expect(errors.filter((d) => d.code !== 'endless-loop')).toEqual([]);
          fc.pre(errors.length === 0);
          const locator = { file: 'flow.yaml', locate: () => START_OF_FILE };
          const { rules, diagnostics } = compileRules(
            [
              {
                file: 'r.rules.yaml',
                locator,
                rules: [
                  {
                    index: 0,
                    raw: { id: 'r', message: 'M.', never: { from: 'start', to: `s${goal}` } },
                  },
                  {
                    index: 1,
                    raw: {
                      id: 'p',
                      message: 'P.',
                      every_path: { to: `s${goal}` },
                      passes: `s${passes}`,
                    },
                  },
                  {
                    index: 2,
                    raw: { id: 'i', message: 'I.', never: { from: `s${inner}`, to: `s${goal}` } },
                  },
                ],
              },
            ],
            compiled.scenario,
          );
          expect(diagnostics).toEqual([]);
          const checked = checkRules(rules, compiled.scenario, compiled.locators, undefined);
          const reaches = reachableSteps(nodes).has(goal);
          const of = (id: string) => checked.violations.filter((v) => v.rule.id === id);
          expect(of('r').length > 0).toBe(reaches);
          // every_path … passes: broken exactly when the goal is reached without entering it.
          const bypassed = passes !== goal && reachableSteps(nodes, passes).has(goal);
          expect(of('p').length > 0).toBe(bypassed);
          // never from a step inside: only with the answers a conversation can arrive there with.
          const arrived = reachableStates(
            nodes,
            undefined,
            ANSWERS.map((n) => [0, n]),
          ).filter(([at]) => at === inner);
          const onward = arrived.flatMap(([, n]) => {
            const node = nodes[inner] as Node;
            if (node.kind === 'message') return node.to.map((to): [number, number] => [to, n]);
            if (node.kind === 'question') return ANSWERS.map((m): [number, number] => [node.to, m]);
            const taken = node.branches.find((b) => holds(b.op, n, b.k));
            return [[taken ? taken.to : node.otherwise, n] as [number, number]];
          });
          // (A rule from a step to itself asks about loops: left to the graph tests.)
          if (inner !== goal)
            expect(of('i').length > 0).toBe(reachableSteps(nodes, undefined, onward).has(goal));
          if (reaches) broken++;
          else held++;
          for (const v of checked.violations) {
            if (v.rule.id === 'i') continue;
            const steps = [v.path.start, ...v.path.hops.map((h) => h.to)];
            expect(steps[0]).toBe('start');
            expect(
              walkable(
                nodes,
                steps.slice(1).map((s) => Number(s.slice(1))),
              ),
            ).toBe(true);
          }
          // Each violation is a conversation test that replays it (it was run, and failed at
          // its last check, before it was returned).
          for (const made of counterexampleTests(checked.violations, compiled.scenario))
            expect(made).toMatchObject({ ok: true });
        }),
        { seed: 20261206, numRuns: 150 },
      );
      // Both outcomes were tried, or the property proved little.
      expect(broken).toBeGreaterThan(10);
      expect(held).toBeGreaterThan(10);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
