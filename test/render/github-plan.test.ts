// plan --format github: deletions and warnings as warning annotations, the summary as a notice.
import { describe, expect, it } from 'vitest';
import { PLAN_RENDERERS } from '../../src/render/plan/index.js';
import { paletteFor } from '../../src/render/colors.js';
import { emptyPlan, smallPlan } from './fixture-plans.js';
import { hugePlan } from './plans.js';

const github = (p = smallPlan()) => PLAN_RENDERERS.github(p, { palette: paletteFor(false) });

describe('plan as GitHub annotations', () => {
  it('the summary first, then one warning per deleted step and per plan warning', () => {
    const lines = github().trimEnd().split('\n');
    expect(
      lines
        .filter((l) => l.startsWith('::warning title=botform plan%3A delete::'))
        .map((l) => l.split('::')[2]),
    ).toStrictEqual([
      'Step "legacy_a" will be deleted from shop 42.',
      'Step "legacy_b" will be deleted from shop 42.',
      'Step "old_promo" will be deleted from shop 42.',
    ]);
    expect(lines).toContain(
      '::warning title=botform drift::step "catalog" was edited in the web constructor since the last apply',
    );
    expect(lines[0]).toMatch(
      /^::notice title=botform plan::Plan: \d+ to create, \d+ to update, \d+ to delete/,
    );
  });

  it('an empty plan is one notice', () => {
    expect(github(emptyPlan())).toBe(
      '::notice title=botform plan::No changes. The live shop matches the scenario.\n',
    );
  });

  it('a plan of 10,000 changes: the summary, 10 deletions, and a count of the rest', () => {
    const lines = github(hugePlan(10_000)).trimEnd().split('\n');
    expect(lines[0]).toMatch(/^::notice title=botform plan::Plan: /);
    expect(lines.filter((l) => l.startsWith('::warning')).length).toBe(10);
    expect(lines.filter((l) => l.startsWith('::notice')).length).toBe(2);
    expect(lines.at(-1)).toMatch(
      /^::notice title=botform%3A 2490 more not shown::2490 more annotations are not shown \(2490 warnings\)/,
    );
  });
});
