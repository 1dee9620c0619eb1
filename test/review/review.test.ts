// `botform review --base REF` on a change written for it, in a real git repository: a condition's
// threshold, a rerouted button, a reply's text, a deleted step, a new untested button and a
// renamed step (the repository's tests and the paths test generate walks on both versions). It names the conversations that change with before and after (none for the
// rename), lists exactly the new untested transition at its line, the affected tests, and the
// patch coverage; bad bases get clear words.
import { execFileSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { marked } from 'marked';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli, tempTree } from '../helpers/cli.js';

const BASE = `start: menu
steps:
  menu:
    type: message
    text: Hi! What do you need?
    menu:
      - text: Shop
        goto: check_cart
      - text: Help
        goto: help
      - text: Old offer
        goto: old_offer
  check_cart:
    type: condition
    branches:
      - if: cart.total < 10
        goto: too_small
    else: checkout
  too_small:
    type: message
    text: The minimum order is 10 euros.
    end: true
  checkout:
    type: message
    text: Choose delivery or pickup.
    end: true
  help:
    type: message
    text: Call us.
    end: true
  old_offer:
    type: message
    text: Two for one!
    end: true
`;

const HEAD = `start: menu
steps:
  menu:
    type: message
    text: Hi! How can we help?
    menu:
      - text: Shop
        goto: check_cart
      - text: Help
        goto: call_us
      - text: News
        goto: news
  check_cart:
    type: condition
    branches:
      - if: cart.total < 15
        goto: below_minimum
    else: checkout
  below_minimum:
    renamed_from: [too_small]
    type: message
    text: The minimum order is 10 euros.
    end: true
  checkout:
    type: message
    text: Choose delivery or pickup.
    end: true
  help:
    type: message
    text: Call us.
    end: true
  call_us:
    type: message
    text: Call us on 555-0100.
    end: true
  news:
    type: message
    text: New pizzas every week.
    end: true
`;

const TESTS = `tests:
  - name: a cart of 12 euros is enough
    cart: [{name: Pizza, price: 12, qty: 1}]
    turns:
      - user: {press: Shop}
  - name: help
    turns:
      - user: {press: Help}
  - name: nothing pressed
    turns:
      - bot: {step: menu}
`;

const git = (dir: string, ...args: string[]) =>
  execFileSync('git', args, { cwd: dir, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });

/** A project of the base scenario and the tests, committed as the repository's first commit. */
function committedProject(): ReturnType<typeof tempTree> {
  const t = tempTree({
    'botform.config.yaml': 'scenario: scenario\n',
    'scenario/main.yaml': BASE,
    'tests/main.test.yaml': TESTS,
  });
  git(t.dir, 'init', '-q');
  git(t.dir, 'add', '-A');
  git(t.dir, '-c', 'user.email=a@b.c', '-c', 'user.name=T', 'commit', '-qm', 'base');
  return t;
}

interface JsonReview {
  behaviour_changes: {
    kind: string;
    count: number;
    inputs: string[];
    before: string[];
    after: string[];
  }[];
  uncovered_transitions: { file: string; line: number; from: string; to: string; kind: string }[];
  patch_coverage: { covered: number; total: number };
  affected_tests: { file: string; name: string }[];
  renamed: [string, string][];
  removed_steps: string[];
}

describe('botform review', () => {
  let t: ReturnType<typeof tempTree>;
  beforeAll(() => {
    t = committedProject();
    writeFileSync(path.join(t.dir, 'scenario/main.yaml'), HEAD);
  });
  afterAll(() => t.cleanup());

  it('names the conversations that change, with before and after, grouped; the rename is not a change', async () => {
    const run = await runCli(['review', '--base', 'HEAD', '--format', 'json'], { cwd: t.dir });
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    const review = JSON.parse(run.stdout) as JsonReview;
    const changes = review.behaviour_changes;
    const find = (kind: string, text: string) =>
      changes.find((c) => c.kind === kind && [...c.before, ...c.after].join('\n').includes(text));

    // The threshold: a 12-euro cart now gets the minimum-order message instead of the delivery choice.
    const threshold = find('route', 'below_minimum');
    expect(threshold?.inputs).toEqual(['press "Shop"']);
    expect(threshold?.before[0]).toBe('press "Shop": check_cart → checkout');
    expect(threshold?.after[0]).toBe('press "Shop": check_cart → below_minimum');
    // The rerouted button, and the deleted step's button the bot now ignores.
    expect(find('route', 'call_us')?.after[0]).toBe('press "Help": call_us');
    expect(find('route', 'old_offer')?.after[0]).toBe('press "Old offer": (the bot does not move)');
    // The reply text: once, however many conversations see it.
    const text = changes.filter((c) => c.kind === 'says');
    expect(text).toHaveLength(1);
    expect(text[0]?.before).toEqual(['menu says "Hi! What do you need?"']);
    expect(text[0]?.after).toEqual(['menu says "Hi! How can we help?"']);
    expect(text[0]?.inputs).toEqual([]);
    expect(text[0]?.count).toBeGreaterThanOrEqual(3);
    // The menu offers other buttons at the start, for every conversation.
    expect(find('buttons', 'News')?.count).toBeGreaterThanOrEqual(3);
    // The renamed step is never named by its old name, and is no change of its own.
    expect(JSON.stringify(changes.map((c) => [c.before, c.after]))).not.toContain('too_small');
    expect(review.renamed).toEqual([['too_small', 'below_minimum']]);
    expect(review.removed_steps).toEqual(['old_offer']);
  });

  it('a rename alone changes no conversation', async () => {
    const r = committedProject();
    try {
      writeFileSync(
        path.join(r.dir, 'scenario/main.yaml'),
        BASE.replace('  too_small:\n', '  below_minimum:\n    renamed_from: [too_small]\n').replace(
          'goto: too_small',
          'goto: below_minimum',
        ),
      );
      const run = await runCli(['review', '--base', 'HEAD', '--format', 'json'], { cwd: r.dir });
      const review = JSON.parse(run.stdout) as JsonReview;
      expect(review.renamed).toEqual([['too_small', 'below_minimum']]);
      expect(review.behaviour_changes).toEqual([]);
      expect(review.patch_coverage).toEqual({ covered: 0, total: 0 });
      expect(review.affected_tests).toEqual([]);
    } finally {
      r.cleanup();
    }
  });

  it('lists exactly the new transitions no test walks, at their lines, and the affected tests', async () => {
    const run = await runCli(['review', '--base', 'HEAD', '--format', 'json'], { cwd: t.dir });
    const review = JSON.parse(run.stdout) as JsonReview;
    const newsLine = HEAD.split('\n').findIndex((l) => l.includes('goto: news')) + 1;
    expect(review.uncovered_transitions).toEqual([
      expect.objectContaining({
        file: 'scenario/main.yaml',
        line: newsLine,
        from: 'menu',
        to: 'news',
        kind: 'button',
      }),
    ]);
    expect(review.patch_coverage).toEqual({ covered: 1, total: 2 });
    expect(review.affected_tests.map((a) => a.name).sort()).toEqual(
      ['a cart of 12 euros is enough', 'help', 'nothing pressed'].sort(),
    );

    const strict = await runCli(['review', '--base', 'HEAD', '--min-patch-coverage', '60'], {
      cwd: t.dir,
    });
    expect(strict.code).toBe(1);
    expect(strict.stderr).toContain('patch coverage 50.0% is below --min-patch-coverage 60');
    expect(strict.stdout).toContain(
      `scenario/main.yaml:${newsLine}:15  menu → news (button "News") is walked by no test`,
    );
    const lenient = await runCli(['review', '--base', 'HEAD', '--min-patch-coverage', '50'], {
      cwd: t.dir,
    });
    expect(lenient.code).toBe(0);
  });

  it('github annotations: the verdict first, a warning at each transition no test walks', async () => {
    const run = await runCli(
      ['review', '--base', 'HEAD', '--format', 'github', '--min-patch-coverage', '60'],
      { cwd: t.dir },
    );
    expect(run.code).toBe(1);
    const lines = run.stdout.trim().split('\n');
    expect(lines[0]).toMatch(/^::error title=botform review::patch coverage 50\.0%25 is below/);
    const newsLine = HEAD.split('\n').findIndex((l) => l.includes('goto: news')) + 1;
    const warnings = lines.filter((l) => l.startsWith('::warning'));
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toContain(`file=scenario/main.yaml,line=${newsLine}`);
    expect(warnings[0]).toContain(
      'menu → news (button "News") is new or rerouted, and no test walks it.',
    );
    expect(lines.some((l) => l.startsWith('::notice') && l.includes('a reply changes'))).toBe(true);
  });

  it('markdown for a pull request fits the limit it is given', async () => {
    const full = await runCli(['review', '--base', 'HEAD', '--format', 'markdown'], { cwd: t.dir });
    expect(full.stdout.startsWith('### botform review\n')).toBe(true);
    expect(full.stdout).toContain('| before | after |');
    expect(full.stdout).toContain('#### New or changed transitions no test walks');
    // A GFM renderer (marked, as forges render comments) reads a table per change and the headings.
    const html = marked.parse(full.stdout, { gfm: true, async: false });
    expect(html.match(/<table>/g)?.length).toBe(
      (
        JSON.parse(
          (await runCli(['review', '--base', 'HEAD', '--format', 'json'], { cwd: t.dir })).stdout,
        ) as JsonReview
      ).behaviour_changes.length,
    );
    expect(html).toContain('<h4>New or changed transitions no test walks</h4>');
    expect(full.stdout.length).toBeLessThanOrEqual(65_000);
    const cut = await runCli(
      ['review', '--base', 'HEAD', '--format', 'markdown', '--max-length', '600'],
      { cwd: t.dir },
    );
    expect(cut.stdout.length).toBeLessThanOrEqual(600);
    expect(cut.stdout).toMatch(/_… \d+ more sections? not shown: run botform review locally\._\n$/);
  });

  it('a base folder, a base that does not compile, a ref git does not have', async () => {
    const folder = tempTree({
      'botform.config.yaml': 'scenario: scenario\n',
      'scenario/main.yaml': BASE,
    });
    const broken = tempTree({
      'botform.config.yaml': 'scenario: scenario\n',
      'scenario/main.yaml': 'steps: [\n',
    });
    try {
      const fromFolder = await runCli(['review', '--base', folder.dir, '--format', 'json'], {
        cwd: t.dir,
      });
      expect(fromFolder.code).toBe(0);
      expect((JSON.parse(fromFolder.stdout) as JsonReview).patch_coverage).toEqual({
        covered: 1,
        total: 2,
      });

      const fromBroken = await runCli(['review', '--base', broken.dir], { cwd: t.dir });
      expect(fromBroken.code).toBe(0);
      expect(fromBroken.stdout).toContain('does not compile');
      expect(fromBroken.stdout).toMatch(/Patch coverage: \d+\/\d+/);

      const unknown = await runCli(['review', '--base', 'no-such-branch'], { cwd: t.dir });
      expect(unknown.code).toBe(2);
      expect(unknown.stderr).toContain('git does not know "no-such-branch"');

      // One environment is compared: a pattern is a usage error, as in test, graph and chat.
      const many = await runCli(['review', '--base', 'HEAD', '--env', 'shop-*'], { cwd: t.dir });
      expect(many.code).toBe(2);
      expect(many.stderr).toContain(
        'botform review compares one environment: give --env one name.',
      );
    } finally {
      folder.cleanup();
      broken.cleanup();
    }
  });
});

describe('botform test --changed-since REF', () => {
  it('runs exactly the tests that walk the changed parts, and says how many it left out', async () => {
    const t = committedProject();
    try {
      // Only the help button is rerouted: the one test that presses it is the one that runs.
      writeFileSync(
        path.join(t.dir, 'scenario/main.yaml'),
        BASE.replace('        goto: help\n', '        goto: checkout\n'),
      );
      const run = await runCli(['test', '--changed-since', 'HEAD', '--format', 'json'], {
        cwd: t.dir,
      });
      expect(run.stderr).toContain('Changed since HEAD: 1 test of 3 touch the change; 2 not run.');
      const report = JSON.parse(run.stdout) as { results: { name: string }[] };
      expect(report.results.map((r) => r.name)).toEqual(['help']);

      // No change: nothing to run, and that is a pass.
      git(t.dir, 'checkout', '-q', '--', '.');
      const none = await runCli(['test', '--changed-since', 'HEAD'], { cwd: t.dir });
      expect(none.stderr).toContain(
        'Changed since HEAD: 0 tests of 3 touch the change; 3 not run.',
      );
      expect(none.code).toBe(0);
    } finally {
      t.cleanup();
    }
  });
});
