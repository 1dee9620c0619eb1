// YAML aliases are bounded by the nodes they repeat, not only by how many there are: 999 uses of
// an alias to a list of a million items is a 2 MB file and a billion nodes (it exhausted a 4 GB
// heap). Both YAML paths count the same way; the fast path (js-yaml, which shares the anchored
// value instead of copying it) finds the bomb in one pass and places it at the alias.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { DEFAULT_LIMITS, type LoadLimits } from '../../src/load/limits.js';
import { fastYamlParse } from '../../src/load/yaml-fast.js';
import { parseYamlSource } from '../../src/load/yaml-source.js';
import { runCli, tempTree } from '../helpers/cli.js';

const STEPS = 'start: a\nsteps:\n  a:\n    type: message\n    text: hi\n    end: true\n';

function fanOut(items: number, uses: number): string {
  return `${STEPS}big: &big [${Array(items).fill('x').join(',')}]\nrefs: [${Array(uses).fill('*big').join(',')}]\n`;
}

describe('alias expansion is counted in nodes', () => {
  it('refuses the fan-out bomb at the first alias past the limit, on the fast path', {
    timeout: 60_000,
  }, () => {
    const text = fanOut(1_000_000, 999);
    const parsed = parseYamlSource('bomb.yaml', text, DEFAULT_LIMITS);
    expect(parsed.value).toBeUndefined();
    expect(parsed.diagnostics).toHaveLength(1);
    expect(parsed.diagnostics[0]).toMatchObject({
      code: 'yaml-alias-limit',
      line: 8,
      column: 8,
      endLine: 8,
      endColumn: 12,
    });
    expect(parsed.diagnostics[0]?.message).toContain('repeat more than 100,000 nodes');
  });

  it('the reporting path stops at the same limit (it never builds the expansion)', {
    timeout: 60_000,
  }, () => {
    const text = fanOut(200_000, 999);
    const parsed = parseYamlSource('bomb.yaml', text, DEFAULT_LIMITS, { reportingPathOnly: true });
    expect(parsed.diagnostics.map((d) => [d.code, d.line, d.column])).toStrictEqual([
      ['yaml-alias-limit', 8, 8],
    ]);
  });

  it('validate says so with exit 1 and no stack trace', { timeout: 60_000 }, async () => {
    const t = tempTree({ 'bomb.yaml': fanOut(1_000_000, 999) });
    try {
      const run = await runCli(['validate', 'bomb.yaml'], { cwd: t.dir });
      expect(run.code).toBe(1);
      expect(run.stdout + run.stderr).toContain('yaml-alias-limit');
      expect(run.stdout + run.stderr).toContain('alias bomb');
    } finally {
      t.cleanup();
    }
  });

  it('allows ordinary sharing well within the limit', () => {
    const text = `${STEPS}menu: &menu [{text: Back, goto: a}, {text: Help, goto: a}]\nuses: [${Array(500).fill('*menu').join(', ')}]\n`;
    const parsed = parseYamlSource('ok.yaml', text, DEFAULT_LIMITS);
    expect(parsed.diagnostics).toStrictEqual([]);
    expect((parsed.value as { uses: unknown[] }).uses).toHaveLength(500);
  });

  // Documents of anchors and aliases (to scalars, null, lists, maps; aliases inside anchored
  // values; comments and line breaks before an alias), checked with a small node limit so that
  // generated documents fall on both sides of it. The paths must agree: a refusal on the fast
  // path is the reporting path's finding at the same place, and the fast path never accepts
  // what the reporting path refuses.
  it('both paths count alike (property)', () => {
    // [refused by the fast path, refused by the reporting path only, within the limit]
    const stats: [number, number, number] = [0, 0, 0];
    const value = fc.letrec((tie) => ({
      scalar: fc.constantFrom('x', '~', '1', '"q"', "'s'"),
      list: fc
        .array(tie('node'), { minLength: 0, maxLength: 4 })
        .map((items) => `[${items.join(', ')}]`),
      map: fc
        .array(tie('node'), { minLength: 1, maxLength: 3 })
        .map((items) => `{${items.map((v, i) => `k${i}: ${v}`).join(', ')}}`),
      alias: fc.constant('ALIAS'),
      node: fc.oneof(
        { depthSize: 'small' },
        tie('scalar'),
        tie('list'),
        tie('map'),
        tie('alias'),
      ) as fc.Arbitrary<string>,
    }));
    const doc = fc.record({
      anchors: fc.array(value.node, { minLength: 1, maxLength: 5 }),
      uses: fc.array(fc.tuple(fc.nat(10), fc.constantFrom(' ', '\n    ', ' # c *a0\n    ')), {
        minLength: 1,
        maxLength: 12,
      }),
      limit: fc.integer({ min: 1, max: 40 }),
    });
    fc.assert(
      fc.property(doc, ({ anchors, uses, limit }) => {
        let defined = 0;
        const lines = ['start: a'];
        anchors.forEach((raw, i) => {
          // An alias inside an anchored value names an earlier anchor (or is a plain scalar).
          const body = raw.replace(/ALIAS/g, () => (defined > 0 ? `*a${i % defined}` : 'z'));
          lines.push(`v${i}: &a${i} ${body}`);
          defined++;
        });
        lines.push('uses:');
        for (const [n, space] of uses) lines.push(`  -${space}*a${n % defined}`);
        const text = `${lines.join('\n')}\n`;
        const limits: LoadLimits = { ...DEFAULT_LIMITS, maxAliasNodes: limit };
        const fast = fastYamlParse(text, limits);
        const slow = parseYamlSource('x.yaml', text, limits, { reportingPathOnly: true });
        const slowBomb = slow.diagnostics.find((d) => d.code === 'yaml-alias-limit');
        if (fast.kind === 'refused') {
          const both = parseYamlSource('x.yaml', text, limits);
          expect(both.diagnostics.map((d) => [d.code, d.line, d.column])).toStrictEqual([
            [slowBomb?.code, slowBomb?.line, slowBomb?.column],
          ]);
        }
        if (slowBomb) expect(fast.kind).not.toBe('value');
        stats[fast.kind === 'refused' ? 0 : slowBomb ? 1 : 2]++;
      }),
      { seed: 25, numRuns: 600 },
    );
    // Not vacuous: the fast path refused many, and many were within the limit.
    expect(stats[0]).toBeGreaterThan(100);
    expect(stats[2]).toBeGreaterThan(100);
  });
});
