// The negative and partial checks of a bot turn (not_says, buttons_include, no_lead, no_order,
// not_called, not_entered, image), choosing tests (--grep, --tag, --bail) and reading a failure (one failure
// per test, the conversation under it, durations): the CLI in-process on temp projects.
import { afterAll, describe, expect, it } from 'vitest';
import { runCli, tempTree } from '../helpers/cli.js';

const SCENARIO = `start: menu
steps:
  menu:
    type: message
    text: Hi! Pick one.
    image: https://cdn.example.com/pizza.png
    menu:
      - text: Status
        goto: lookup
      - text: Call me
        goto: callback
      - text: Bye
        goto: bye
  lookup:
    type: operation
    api:
      method: GET
      url: https://api.example.com/status
      response:
        required: {state: string}
        example: {state: fine}
      errors:
        - status: 404
          message: Not found
    save_as: res
    next: show
    on_error: sorry
  show:
    type: message
    text: All is {{res.state}}.
    end: true
  sorry:
    type: message
    text: Not found.
    end: true
  callback:
    type: form
    text: Leave your name.
    fields:
      - name: name
        label: Your name
    success_text: Thanks, we will call you.
    next: bye
  bye:
    type: message
    text: Bye!
    end: true
`;

const cleanups: (() => void)[] = [];
afterAll(() => {
  for (const c of cleanups) c();
});

function project(tests: string) {
  const t = tempTree({
    'botform.config.yaml': 'scenario: bot.yaml\n',
    'bot.yaml': SCENARIO,
    'tests/bot.test.yaml': tests,
  });
  cleanups.push(t.cleanup);
  return t.dir;
}

interface JsonResult {
  name: string;
  status: string;
  reason?: string;
  durationMs?: number;
  notRun?: number;
  transcript?: { who: string; text: string; step?: string; buttons?: string[] }[];
  failures: { line: number; column: number; message: string; expected?: string; actual?: string }[];
}
const json = (out: string) =>
  JSON.parse(out) as {
    ok: boolean;
    failures: string[];
    unselected?: number;
    results: JsonResult[];
    diagnostics: { code: string; line: number; message: string }[];
  };

describe('negative and partial checks', () => {
  it('pass when the bot does not do what they forbid', async () => {
    const dir = project(`tests:
  - name: the menu
    turns:
      - bot:
          not_says: [Bye!, {contains: sorry}, {matches: "^Not"}]
          buttons_include: [Bye, Status]
          image: https://cdn.example.com/pizza.png
          no_lead: true
          no_order: true
          not_called: lookup
      - user: {press: Status}
      - bot: {step: show, no_lead: true, image: {contains: never}, no_order: true}
`);
    const run = await runCli(['test', '--format', 'json'], { cwd: dir });
    // The last image check fails: show has no image.
    const [result] = json(run.stdout).results;
    expect(result?.failures.map((f) => [f.line, f.message])).toStrictEqual([
      [12, 'The bot showed no image in this answer.'],
    ]);
    expect(run.code).toBe(1);
  });

  it('each fails at its line, with what the bot did', async () => {
    const cases: [string, number, string, string | undefined][] = [
      [
        'not_says: {contains: Pick}',
        4,
        'The bot said a message containing "Pick", which it should not.',
        'Hi! Pick one.',
      ],
      [
        'not_says: [Bye!, "Hi! Pick one."]',
        4,
        'The bot said this, which it should not.',
        'Hi! Pick one.',
      ],
      [
        'buttons_include: [Bye, Checkout]',
        4,
        'The bot did not show "Checkout".',
        'Status\nCall me\nBye',
      ],
      [
        'image: {matches: "\\\\.jpg$"}',
        4,
        'The bot showed no image whose URL matches /\\.jpg$/.',
        'https://cdn.example.com/pizza.png',
      ],
    ];
    for (const [check, line, message, actual] of cases) {
      const dir = project(`tests:\n  - name: t\n    turns:\n      - bot: {${check}}\n`);
      const run = await runCli(['test', '--format', 'json'], { cwd: dir });
      expect(run.code, check).toBe(1);
      const failure = json(run.stdout).results[0]?.failures[0];
      expect([failure?.line, failure?.message, failure?.actual], check).toStrictEqual([
        line,
        message,
        actual,
      ]);
    }
  });

  it('no_lead and not_called fail when the lead is made and the operation called', async () => {
    const dir = project(`tests:
  - name: a lead is made
    turns:
      - user: {press: Call me}
      - user: {text: Ann}
      - bot: {no_lead: true}
  - name: the status is looked up
    turns:
      - user: {press: Status}
      - bot: {not_called: [lookup]}
`);
    const run = await runCli(['test', '--format', 'json'], { cwd: dir });
    const results = json(run.stdout).results;
    expect(results.map((r) => r.failures.map((f) => [f.line, f.message]))).toStrictEqual([
      [[6, 'A lead was made in this answer.']],
      [[10, 'Operation "lookup" was called in this answer (status 200).']],
    ]);
    expect(results[0]?.failures[0]?.actual).toContain('"name": "Ann"');
  });

  it('not_entered fails when the answer passed through the step, on its way or where it stops', async () => {
    const dir = project(`tests:
  - name: the lookup passes through lookup on its way to show
    turns:
      - user: {press: Status}
      - bot: {step: show, not_entered: [sorry, lookup]}
  - name: it never passes through sorry
    turns:
      - user: {press: Status}
      - bot: {not_entered: sorry}
      - bot: {not_entered: [menu, show]}
  - name: an unknown step is a problem of the file
    skip: true
    turns:
      - bot: {not_entered: lokup}
`);
    const run = await runCli(['test', '--format', 'json'], { cwd: dir });
    const out = json(run.stdout);
    expect(out.diagnostics.map((d) => [d.code, d.line, d.message])).toStrictEqual([
      ['test-unknown-step', 14, expect.stringContaining('"lokup"')],
    ]);
    expect(run.code).toBe(1);
    const fixed = project(
      `tests:\n  - name: a\n    turns:\n      - user: {press: Status}\n      - bot: {step: show, not_entered: [sorry, lookup]}\n  - name: b\n    turns:\n      - user: {press: Status}\n      - bot: {not_entered: sorry}\n      - bot: {not_entered: [menu, show]}\n`,
    );
    const results = json(
      (await runCli(['test', '--format', 'json'], { cwd: fixed })).stdout,
    ).results;
    expect(results.map((r) => r.failures.map((f) => [f.line, f.message, f.actual]))).toStrictEqual([
      [[5, 'The bot passed through step "lookup" in this answer.', 'lookup → show']],
      [[10, 'The bot passed through step "show" in this answer.', 'lookup → show']],
    ]);
  });

  it('are checked before running: an unknown or non-operation not_called, a bad regex', async () => {
    const dir = project(`tests:
  - name: t
    turns:
      - bot: {not_called: lookpu}
      - bot: {not_called: [show]}
      - bot: {not_says: {matches: "(a"}, image: {matches: "(?=x)"}}
`);
    const run = await runCli(['test', '--format', 'json'], { cwd: dir });
    expect(run.code).toBe(1);
    const found = json(run.stdout).diagnostics.map((d) => [d.code, d.line]);
    expect(found).toStrictEqual([
      ['test-unknown-step', 4],
      ['test-not-an-operation', 5],
      ['test-bad-regex', 6],
      ['test-bad-regex', 6],
    ]);
    expect(json(run.stdout).diagnostics[0]?.message).toContain('There is no step "lookpu"');
  });

  it('a press before any bot turn is checked against the start step, with did-you-mean', async () => {
    const dir = project(`tests:
  - name: from the scenario's start
    turns:
      - user: {press: Stauts}
  - name: from a start that ends is not checked (the runner says the conversation ended)
    start: bye
    turns:
      - user: {press: Status}
  - name: from a start that waits for an answer is not checked
    start: callback
    turns:
      - user: {press: Ann}
  - name: from a start that does not wait is not checked
    start: lookup
    turns:
      - user: {press: Anything}
`);
    const run = await runCli(['test', '--format', 'json'], { cwd: dir });
    expect(run.code).toBe(1);
    const found = (
      JSON.parse(run.stdout) as {
        diagnostics: { code: string; line: number; message: string; hint?: string }[];
      }
    ).diagnostics.map((d) => [d.code, d.line, d.message, d.hint]);
    expect(found).toStrictEqual([
      [
        'test-unknown-button',
        4,
        'Step "menu" offers no button "Stauts"; it offers "Status", "Call me", "Bye".',
        'Did you mean "Status"?',
      ],
    ]);
    const stylish = await runCli(['test'], { cwd: dir });
    expect(stylish.stdout).toContain('Did you mean "Status"?');
  });

  it('the schema refuses no_lead: false and an empty buttons_include', async () => {
    const dir = project(`tests:
  - name: t
    turns:
      - bot: {no_lead: false, buttons_include: []}
`);
    const run = await runCli(['test', '--format', 'json'], { cwd: dir });
    expect(run.code).toBe(1);
    expect(json(run.stdout).diagnostics.length).toBeGreaterThan(0);
  });
});

const THREE = `tests:
  - name: status is fine
    tags: [smoke, status]
    turns:
      - user: {press: Status}
      - bot: {step: show}
  - name: status is wrong
    tags: [status]
    turns:
      - user: {press: Status}
      - bot: {step: sorry, says: Not found.}
      - user: {text: again}
      - bot: {step: bye}
  - name: bye
    turns:
      - user: {press: Bye}
      - bot: {says: Bye!}
`;

describe('choosing and reading tests', () => {
  it('--grep and --tag choose tests; the rest are counted; nothing chosen fails', async () => {
    const dir = project(THREE);
    const grep = await runCli(['test', '--grep', '^status', '--format', 'json'], { cwd: dir });
    expect(json(grep.stdout).results.map((r) => r.name)).toStrictEqual([
      'status is fine',
      'status is wrong',
    ]);
    expect(json(grep.stdout).unselected).toBe(1);
    const tag = await runCli(['test', '--tag', 'smoke'], { cwd: dir });
    expect(tag.code).toBe(0);
    expect(tag.stdout).toContain(
      'Tests: 1 passed, 0 failed, 0 skipped (1; 2 not chosen by --grep/--tag)',
    );
    const both = await runCli(['test', '-t', 'smoke,status', '-g', 'wrong', '--format', 'json'], {
      cwd: dir,
    });
    expect(json(both.stdout).results.map((r) => r.name)).toStrictEqual(['status is wrong']);
    const none = await runCli(['test', '--tag', 'nope'], { cwd: dir });
    expect(none.code).toBe(1);
    expect(none.stdout).toContain('No test matches --grep/--tag; nothing ran.');
    const bad = await runCli(['test', '--grep', '(a'], { cwd: dir });
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('--grep "(a" does not compile');
  });

  it('--bail skips the tests after the first failure', async () => {
    const dir = project(THREE);
    const run = await runCli(['test', '--bail', '--format', 'json'], { cwd: dir });
    expect(run.code).toBe(1);
    expect(json(run.stdout).results.map((r) => [r.name, r.status, r.reason])).toStrictEqual([
      ['status is fine', 'passed', undefined],
      ['status is wrong', 'failed', undefined],
      ['bye', 'skipped', 'not run: an earlier test failed (--bail)'],
    ]);
    const all = await runCli(['test', '--format', 'json'], { cwd: dir });
    expect(json(all.stdout).results.map((r) => r.status)).toStrictEqual([
      'passed',
      'failed',
      'passed',
    ]);
  });

  it('a test stops at its first failed turn, says so once and shows the conversation', async () => {
    const dir = project(THREE);
    const run = await runCli(['test', '--format', 'json'], { cwd: dir });
    const wrong = json(run.stdout).results[1];
    // The text after the failed check is not sent: no "ignored" cascade.
    expect(wrong?.failures.map((f) => f.line)).toStrictEqual([11, 11]);
    expect(wrong?.notRun).toBe(2);
    expect(wrong?.transcript).toStrictEqual([
      {
        who: 'bot',
        step: 'menu',
        text: 'Hi! Pick one.',
        buttons: ['Status', 'Call me', 'Bye'],
        image: 'https://cdn.example.com/pizza.png',
      },
      { who: 'user', text: '[Status]' },
      { who: 'bot', step: 'show', text: 'All is fine.', buttons: [] },
    ]);
    const stylish = await runCli(['test'], { cwd: dir });
    const text = stylish.stdout;
    expect(text).toMatch(/✔ status is fine \(\d+ ms\)/);
    expect(text).toContain('The test stopped here: 2 later turns were not run.');
    expect(text.match(/stopped here/g)).toHaveLength(1);
    expect(text).toContain('Conversation:');
    expect(text).toMatch(
      /bot {3}menu: Hi! Pick one\.\n {14}image: https:\/\/cdn\.example\.com\/pizza\.png\n {14}\[Status\] \[Call me\] \[Bye\]/,
    );
    expect(text).toContain('user  [Status]');
    expect(text).toContain('bot   show: All is fine.');
  });

  it('durations per test in JSON and JUnit', async () => {
    const dir = project(THREE);
    const run = await runCli(['test', '--format', 'json'], { cwd: dir });
    for (const r of json(run.stdout).results) expect(r.durationMs).toBeGreaterThanOrEqual(0);
    const junit = await runCli(['test', '--format', 'junit'], { cwd: dir });
    expect(junit.stdout).toMatch(/<testcase [^>]*name="status is fine"[^>]*time="\d+\.\d{3}"/);
    expect(junit.stdout).toContain(
      'Conversation:\nbot (menu): Hi! Pick one. [Status] [Call me] [Bye]\nuser: [Status]',
    );
  });
});
