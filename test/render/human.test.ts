// The terminal plan: golden files, deletions first and flagged, unified diffs of texts, the
// summary line, and colour only through the palette.
import { describe, expect, it } from 'vitest';
import { COLORS, NO_COLORS } from '../../src/render/colors.js';
import { PLAN_FORMATS, PLAN_RENDERERS, isPlanFormat } from '../../src/render/plan/index.js';
import { emptyPlan, smallPlan } from './fixture-plans.js';
import {
  button,
  createButton,
  createStep,
  deleteStep,
  expectGolden,
  expectValidPlan,
  plan,
  step,
  updateButton,
  updateStep,
} from './plans.js';

const human = (p = smallPlan(), palette = NO_COLORS) => PLAN_RENDERERS.human(p, { palette });
const ANSI = /\u001b\[/;

describe('human plan', () => {
  it('fixture plans match the plan schema', () => {
    expectValidPlan(smallPlan());
    expectValidPlan(emptyPlan());
  });

  it('matches the golden files', () => {
    expectGolden('small.human.txt', human());
    expectGolden('empty.human.txt', human(emptyPlan()));
  });

  it('prints the empty plan as one line', () => {
    expect(human(emptyPlan())).toBe('No changes. The live shop matches the scenario.\n');
  });

  it('shows deletions first, flagged, then creates, then updates', () => {
    const lines = human().split('\n');
    const flag = lines.findIndex((l) => l.startsWith('! '));
    const firstOf = (sign: string) => lines.findIndex((l) => l.startsWith(`  ${sign} `));
    const lastOf = (sign: string) => lines.findLastIndex((l) => l.startsWith(`  ${sign} `));
    expect(lines[flag]).toBe('! 3 steps and 2 buttons will be deleted (destroy)');
    expect(flag).toBeLessThan(firstOf('-'));
    expect(lastOf('-')).toBeLessThan(firstOf('+'));
    expect(lastOf('+')).toBeLessThan(firstOf('~'));
  });

  it('ends with the summary line', () => {
    const out = human();
    expect(out.endsWith('Plan: 3 to create, 5 to update, 5 to delete (15 API calls).\n')).toBe(
      true,
    );
    expect(out.trimEnd().split('\n').at(-1)).toMatch(
      /^Plan: \d+ to create, \d+ to update, \d+ to delete \(\d+ API calls?\)\.$/,
    );
  });

  it('shows a multi-line text change as a unified diff without file headers', () => {
    const out = human();
    expect(out).toContain(
      [
        '      text:',
        '        @@ -1,3 +1,3 @@',
        '         Hi! I am the Pizza Bot.',
        '        -What would you like?',
        '        +What would you like today?',
        '         We bake from 10 to 22.',
      ].join('\n'),
    );
    expect(out).not.toMatch(/^\s*(---|\+\+\+|Index:|=====)/m);
  });

  it('diffs long texts with context, not whole', () => {
    const lines = Array.from({ length: 40 }, (_, i) => `line ${i + 1}`);
    const changed = lines.map((l, i) => (i === 19 ? 'line twenty' : l));
    const out = human(
      plan([
        updateStep('long', step('message', lines.join('\n')), step('message', changed.join('\n')), [
          'text',
        ]),
      ]),
    );
    expect(out).toContain('@@ -17,7 +17,7 @@');
    expect(out).toContain('-line 20');
    expect(out).toContain('+line twenty');
    expect(out).not.toContain('line 1\n');
  });

  it('shows every transition field of the registry as a bare step name (no_operator too)', () => {
    const before = step('handoff', 'An operator will answer', 'goodbye', { no_operator: 'sorry' });
    const after = step('handoff', 'An operator will answer', 'goodbye', {
      no_operator: 'call_back',
    });
    const out = human(plan([updateStep('ask_human', before, after, ['params.no_operator'])]));
    expect(out).toContain('      params.no_operator: sorry → call_back');
  });

  it('shows short values as old → new, renames and button changes', () => {
    const out = human();
    expect(out).toContain('  ~ step "welcome" (renamed from "hello")');
    expect(out).toContain('      params.else: catalog → checkout');
    expect(out).toContain('      + button 2 "FAQ" → faq');
    expect(out).toContain('      ~ button 1 "Menu" → "Our menu"');
    expect(out).toContain('      ~ button "Website" moves 2 → 3');
    expect(out).toContain('      - button 3 "Summer sale"');
    expect(out).toContain('  ~ start step: hello → welcome');
  });

  it('folds cycle-breaking calls into the creation and the deletion', () => {
    const out = human();
    expect(out).toContain(
      '  + step "faq" (+1 call to close a cycle)\n      type: message\n      text: |\n        Questions?\n        Ask away.\n      next: faq_more\n',
    );
    expect(out).toContain('  - step "legacy_a" (+1 call to clear references first)');
    expect(out.match(/step "faq"/g)).toHaveLength(1);
  });

  it('lists warnings before the summary', () => {
    const out = human();
    expect(out).toMatch(
      /Warnings:\n {2}! step "catalog" was edited in the web constructor since the last apply {2}drift\n\nPlan: /,
    );
  });

  it('uses colour only through the palette', () => {
    expect(human()).not.toMatch(ANSI);
    const coloured = human(smallPlan(), COLORS);
    expect(coloured).toMatch(ANSI);
    expect(coloured).toContain(COLORS.red('-What would you like?'));
    expect(coloured).toContain(COLORS.green('+What would you like today?'));
    expect(coloured.replace(/\u001b\[\d+m/g, '')).toBe(human());
  });

  it('never lets live data write escape sequences to the terminal', () => {
    const p = plan([
      createStep('evil', step('message', 'a\u001b[2Jb')),
      createButton('evil', button('x\u001b[31m', 0, 'next\u001b[0m')),
      updateStep('s', step('message', 'one\ntwo'), step('message', 'one\n\u001b[31mthree'), [
        'text',
      ]),
    ]);
    expectValidPlan(p);
    expect(human(p)).not.toMatch(ANSI);
  });

  it('shows a step whose buttons alone change, and a deletion with no buttons', () => {
    const p = plan([
      deleteStep('gone', step('delay', '', 'x', { seconds: 5 })),
      updateButton('menu', button('A', 0, 'x'), button('A', 0, 'y'), ['goto']),
    ]);
    expectValidPlan(p);
    const out = human(p);
    expect(out).toContain('! 1 step will be deleted (destroy)');
    expect(out).toContain(
      '  - step "gone"\n      type: delay\n      next: x\n      params:\n        seconds: 5\n',
    );
    expect(out).toContain('  ~ step "menu"\n      ~ button 1 "A" target: x → y\n');
    expect(out).toContain('Plan: 0 to create, 1 to update, 1 to delete (2 API calls).');
  });
});

describe('plan formats', () => {
  it('has one renderer per format', () => {
    expect(PLAN_FORMATS).toEqual(['human', 'json', 'markdown', 'github', 'summary']);
    for (const format of PLAN_FORMATS) expect(typeof PLAN_RENDERERS[format]).toBe('function');
    expect(isPlanFormat('markdown')).toBe(true);
    expect(isPlanFormat('yaml')).toBe(false);
  });

  it('json is the plan itself', () => {
    const p = smallPlan();
    const out = PLAN_RENDERERS.json(p, { palette: COLORS });
    expect(out.endsWith('}\n')).toBe(true);
    expect(JSON.parse(out)).toStrictEqual(p);
    expect(out).not.toMatch(ANSI);
  });
});
