// `plan --all-envs --format markdown|summary|github`: one document for many environments, within
// one total cap (a forge's comment limit), the largest sections cut first, what was cut said.
import { describe, expect, it } from 'vitest';
import { utf8Length } from '../../src/render/byte-budget.js';
import { FORGE_COMMENT_LIMITS, commentLimit } from '../../src/render/forge-limits.js';
import { manyAnnotations } from '../../src/render/plan/many-github.js';
import {
  type EnvironmentSection,
  renderManyMarkdown,
  waterLevel,
} from '../../src/render/plan/many-markdown.js';
import { summary } from '../../src/render/plan/summary.js';
import { NO_COLORS } from '../../src/render/colors.js';
import { smallPlan } from './fixture-plans.js';
import { hugePlan } from './plans.js';

const env = (name: string, plan = smallPlan()): EnvironmentSection => ({
  environment: name,
  changes: plan.operations.length,
  destructive: plan.summary.delete,
  status: plan.operations.length > 0 ? 'changes' : 'no changes',
  ok: true,
  plan,
  output: '',
});

describe('many environments in one markdown comment', () => {
  it('two environments of 10,000 changes each fit a GitHub comment; the small one stays whole', () => {
    const sections = [
      env('prod-a', hugePlan(10_000, 'a')),
      env('small'),
      env('prod-b', hugePlan(10_000, 'b')),
    ];
    const out = renderManyMarkdown(sections, FORGE_COMMENT_LIMITS.github);
    expect(out.length).toBeLessThanOrEqual(65_535);
    expect(out.length).toBeGreaterThan(50_000);
    // The table names every environment, the small plan is whole, the large ones shortened.
    for (const name of ['prod-a', 'small', 'prod-b'])
      expect(out).toContain(`| ${name.replace('-', '-')} |`);
    const small = renderManyMarkdown([env('small')], FORGE_COMMENT_LIMITS.github);
    const smallSection = small.slice(small.indexOf('<details>'));
    expect(out).toContain(smallSection.slice(0, smallSection.lastIndexOf('</details>')));
    expect(out).toMatch(
      /_✂️ Cut to fit 65,535 characters \(`--max-length`, `--forge`\): the plans of `prod-a`, `prod-b` are shortened\. See an environment whole with `botform plan --env NAME`, or every plan as JSON with `botform plan --all-envs --out DIR`\._\n$/,
    );
    // Both large sections get about the same room, and every <details> is closed.
    const sizes = ['prod-a', 'prod-b'].map((name) => {
      const start = out.indexOf(`<summary><b>${name}</b>`);
      return out.indexOf('</details>', start) - start;
    });
    expect(Math.abs((sizes[0] ?? 0) - (sizes[1] ?? 0))).toBeLessThan(2_000);
    expect(out.match(/<details/g)?.length).toBe(out.match(/<\/details>/g)?.length);
  });

  it('every forge limit holds, and a Bitbucket comment is smaller than GitHub’s', () => {
    const sections = [env('a', hugePlan(10_000, 'a')), env('b', hugePlan(3_000, 'b'))];
    for (const [forge, max] of Object.entries(FORGE_COMMENT_LIMITS)) {
      const out = renderManyMarkdown(sections, max);
      expect(out.length, forge).toBeLessThanOrEqual(max);
    }
    expect(renderManyMarkdown(sections, FORGE_COMMENT_LIMITS.bitbucket).length).toBeLessThan(
      32_768,
    );
  });

  it('hundreds of environments: each reduced to its name, then left to the table', () => {
    const sections = Array.from({ length: 400 }, (_, i) => env(`shop-${i}`));
    const out = renderManyMarkdown(sections, 20_000);
    expect(out.length).toBeLessThanOrEqual(20_000);
    expect(out).toMatch(/show only their status|only in the table/);
    expect(out.match(/<details/g)?.length).toBe(out.match(/<\/details>/g)?.length);
  });

  it('a failed environment comes first in the table and opens its section', () => {
    const failed: EnvironmentSection = {
      environment: 'broken',
      changes: undefined,
      destructive: undefined,
      status: 'error: invalid',
      ok: false,
      output: 'bot.yaml:3:5 error something\n',
    };
    const out = renderManyMarkdown([env('fine'), failed], FORGE_COMMENT_LIMITS.github);
    expect(out.indexOf('| broken |')).toBeLessThan(out.indexOf('| fine |'));
    expect(out).toContain('<details open><summary><b>broken</b>: error: invalid</summary>');
    expect(out).toContain('bot.yaml:3:5 error something');
    expect(out).toContain('**1 with changes, 1 failed.**');
  });

  it('as GitHub annotations: the failure first, summaries and warnings capped together', () => {
    const sections = [
      ...Array.from({ length: 12 }, (_, i) => env(`shop-${i}`)),
      {
        environment: 'broken',
        changes: undefined,
        destructive: undefined,
        status: 'error: API error',
        ok: false,
        output: '',
      },
    ];
    const lines = manyAnnotations(sections).trimEnd().split('\n');
    expect(lines[0]).toBe('::error title=botform plan (broken)::broken: error: API error');
    expect(lines.filter((l) => l.startsWith('::warning')).length).toBe(10);
    expect(lines.filter((l) => l.startsWith('::notice')).length).toBe(10);
    expect(lines.at(-1)).toMatch(/^::notice title=botform%3A \d+ more not shown::/);
  });
});

describe('limits', () => {
  it('the water level cuts the largest first', () => {
    expect(waterLevel([10, 20, 30], 100)).toBe(30);
    expect(waterLevel([10, 20, 300], 100)).toBe(70);
    expect(waterLevel([100, 100], 100)).toBe(50);
    expect(waterLevel([], 100)).toBe(0);
  });

  it('--max-length and --forge', () => {
    expect(commentLimit(undefined, undefined)).toStrictEqual({ ok: true, max: 65_535 });
    expect(commentLimit(undefined, 'gitlab')).toStrictEqual({ ok: true, max: 1_000_000 });
    expect(commentLimit('5000', 'gitlab')).toStrictEqual({ ok: true, max: 5_000 });
    expect(commentLimit('12abc', undefined).ok).toBe(false);
    expect(commentLimit(undefined, 'gitea').ok).toBe(false);
  });

  it('a plan summary holds 1 MiB of UTF-8, even of three-byte characters', () => {
    const out = summary(hugePlan(10_000, 'шаг'), { palette: NO_COLORS });
    expect(utf8Length(out)).toBeLessThanOrEqual(1024 * 1024);
    expect(utf8Length(out)).toBeGreaterThan(900 * 1024);
    expect(out.length).toBeLessThan(1024 * 1024);
  });
});
