// The pull-request comment: counts first, every deletion named, details folded per step, a
// Mermaid diagram of the changed part, user text escaped, and never longer than maxLength.
import { describe, expect, it } from 'vitest';
import type { Plan } from '../../src/plan/types.js';
import { NO_COLORS } from '../../src/render/colors.js';
import { PLAN_RENDERERS } from '../../src/render/plan/index.js';
import { DEFAULT_MAX_LENGTH } from '../../src/render/plan/markdown.js';
import { emptyPlan, smallPlan } from './fixture-plans.js';
import {
  button,
  createButton,
  createStep,
  deleteStep,
  expectGolden,
  expectValidPlan,
  hugePlan,
  plan,
  step,
  updateButton,
  updateStep,
} from './plans.js';

const markdown = (p: Plan = smallPlan(), maxLength?: number) =>
  PLAN_RENDERERS.markdown(p, {
    palette: NO_COLORS,
    ...(maxLength === undefined ? {} : { maxLength }),
  });
const NOTE =
  /_… \d+ more steps? not shown: the plan is too large for one comment\. Run `botform plan` locally for the full plan\._\n$/;

describe('markdown plan', () => {
  it('matches the golden file', () => {
    expectGolden('small.md', markdown());
  });

  it('puts the counts first, then the deletions, then details, then the diagram', () => {
    const out = markdown();
    const at = (s: string) => out.indexOf(s);
    expect(out.split('\n').slice(0, 3).join('\n')).toContain(
      '**Plan: 3 to create, 5 to update, 5 to delete (15 API calls).**',
    );
    expect(at('**Plan:')).toBeLessThan(at('> [!CAUTION]'));
    expect(at('> [!CAUTION]')).toBeLessThan(at('<details>'));
    expect(at('<details>')).toBeLessThan(at('```mermaid'));
    expect(out).not.toMatch(NOTE);
  });

  it('names every step and button that will be deleted', () => {
    const caution =
      markdown()
        .split('\n\n')
        .find((block) => block.startsWith('> [!CAUTION]')) ?? '';
    expect(caution).toContain('**3 steps and 2 buttons will be deleted:**');
    for (const key of ['legacy_a', 'legacy_b', 'old_promo'])
      expect(caution).toContain(`> - step \`${key}\``);
    expect(caution).toContain('>   - button 1 "Back"');
    expect(caution).toContain('> - button 3 "Summer sale" of step `welcome`');
  });

  it('folds each step in <details> and shows text changes as diff blocks', () => {
    const out = markdown();
    expect(out.match(/<details><summary>/g)).toHaveLength(7);
    expect(out.match(/<\/details>/g)).toHaveLength(7);
    expect(out).toContain(
      '```diff\n@@ -1,3 +1,3 @@\n Hi! I am the Pizza Bot.\n-What would you like?\n+What would you like today?\n We bake from 10 to 22.\n```',
    );
    expect(out).toContain(
      '<summary>✏️ <b>update</b> <code>welcome</code> (renamed from <code>hello</code>) — text, 4 buttons</summary>',
    );
  });

  it('draws the changed steps, their neighbours and labelled edges', () => {
    const diagram = /```mermaid\n([\s\S]*?)\n```/.exec(markdown())?.[1] ?? '';
    expect(diagram.startsWith('flowchart TD')).toBe(true);
    expect(diagram).toMatch(/n\d+\["\+ faq"\]:::created/);
    expect(diagram).toMatch(/n\d+\["− old_promo"\]:::deleted/);
    expect(diagram).toMatch(/n\d+\["~ welcome \(was hello\)"\]:::updated/);
    expect(diagram).toMatch(/n\d+\["catalog"\]:::context/);
    expect(diagram).toMatch(/n\d+ ==>\|"cart_total #gt; 40"\| n\d+/);
    expect(diagram).toMatch(/n\d+ -\.->\|"Summer sale"\| n\d+/);
    expect(diagram).toMatch(/n\d+ ==>\|"next"\| n\d+/);
    for (const cls of ['created', 'updated', 'deleted', 'context'])
      expect(diagram).toContain(`classDef ${cls} `);
  });

  it('escapes user text that could break markdown, HTML or Mermaid', () => {
    const nasty = 'x</details><script>alert(1)</script> & ``` "q" #1 `tick` [a](b) | pipe\nline 🍕';
    const p = plan([
      createStep('s', step('message', nasty)),
      createButton('s', button(nasty, 0, 't')),
      createButton('s', button('🍕 "Menu" #1', 1, 't2')),
      updateStep('u', step('message', 'a\n```\nb'), step('message', 'a\n````\nc\n</details>'), [
        'text',
      ]),
      deleteStep('d', step('message', nasty)),
    ]);
    expectValidPlan(p);
    const out = markdown(p);
    // Inside fenced blocks `</details>` is literal text; only the closing tags start a line.
    expect(out.match(/^<\/details>$/gm)).toHaveLength(3);
    expect(out.match(/^<details>/gm)).toHaveLength(3);
    const prose = out.replace(/^(`{3,})[a-z]*\n[\s\S]*?\n\1\n/gm, '');
    expect(prose).not.toContain('<script>');
    expect(prose).not.toContain('x</details>');
    expect(out).toContain('&lt;script&gt;');
    expect(out).toContain('`````diff');
    const diagram = /```mermaid\n([\s\S]*?)\n```/.exec(out)?.[1] ?? '';
    expect(diagram).toContain('#lt;/details#gt;#lt;script#gt;');
    const labels = diagram.match(/"[^"\n]*"/g) ?? [];
    expect(labels.length).toBeGreaterThan(3);
    for (const label of labels) expect(label.slice(1, -1)).not.toMatch(/[<>`|]/);
    expect(diagram).toContain('|"🍕 #quot;Menu#quot; #35;1"|');
  });

  it('an empty plan says so', () => {
    expect(markdown(emptyPlan())).toContain('No changes. The live shop matches the scenario.');
  });

  it('stays within 65,535 characters for 20,000 operations, with the note', () => {
    const p = hugePlan(20_000);
    expectValidPlan(p);
    const out = markdown(p);
    expect(out.length).toBeLessThanOrEqual(DEFAULT_MAX_LENGTH);
    expect(out.length).toBeGreaterThan(DEFAULT_MAX_LENGTH - 2_000);
    expect(out).toMatch(NOTE);
    const { create, update, delete: deletes, calls } = p.summary;
    expect(calls).toBe(20_000);
    expect(out).toContain(
      `**Plan: ${create} to create, ${update} to update, ${deletes} to delete (20000 API calls).**`,
    );
    expect(out).toContain('```mermaid');
    expect(out).toMatch(/> - … and \d+ more\n/);
    expect(out).toMatch(/_The diagram shows \d+ of \d+ changed steps\._/);
    expect((out.match(/<details>/g) ?? []).length).toBe((out.match(/<\/details>/g) ?? []).length);
  });

  it('cuts a single 200 KB text to fit, closing what it opened', () => {
    const big = Array.from({ length: 4_000 }, (_, i) => `line ${i} ${'x'.repeat(45)}`).join('\n');
    for (const p of [
      plan([createStep('big', step('message', big))]),
      plan([updateStep('big', step('message', big), step('message', big.toUpperCase()), ['text'])]),
      plan([
        updateStep('big', step('message', 'short'), step('message', 'y'.repeat(200_000)), ['text']),
      ]),
    ]) {
      expectValidPlan(p);
      const out = markdown(p);
      expect(out.length).toBeLessThanOrEqual(DEFAULT_MAX_LENGTH);
      expect(out).toContain('_… the rest of this step is cut');
      expect(out).toContain('</details>');
      expect(
        out.endsWith(
          '_… Parts of the plan are not shown: the plan is too large for one comment. Run `botform plan` locally for the full plan._\n',
        ),
      ).toBe(true);
      const fences = out.match(/^```+/gm) ?? [];
      expect(fences.length % 2).toBe(0);
    }
  });

  it('respects small limits', () => {
    for (const max of [0, 1, 10, 100, 300, 500, 1_000, 2_000, 5_000]) {
      const out = markdown(smallPlan(), max);
      expect(out.length).toBeLessThanOrEqual(max);
    }
    expect(markdown(smallPlan(), 1_000)).toContain('> [!CAUTION]');
  });

  it('handles plans the planner is not expected to make', () => {
    const p = plan([
      updateButton('menu', button('A', 0, 'x'), button('B', 3, null, 'https://x.example'), [
        'text',
        'position',
        'goto',
        'url',
      ]),
    ]);
    expectValidPlan(p);
    expect(markdown(p)).toContain('✏️ button "A" → "B", moves 1 → 4, target: x → https://x.example');
  });
});
