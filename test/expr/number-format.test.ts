// Number formats in templates: money(x) and fixed(x, n) render a price as the cart does, and a
// text where the type is known is refused before anything runs.
import { afterAll, describe, expect, it } from 'vitest';
import { runCli, tempTree } from '../helpers/cli.js';

const cleanups: (() => void)[] = [];
afterAll(() => {
  for (const c of cleanups) c();
});

function project(template: string) {
  const t = tempTree({
    'botform.config.yaml': 'scenario: bot.yaml\n',
    'bot.yaml': `start: ask
steps:
  ask:
    type: question
    text: How much?
    save_as: amount
    expect: number
    next: name
  name:
    type: question
    text: Your name?
    save_as: who
    expect: text
    next: show
  show:
    type: message
    text: "${template}"
    end: true
`,
    'tests/t.test.yaml': `tests:
  - name: the amount
    turns:
      - user: {text: "4.9"}
      - user: {text: Ann}
      - bot: {step: show}
`,
  });
  cleanups.push(t.cleanup);
  return t.dir;
}

describe('number formats in templates', () => {
  it('money() and fixed() render fixed decimals', async () => {
    const dir = project(
      'Fee: €{{ money(amount) }}, exactly {{ fixed(amount, 3) }}, {{ money(2) }}',
    );
    const run = await runCli(['test', '--format', 'json'], { cwd: dir });
    expect(run.code).toBe(0);
    // The rendered text, through a check that fails on purpose.
    const tree = tempTree({
      'botform.config.yaml': 'scenario: bot.yaml\n',
      'bot.yaml': `start: show\nsteps:\n  show:\n    type: message\n    text: "€{{ money(4.9) }} / {{ fixed(19, 2) }} / {{ fixed(1.23456, 3) }}"\n    end: true\n`,
      'tests/t.test.yaml':
        'tests:\n  - name: t\n    turns:\n      - bot: {says: "€4.90 / 19.00 / 1.235"}\n',
    });
    cleanups.push(tree.cleanup);
    const exact = await runCli(['test'], { cwd: tree.dir });
    expect(exact.stdout).toContain('✔ t');
    expect(exact.code).toBe(0);
  });

  it('a text given to money() is refused by validate, in words', async () => {
    const dir = project('Hello {{ money(who) }}');
    const run = await runCli(['validate'], { cwd: dir });
    expect(run.code).toBe(1);
    expect(run.stdout).toContain('money() does not take text');
    expect(run.stdout).toContain('expression-type');
    expect(run.stdout).not.toContain('overload');
  });
});
