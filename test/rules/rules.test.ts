// Team rules on a scenario written for these tests (a flower shop): every violated rule is
// reported at the place its path breaks it with a shortest conversation, the counterexample
// replays as a failing conversation test that passes once the scenario is fixed, rules that hold
// are silent, vacuous ones warn, bad rules are diagnostics at their place while the others still
// run, and plan policies refuse a plan in production and let it through in staging.
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli, tempTree } from '../helpers/cli.js';

const SCENARIO = `start: welcome
steps:
  welcome:
    type: message
    text: Welcome to Flora!
    menu:
      - text: Bouquets
        goto: catalog
      - text: Quick order
        goto: order
      - text: Help
        goto: help
  catalog:
    type: message
    text: Roses or tulips?
    menu:
      - text: To checkout
        goto: ask_phone
  ask_phone:
    type: question
    text: Your phone number?
    save_as: phone
    next: order
  order:
    type: order
    text: Where should we deliver?
    fields:
      - name: address
        label: Address
    payment: card
    success_text: Thank you!
    next: bye
    on_error: oops
  oops:
    type: message
    text: Something went wrong.
    end: true
  help:
    type: message
    text: Call us at 555-0100.
    menu:
      - text: Back
        goto: welcome
  bye:
    type: message
    text: Bye!
    end: true
`;

const RULES = `# yaml-language-server: $schema=../schemas/rules.schema.json
rules:
  - id: phone-before-order
    message: Every order asks for a phone number first.
    every_path: {to: {type: order}}
    passes: ask_phone
  - id: errors-reach-help
    message: A failed order reaches help within two steps.
    from: {transition: on_error}
    reaches: [help, {type: handoff}]
    within: 2
  - id: no-order-from-help
    message: Help never leads to an order.
    never: {from: help, to: {type: order}}
  - id: orders-handle-errors
    message: Orders say where to go when they fail.
    steps: {type: order}
    require: has(step.on_error)
  - id: short-texts
    message: Texts stay short.
    steps: {where: 'size(step.text) > 200'}
    require: "false"
  - id: no-admin
    message: Nobody reaches the admin tools.
    never: {from: welcome, to: "admin_*"}
`;

interface JsonDiagnostic {
  code: string;
  severity: string;
  message: string;
  file: string;
  line: number;
  column: number;
  hint?: string;
}

const project = (files: Record<string, string> = {}) =>
  tempTree({
    'botform.config.yaml': 'scenario: scenario\n',
    'scenario/main.yaml': SCENARIO,
    'rules/flora.rules.yaml': RULES,
    ...files,
  });

async function problems(dir: string): Promise<JsonDiagnostic[]> {
  const run = await runCli(['validate', '--format', 'json'], { cwd: dir });
  return (JSON.parse(run.stdout) as { diagnostics: JsonDiagnostic[] }).diagnostics;
}

/** The 1-based line of the first line of `text` containing `needle` after line `after`. */
const lineOf = (text: string, needle: string, after = 0) =>
  text.split('\n').findIndex((l, i) => i >= after && l.includes(needle)) + 1;

describe('team rules over every path', () => {
  it('reports each broken rule where its path breaks it, with a shortest conversation; holding rules are silent; a vacuous one warns', async () => {
    const t = project();
    try {
      const found = await problems(t.dir);
      const quick = lineOf(SCENARIO, 'Quick order');
      const byRule = (id: string) => found.filter((d) => d.message.includes(`(rule ${id})`));

      const phone = byRule('phone-before-order');
      expect(phone).toHaveLength(1);
      expect(phone[0]).toMatchObject({
        code: 'rule-violation',
        severity: 'error',
        file: 'scenario/main.yaml',
        line: quick + 1, // the `goto: order` of "Quick order": where the path enters the order
        hint: 'A conversation that breaks it: welcome → [Quick order] → order.',
      });

      const never = byRule('no-order-from-help');
      expect(never).toHaveLength(1);
      expect(never[0]?.hint).toBe(
        'A conversation that breaks it: help → [Back] → welcome → [Quick order] → order.',
      );

      const help = byRule('errors-reach-help');
      expect(help).toHaveLength(1);
      expect(help[0]).toMatchObject({ line: lineOf(SCENARIO, '  oops:') });
      expect(help[0]?.hint).toBe('A conversation that breaks it: oops.');

      expect(byRule('orders-handle-errors')).toEqual([]);
      expect(found.filter((d) => d.code === 'rule-vacuous').map((d) => d.message)).toEqual([
        'Rule "short-texts" holds only because its steps selector (steps where size(step.text) > 200) selects no step.',
        'Rule "no-admin" holds only because its "to" (steps admin_*) selects no step.',
      ]);
      expect(found.filter((d) => d.code === 'rule-vacuous').map((d) => d.file)).toEqual([
        'rules/flora.rules.yaml',
        'rules/flora.rules.yaml',
      ]);
    } finally {
      t.cleanup();
    }
  });

  it('writes the counterexample as a test that fails now and passes once the scenario keeps the rule', async () => {
    const t = project();
    try {
      const run = await runCli(['validate', '--counterexamples', 'ce'], { cwd: t.dir });
      expect(run.code).toBe(1);
      expect(run.stderr).toContain('Counterexamples: 3 conversation tests in ce.');
      expect(readdirSync(path.join(t.dir, 'ce'))).toEqual([
        'errors-reach-help.test.yaml',
        'no-order-from-help.test.yaml',
        'phone-before-order.test.yaml',
      ]);
      // A rule from inside the scenario is reached from the start, through the transition its
      // selector names: the order fails (an empty cart) and takes on_error to oops.
      expect(readFileSync(path.join(t.dir, 'ce/errors-reach-help.test.yaml'), 'utf8')).toContain(
        [
          '  - name: "errors-reach-help: welcome → … → (on error) → oops"',
          '    turns:',
          '      - bot: {step: welcome}',
          '      - user: {press: Quick order}',
          '      - bot: {step: order}',
          '      - user: {text: Ann}',
          '      - bot: {not_entered: oops}',
        ].join('\n'),
      );

      // The rules do not stop the test run: the counterexamples run, and each fails at its end.
      const before = await runCli(['test', 'ce'], { cwd: t.dir });
      expect(before.code).toBe(1);
      expect(before.stdout).toContain('Tests: 0 passed, 3 failed');
      expect(before.stdout).toContain('The bot passed through step "order" in this answer.');
      expect(before.stdout).toContain('The bot passed through step "oops" in this answer.');
      expect(before.stdout).not.toContain('not run');

      // The fix: the quick order asks for the phone first. The counterexample turns green.
      writeFileSync(
        path.join(t.dir, 'scenario/main.yaml'),
        SCENARIO.replace(
          '      - text: Quick order\n        goto: order',
          '      - text: Quick order\n        goto: ask_phone',
        ),
      );
      const after = await runCli(['test', 'ce/phone-before-order.test.yaml'], { cwd: t.dir });
      expect(after.stdout).toContain('Tests: 1 passed, 0 failed');
      expect(after.code).toBe(0);
      const found = await problems(t.dir);
      expect(found.filter((d) => d.message.includes('(rule phone-before-order)'))).toEqual([]);

      // Written again: the rule that now holds leaves no file; a hand-written file is kept.
      writeFileSync(path.join(t.dir, 'ce/mine.test.yaml'), 'tests: []\n');
      await runCli(['validate', '--counterexamples', 'ce'], { cwd: t.dir });
      expect(readdirSync(path.join(t.dir, 'ce'))).toEqual([
        'errors-reach-help.test.yaml',
        'mine.test.yaml',
        'no-order-from-help.test.yaml',
      ]);
    } finally {
      t.cleanup();
    }
  });

  it('never overwrites a file it did not write', async () => {
    const t = project({ 'ce/phone-before-order.test.yaml': '# mine\ntests: []\n' });
    try {
      const run = await runCli(['validate', '--counterexamples', 'ce'], { cwd: t.dir });
      expect(run.code).toBe(1);
      expect(run.stderr).toContain('was not written by botform; not overwriting it');
      expect(readFileSync(path.join(t.dir, 'ce/phone-before-order.test.yaml'), 'utf8')).toBe(
        '# mine\ntests: []\n',
      );
    } finally {
      t.cleanup();
    }
  });

  it('bad rules are diagnostics at their place, and the other rules still run', async () => {
    const bad = `rules:
  - id: typo
    message: Orders come after the phone.
    every_path: {to: {type: order}}
    passes: ask_phon
  - id: bad-type
    message: Nothing.
    steps: {type: hand-off}
    require: "true"
  - id: bad-cel
    message: Nothing.
    steps: {type: order}
    require: "has(step.on_error"
  - id: two-forms
    message: Nothing.
    never: {from: help, to: order}
    steps: {type: order}
    require: "true"
  - id: phone-before-order
    message: Duplicate.
    never: {from: help, to: bye}
`;
    const t = project({ 'rules/bad.rules.yaml': bad, 'rules/broken.rules.yaml': 'rules: [\n' });
    try {
      const found = await problems(t.dir);
      const invalid = found.filter((d) => d.code === 'rules-invalid');
      const at = (file: string, line: number) =>
        invalid.find((d) => d.file === file && d.line === line)?.message;
      expect(at('rules/bad.rules.yaml', 5)).toBe(
        'No step "ask_phon" in the scenario. Did you mean "ask_phone"?',
      );
      expect(at('rules/bad.rules.yaml', 8)).toMatch(/^"hand-off" is not a step type/);
      expect(at('rules/bad.rules.yaml', 13)).toMatch(/^require: /);
      expect(at('rules/bad.rules.yaml', 14)).toMatch(/^Rule "two-forms" has never and require/);
      expect(
        found.some((d) => d.file === 'rules/broken.rules.yaml' && d.severity === 'error'),
      ).toBe(true);
      // An id defined twice is refused where it is repeated; every other rule still runs.
      expect(at('rules/flora.rules.yaml', 3)).toBe(
        'A rule "phone-before-order" is already defined in rules/bad.rules.yaml.',
      );
      expect(found.filter((d) => d.message.includes('(rule no-order-from-help)'))).toHaveLength(1);
      expect(found.filter((d) => d.message.includes('(rule errors-reach-help)'))).toHaveLength(1);
    } finally {
      t.cleanup();
    }
  });

  it('a rule that breaks the schema, or has no known form, is one problem; the rest of its file runs', async () => {
    const mixed = `rules:
  - {id: unknown-form, message: x, sometimes: {from: welcome, to: bye}}
  - {id: bad-severity, message: x, severity: fatal, never: {from: welcome, to: bye}}
  - {id: valid-and-broken, message: VALID, never: {from: help, to: bye}}
  - {id: typo-step, message: x, never: {from: welcom, to: bye}}
`;
    const t = project({
      'rules/flora.rules.yaml': mixed,
      'rules/empty.rules.yaml': 'just a string\n',
    });
    try {
      const found = await problems(t.dir);
      const invalid = found
        .filter((d) => d.code === 'rules-invalid' && d.file === 'rules/flora.rules.yaml')
        .map((d) => [d.line, d.message]);
      expect(invalid).toEqual([
        [
          2,
          'Rule "unknown-form" has no form: give exactly one of every_path + passes, from + reaches, never, steps + require, plan. `sometimes` is not part of a rule.',
        ],
        [3, expect.stringContaining('severity')],
        [5, 'No step "welcom" in the scenario. Did you mean "welcome"?'],
      ]);
      expect(found.filter((d) => d.message === 'VALID (rule valid-and-broken)')).toHaveLength(1);
      const list = await runCli(['rules', 'list'], { cwd: t.dir });
      expect(list.stdout).toContain('valid-and-broken');
      expect(list.stdout).not.toContain('bad-severity');
      // A file that is no rules: list says what a rule file holds.
      const other = found.filter((d) => d.file === 'rules/empty.rules.yaml');
      expect(other.map((d) => d.message)).toEqual([
        'The file holds a string, not a mapping. A rule file holds `rules:`, a list of rules (docs/rules.md).',
      ]);
    } finally {
      t.cleanup();
    }
  });

  it('rules list shows what is loaded and from where; SARIF lists each violated rule', async () => {
    const t = project();
    try {
      const list = await runCli(['rules', 'list'], { cwd: t.dir });
      expect(list.code).toBe(0);
      expect(list.stdout).toContain(
        'phone-before-order  every path, error  rules/flora.rules.yaml:3',
      );
      expect(list.stdout).toContain('errors-reach-help  reaches, error  rules/flora.rules.yaml:7');

      const sarif = await runCli(['validate', '--format', 'sarif'], { cwd: t.dir });
      const log = JSON.parse(sarif.stdout) as {
        runs: {
          tool: { driver: { rules: { id: string; shortDescription: { text: string } }[] } };
          results: { ruleId: string; ruleIndex: number }[];
        }[];
      };
      const run = log.runs[0];
      const rules = run?.tool.driver.rules ?? [];
      const phone = rules.findIndex((r) => r.id === 'rule-violation/phone-before-order');
      expect(rules[phone]?.shortDescription.text).toBe(
        'Every order asks for a phone number first.',
      );
      expect(
        run?.results.find((r) => r.ruleId === 'rule-violation/phone-before-order')?.ruleIndex,
      ).toBe(phone);
    } finally {
      t.cleanup();
    }
  });
});

describe('conditions in path rules', () => {
  it('a branch botform proves impossible is no counterexample; a possible one is', async () => {
    const scenario = (condition: string) => `start: menu
steps:
  menu:
    type: message
    text: Hi
    menu:
      - text: Check
        goto: gate
  gate:
    type: condition
    branches:
      - if: ${condition}
        goto: secret
    else: bye
  secret:
    type: message
    text: Secret
    end: true
  bye:
    type: message
    text: Bye
    end: true
`;
    const rules = `rules:
  - id: no-secret
    message: Nobody reaches the secret.
    never: {from: menu, to: secret}
`;
    for (const [condition, broken] of [
      ['cart.total < 0', false],
      ['cart.total < 5', true],
    ] as const) {
      const t = tempTree({
        'botform.config.yaml': 'scenario: scenario\n',
        'scenario/main.yaml': scenario(condition),
        'rules/r.rules.yaml': rules,
      });
      try {
        const found = (await problems(t.dir)).filter((d) => d.code === 'rule-violation');
        expect(found.length > 0, condition).toBe(broken);
      } finally {
        t.cleanup();
      }
    }
  });
});

describe('conditions on earlier answers', () => {
  // The bar needs an adult and a blocked card; the toys need a child. A path to the toys through
  // the adult's corner asks `age >= 18`, then `age < 10`: it is no counterexample, the child's is.
  const AGE = `start: ask_age
steps:
  ask_age:
    type: question
    text: How old are you?
    save_as: age
    expect: number
    next: gate
  gate:
    type: condition
    branches:
      - if: age >= 18
        goto: adult
    else: kid
  adult:
    type: message
    text: Welcome, grown-up.
    menu:
      - text: Bar
        goto: check
      - text: Kids corner
        goto: kids_gate
  check:
    type: operation
    api:
      name: Card check
      method: GET
      url: https://api.example.com/card
      response:
        required:
          status:
            type: string
            enum: [ok, blocked]
        example:
          status: ok
      errors:
        - status: 404
          code: E1
          message: No card
          example:
            status: error
    save_as: card
    next: card_gate
    on_error: kid
  card_gate:
    type: condition
    branches:
      - if: card.status == "blocked"
        goto: bar
    else: kid
  kid:
    type: message
    text: Bye.
    menu:
      - text: Play
        goto: kids_gate
  bar:
    type: message
    text: Cheers!
    end: true
  kids_gate:
    type: condition
    branches:
      - if: age < 10
        goto: toys
    else: kid
  toys:
    type: message
    text: Toys!
    end: true
`;
  const RULES = `rules:
  - id: no-bar
    message: Nobody reaches the bar.
    never: {from: ask_age, to: bar}
  - id: no-toys
    message: Nobody reaches the toys.
    never: {from: ask_age, to: toys}
`;

  it('names a path whose conditions can all hold, and replays it with the answers and stubs it needs', async () => {
    const t = tempTree({
      'botform.config.yaml': 'scenario: scenario\n',
      'scenario/main.yaml': AGE,
      'rules/r.rules.yaml': RULES,
    });
    try {
      const hints = (await problems(t.dir))
        .filter((d) => d.code === 'rule-violation')
        .map((d) => d.hint);
      expect(hints).toEqual([
        'A conversation that breaks it: ask_age → gate → (if age >= 18) → adult → [Bar] → check → card_gate → (if card.status == "blocked") → bar.',
        'A conversation that breaks it: ask_age → gate → (else) → kid → [Play] → kids_gate → (if age < 10) → toys.',
      ]);
      const run = await runCli(['validate', '--counterexamples', 'ce'], { cwd: t.dir });
      expect(run.stderr).toContain('Counterexamples: 2 conversation tests in ce.');
      const bar = readFileSync(path.join(t.dir, 'ce/no-bar.test.yaml'), 'utf8');
      expect(bar).toContain('      - user: {text: "18"}');
      expect(bar).toContain(
        '    stubs:\n      check:\n        status: 200\n        body:\n          status: blocked',
      );
      const toys = readFileSync(path.join(t.dir, 'ce/no-toys.test.yaml'), 'utf8');
      expect(toys).toMatch(/- user: \{text: "(-?\d+(\.\d+)?)"\}/);
      const answer = Number(/- user: \{text: "([^"]+)"\}/.exec(toys)?.[1]);
      expect(answer).toBeLessThan(10);
      const replay = await runCli(['test', 'ce', '--format', 'json'], { cwd: t.dir });
      const results = (
        JSON.parse(replay.stdout) as {
          results: { status: string; notRun?: number; failures: { message: string }[] }[];
        }
      ).results;
      expect(results.map((r) => [r.status, r.notRun ?? 0, r.failures[0]?.message])).toEqual([
        ['failed', 0, 'The bot passed through step "bar" in this answer.'],
        ['failed', 0, 'The bot passed through step "toys" in this answer.'],
      ]);

      // The child's way closed: the toys cannot be reached by any conversation, and the rule holds.
      writeFileSync(
        path.join(t.dir, 'scenario/main.yaml'),
        AGE.replace(
          '      - text: Play\n        goto: kids_gate',
          '      - text: Play\n        goto: ask_age',
        ),
      );
      const after = (await problems(t.dir)).filter((d) => d.code === 'rule-violation');
      expect(after.map((d) => d.message)).toEqual(['Nobody reaches the bar. (rule no-bar)']);
    } finally {
      t.cleanup();
    }
  });
});

describe("conditions before a rule's own start, and a search past its bound", () => {
  // The free exam needs age < 10, and the only way to it passes `age >= 18` first.
  const flow = (questions: number, free = 'age < 10') => `start: welcome
steps:
  welcome:
    type: message
    text: Hello
    menu:
      - text: Book
        goto: ask_age
${Array.from({ length: questions }, (_, i) => `      - text: Q${i}\n        goto: q${i}\n`).join('')}  ask_age:
    type: question
    text: Your age?
    save_as: age
    expect: number
    next: age_route
  age_route:
    type: condition
    branches:
      - if: age >= 18
        goto: adult
    else: minor
  adult:
    type: message
    text: Adults
    menu:
      - text: Check
        goto: kid_check
  kid_check:
    type: condition
    branches:
      - if: ${free}
        goto: free_exam
    else: welcome
  minor:
    type: message
    text: Minors
    menu:
      - text: Back
        goto: welcome
  free_exam:
    type: message
    text: Free!
    end: true
${Array.from(
  { length: questions },
  (_, i) => `  q${i}:
    type: question
    text: Number ${i}?
    save_as: v${i}
    expect: number
    next: c${i}
  c${i}:
    type: condition
    branches:
      - if: v${i} > 5
        goto: welcome
    else: welcome
`,
).join('')}`;
  const RULES = `rules:
  - id: no-free-for-adults
    message: Adults never get the free exam.
    never: {from: adult, to: free_exam}
  - id: no-free-exam
    message: Nobody gets the free exam.
    never: {from: welcome, to: free_exam}
`;

  it('a rule from inside the scenario knows how a conversation gets there; answers no path needs do not multiply the search', async () => {
    const sixteen = Array.from({ length: 16 }, (_, i) => `v${i} > 5`).join(' && ');
    // Sixteen more answers (3^16 combinations of what is known of them): no rule's path needs
    // them, or the one that reads them all is shown impossible by age alone.
    for (const free of ['age < 10', `age < 10 && ${sixteen}`]) {
      const t = tempTree({
        'botform.config.yaml': 'scenario: scenario\n',
        'scenario/main.yaml': flow(16, free),
        'rules/r.rules.yaml': RULES,
      });
      try {
        const found = await problems(t.dir);
        // Nobody reaches the free exam: every way there asks age >= 18, then age < 10.
        expect(
          found.filter((d) => d.code === 'rule-violation' || d.code === 'rule-undecided'),
        ).toEqual([]);
        // Opened to children at the check: the rule from inside is broken, through the adults'
        // own branch when age is not asked again (a conversation arriving with age >= 18 cannot).
        writeFileSync(
          path.join(t.dir, 'scenario/main.yaml'),
          flow(16, free).replace('    else: minor\n', '    else: adult\n'),
        );
        const opened = (await problems(t.dir)).filter((d) => d.code === 'rule-violation');
        expect(opened.map((d) => d.message).sort()).toEqual([
          'Adults never get the free exam. (rule no-free-for-adults)',
          'Nobody gets the free exam. (rule no-free-exam)',
        ]);
      } finally {
        t.cleanup();
      }
    }
  });
});

describe('a search past its bound', () => {
  it('is a rule-undecided warning at the place, not a violation', async () => {
    // A hundred thresholds on one answer: each step after them can be arrived at with a hundred
    // different things known of n, more states than the bound; the shortest way to the goal asks
    // n >= 1000, then n < 0.
    const chain = Array.from(
      { length: 100 },
      (_, i) =>
        `  c${i + 1}:\n    type: condition\n    branches:\n      - if: n < ${i + 1}\n        goto: ${i < 99 ? `c${i + 2}` : 'gate'}\n    else: ${i < 99 ? `c${i + 2}` : 'gate'}\n`,
    ).join('');
    const text = `start: ask
steps:
  ask:
    type: question
    text: A number?
    save_as: n
    expect: number
    next: c1
${chain}  gate:
    type: condition
    branches:
      - if: n >= 1000
        goto: final
    else: bye
  final:
    type: condition
    branches:
      - if: n < 0
        goto: goal
    else: bye
  goal:
    type: message
    text: Goal
    end: true
  bye:
    type: message
    text: Bye
    end: true
`;
    const t = tempTree({
      'botform.config.yaml': 'scenario: scenario\n',
      'scenario/main.yaml': text,
      'rules/r.rules.yaml':
        'rules:\n  - id: no-goal\n    message: Nobody reaches the goal.\n    never: {from: ask, to: goal}\n',
    });
    try {
      const found = await problems(t.dir);
      expect(found.filter((d) => d.code === 'rule-violation')).toEqual([]);
      const open = found.filter((d) => d.code === 'rule-undecided');
      expect(open).toHaveLength(1);
      expect(open[0]).toMatchObject({ severity: 'warning', file: 'scenario/main.yaml' });
      // At the `goto: goal` of final, where the path would break the rule.
      expect(open[0]?.line).toBe(lineOf(text, 'goto: goal'));
      expect(open[0]?.hint).toMatch(/→ gate → \(if n >= 1000\) → final → \(if n < 0\) → goal\./);
      // Exit 0: a warning.
      expect((await runCli(['validate'], { cwd: t.dir })).code).toBe(0);
    } finally {
      t.cleanup();
    }
  });
});

describe('plan policies', () => {
  const STEPS = (n: number) =>
    `start: s0\nsteps:\n${Array.from({ length: n }, (_, i) => `  s${i}:\n    type: message\n    text: Step ${i}\n${i + 1 < n ? `    next: s${i + 1}\n` : '    end: true\n'}`).join('')}`;
  const CONFIG = `scenario: scenario
environments:
  staging:
    shop: 1
  production:
    shop: 2
`;
  const POLICY = `rules:
  - id: few-deletions-in-production
    message: Production never deletes more than three steps in one apply.
    environments: [production]
    plan: {deny: 'size(plan.deletes.filter(d, d.kind == "step")) > 3'}
`;

  it('refuses a plan with too many deletions in production, in every format, and lets it through in staging', async () => {
    const t = tempTree({
      'botform.config.yaml': CONFIG,
      'scenario/main.yaml': STEPS(6),
      'rules/policy.rules.yaml': POLICY,
    });
    try {
      for (const env of ['staging', 'production'])
        expect((await runCli(['apply', '--env', env, '--auto-approve'], { cwd: t.dir })).code).toBe(
          0,
        );
      writeFileSync(path.join(t.dir, 'scenario/main.yaml'), STEPS(2));

      const staging = await runCli(['plan', '--env', 'staging'], { cwd: t.dir });
      expect(staging.code).toBe(0);
      expect(staging.stdout).toContain('4 to delete');

      const production = await runCli(['plan', '--env', 'production'], { cwd: t.dir });
      expect(production.code).toBe(1);
      expect(production.stderr).toContain(
        'Production never deletes more than three steps in one apply. The plan is refused in production (plan policy few-deletions-in-production).',
      );
      const markdown = await runCli(['plan', '--env', 'production', '--format', 'markdown'], {
        cwd: t.dir,
      });
      expect(markdown.code).toBe(1);
      expect(markdown.stdout).toContain('plan policy few-deletions-in-production');

      const apply = await runCli(['apply', '--env', 'production', '--auto-approve'], {
        cwd: t.dir,
      });
      expect(apply.code).toBe(1);
      expect(apply.stderr).toContain('plan-denied');

      // A saved plan is held to the policy too.
      await runCli(['plan', '--env', 'production', '--out', 'p.json'], { cwd: t.dir });
      const fromStaging = await runCli(['plan', '--env', 'staging', '--out', 's.json'], {
        cwd: t.dir,
      });
      expect(fromStaging.code).toBe(0);
      writeFileSync(
        path.join(t.dir, 'rules/policy.rules.yaml'),
        POLICY.replace('environments: [production]', 'environments: [production, staging]'),
      );
      const savedApply = await runCli(['apply', 's.json', '--env', 'staging', '--auto-approve'], {
        cwd: t.dir,
      });
      expect(savedApply.code).toBe(1);
      expect(savedApply.stderr).toContain('The plan is refused in staging');
    } finally {
      t.cleanup();
    }
  });
});
