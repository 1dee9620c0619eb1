// `botform test` as users run it: the spawned CLI on temp projects and on the example shop.
import { existsSync, readFileSync, rmSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runCli, STACK_LINE, tempTree } from '../helpers/cli.js';

const SCENARIO = `start: menu
steps:
  menu:
    type: message
    text: Hi! Pick one.
    menu:
      - text: Status
        goto: lookup
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
    text: |
      All is {{res.state}}.
      See you.
    end: true
  sorry:
    type: message
    text: Not found.
    end: true
  bye:
    type: message
    text: Bye!
    end: true
`;

const cleanups: (() => void)[] = [];
afterAll(() => {
  for (const c of cleanups) c();
});

function project(tests: string, extra: Record<string, string> = {}) {
  const t = tempTree({
    'botform.config.yaml': 'scenario: bot.yaml\n',
    'bot.yaml': SCENARIO,
    'tests/bot.test.yaml': tests,
    ...extra,
  });
  cleanups.push(t.cleanup);
  return t.dir;
}

const GOOD = `tests:
  - name: status is fine
    turns:
      - bot: {step: menu, buttons: [Status, Bye]}
      - user: {press: Status}
      - bot: {step: show, says: "All is fine.\\nSee you.\\n", called: {operation: lookup, status: 200}, ended: true}
  - name: status not found
    stubs: {lookup: {status: 404}}
    turns:
      - user: {press: Status}
      - bot: {step: sorry}
`;

describe('botform test', () => {
  it('passes, and writes coverage reports with --coverage; --min-coverage gates', async () => {
    const dir = project(GOOD);
    const run = await runCli(['test', '--coverage'], { cwd: dir });
    expect(run.stderr).toBe('');
    expect(run.stdout).toContain('✔ status is fine');
    expect(run.stdout).toContain('Tests: 2 passed, 0 failed, 0 skipped (2)');
    expect(run.stdout).toContain('Coverage: 3/4 transitions (75.0%), 4/5 steps');
    expect(run.stdout).toContain('bot.yaml:10:15  menu#button[1] → bye');
    expect(run.code).toBe(0);
    for (const f of [
      'lcov.info',
      'cobertura-coverage.xml',
      'coverage-summary.json',
      'index.html',
      'botform-coverage.json',
    ])
      expect(existsSync(path.join(dir, 'coverage', f)), f).toBe(true);
    const data = JSON.parse(
      readFileSync(path.join(dir, 'coverage', 'botform-coverage.json'), 'utf8'),
    );
    expect(data.format).toBe('botform-coverage');
    expect(data.transitions).toContainEqual({
      id: 'menu#button[0]',
      from: 'menu',
      kind: 'button',
      index: 0,
      to: 'lookup',
      file: 'bot.yaml',
      line: 8,
      column: 15,
      hits: 2,
    });
    expect(data.transitions).toContainEqual({
      id: 'lookup#on_error',
      from: 'lookup',
      kind: 'on_error',
      to: 'sorry',
      file: 'bot.yaml',
      line: 24,
      column: 15,
      hits: 1,
    });
    expect(data.steps).toContainEqual({ key: 'bye', file: 'bot.yaml', line: 35, hits: 0 });
    expect(readFileSync(path.join(dir, 'coverage', 'lcov.info'), 'utf8')).toContain('SF:bot.yaml');
    // The html reports speak steps and transitions, not code.
    for (const page of ['index.html', 'bot.yaml.html', 'lcov-report/index.html']) {
      const html = readFileSync(path.join(dir, 'coverage', page), 'utf8');
      expect(html, page).toContain('Steps + transitions');
      expect(html, page).toContain('<span class="quiet">Transitions</span>');
      expect(html, page).toMatch(/<title>Scenario coverage: .* \(botform test\)<\/title>/);
      expect(html, page).not.toMatch(/>(Statements|Branches)</);
      expect(html, page).toContain("space-right2 botform-no-functions'>");
    }
    expect(readFileSync(path.join(dir, 'coverage', 'bot.yaml.html'), 'utf8')).toContain(
      'title="transition not walked by any test"',
    );

    const gated = await runCli(['test', '--min-coverage', '90'], { cwd: dir });
    expect(gated.code).toBe(1);
    expect(gated.stdout).toContain('Coverage: 3/4 transitions (75.0%), 4/5 steps; minimum 90%');
    expect((await runCli(['test', '--min-coverage', '75'], { cwd: dir })).code).toBe(0);
  });

  it('a failing expectation shows expected and actual, with a diff for texts, at its line', async () => {
    const dir = project(`tests:
  - name: wrong text
    turns:
      - user: {press: Status}
      - bot:
          says: "All is well.\\nSee you.\\n"
          step: sorry
`);
    const run = await runCli(['test'], { cwd: dir });
    expect(run.code).toBe(1);
    expect(run.stdout).toContain('✖ wrong text');
    expect(run.stdout).toContain('tests/bot.test.yaml:6:17  The bot did not say this.');
    expect(run.stdout).toContain('-All is fine.');
    expect(run.stdout).toContain('+All is well.');
    expect(run.stdout).toContain(
      'tests/bot.test.yaml:7:17  The bot is at step "show", not "sorry".',
    );
    expect(run.stdout).toContain('Tests: 0 passed, 1 failed, 0 skipped (1)');
    expect(run.stdout).not.toMatch(STACK_LINE);

    const junit = await runCli(['test', '--format', 'junit'], { cwd: dir });
    expect(junit.stdout).toMatch(
      /<testsuite name="tests\/bot.test.yaml" tests="1" failures="1" errors="0" skipped="0" time="\d+\.\d{3}">/,
    );
    expect(junit.stdout).toMatch(
      /<testcase classname="tests\/bot.test.yaml" name="wrong text" [^>]*time="\d+\.\d{3}"/,
    );
    expect(junit.stdout).toContain('<failure message="1 test failed." type="verdict">');
    expect(junit.stdout).toContain(
      '<failure message="The bot is at step &quot;show&quot;, not &quot;sorry&quot;.">',
    );
    const github = await runCli(['test', '--format', 'github'], { cwd: dir });
    expect(github.stdout).toContain(
      '::error file=tests/bot.test.yaml,line=6,col=17,title=botform test%3A wrong text::The bot did not say this.',
    );
    const json = JSON.parse((await runCli(['test', '--format', 'json'], { cwd: dir })).stdout);
    expect(json.summary).toStrictEqual({ passed: 0, failed: 1, skipped: 0 });
    expect(json.results[0].failures[0]).toMatchObject({
      line: 7,
      column: 17,
      expected: 'sorry',
      actual: 'show',
    });
  });

  it('pre-run checks name each problem in the test file', async () => {
    const dir = project(`tests:
  - name: typos
    start: manu
    random: {menu: 0}
    stubs:
      lookup: {status: 500}
      show: {status: 200}
    turns:
      - user: {text: hi}
  - name: bodies
    stubs:
      lookup: {status: 200, body: {state: 1, stat: x}}
    turns:
      - bot: {step: menu}
      - user: {press: Stauts}
      - bot: {says: {matches: "(unclosed"}, called: {operation: bye}}
`);
    const run = await runCli(['test', '--format', 'json'], { cwd: dir });
    expect(run.code).toBe(1);
    const { diagnostics } = JSON.parse(run.stdout);
    const brief = diagnostics.map(
      (d: { code: string; line: number; column: number; hint?: string }) =>
        `${d.code} ${d.line}:${d.column}${d.hint ? ` | ${d.hint}` : ''}`,
    );
    expect(brief).toStrictEqual([
      'test-unknown-step 3:12 | Did you mean "menu"?',
      'test-unknown-variant 4:14',
      'test-undeclared-status 6:24 | Declare the error under api.errors in the scenario, or stub a declared status.',
      'test-not-an-operation 7:7',
      'test-stub-mismatch 12:43',
      'test-stub-mismatch 12:46 | Did you mean "state"?',
      'test-unknown-button 15:23 | Did you mean "Status"?',
      'test-bad-regex 16:31',
      'test-not-an-operation 16:65',
    ]);
  });

  it('bad input: unknown keys, a turn that is neither bot nor user, no test files, misuse', async () => {
    const dir = project(`tests:
  - name: odd
    turns:
      - robot: {step: menu}
      - user: {press: Status, text: x}
    tmeout: 3
`);
    const run = await runCli(['test'], { cwd: dir });
    expect(run.code).toBe(1);
    expect(run.stdout).toContain('tests/bot.test.yaml');
    expect(run.stdout).toMatch(/4:9 +error +Unknown field `robot`/);
    expect(run.stdout).toMatch(/6:5 +error +Unknown field `tmeout`/);
    expect(run.stdout).not.toMatch(STACK_LINE);

    const twice = project(
      'tests:\n  - name: same\n    turns: [{user: {press: Bye}}]\n  - name: same\n    turns: [{user: {press: Bye}}]\n',
    );
    const duplicate = await runCli(['test'], { cwd: twice });
    expect(duplicate.code).toBe(1);
    expect(duplicate.stdout).toMatch(
      /4:11 +error +Another test in this file is already named "same"\. +test-duplicate-name/,
    );

    const none = await runCli(['test', 'nothing-here'], { cwd: dir });
    expect(none.code).toBe(1);
    expect(none.stdout).toContain(
      'No conversation test files (*.test.yaml) found at "nothing-here".',
    );
    const misuse = await runCli(['test', '--format', 'xml'], { cwd: dir });
    expect(misuse.code).toBe(2);
    expect(misuse.stderr).toContain('unknown format "xml"');
    expect((await runCli(['test', '--min-coverage', 'lots'], { cwd: dir })).code).toBe(2);
    expect((await runCli(['test', '--coverage-reporter', 'pdf'], { cwd: dir })).code).toBe(2);
  });

  it('a misspelt key in a test file gets "did you mean", in a check form and a test alike', async () => {
    const dir = project(`tests:
  - name: typos
    strat: menu
    turns:
      - bot: {step: menu, says: {contain: Pick}}
      - bot: {step: menu, says: [{matchs: Hi}]}
      - bot: {step: menu, says: 5}
`);
    const run = await runCli(['test'], { cwd: dir });
    expect(run.code).toBe(1);
    expect(run.stdout).toMatch(/3:5 +error +Unknown field `strat` .+ Did you mean "start"\?/);
    expect(run.stdout).toMatch(/5:34 +error +Unknown field `contain` .+ Did you mean "contains"\?/);
    expect(run.stdout).toMatch(/6:35 +error +Unknown field `matchs` .+ Did you mean "matches"\?/);
    // Not a mapping at all: no field to suggest, and no word about API field types.
    expect(run.stdout).toMatch(
      /7:33 +error +`says` .+ does not have any of the forms allowed here/,
    );
    expect(run.stdout).not.toContain('type name');
    expect(run.stdout).toContain('✖ 4 problems');
  });

  it('an operator takes a hand-off, writes and closes; without one the hand-off takes no_operator', async () => {
    const handoff = `start: menu
steps:
  menu:
    type: message
    text: Hi!
    menu:
      - text: Human
        goto: human
  human:
    type: handoff
    text: Calling a colleague.
    no_operator: sorry
    next: menu
  sorry:
    type: message
    text: Nobody is free.
    end: true
`;
    const tests = `tests:
  - name: an operator answers
    operator: true
    turns:
      - user: {press: Human}
      - bot: {step: human, says: Calling a colleague.}
      - user: {text: hello?}
      - operator: {says: "Hi, I'm Ann."}
      - bot: {step: human, says: "Hi, I'm Ann."}
      - operator: {closes: true}
      - bot: {step: menu, says: Hi!}
  - name: nobody is free
    turns:
      - user: {press: Human}
      - bot: {step: sorry, ended: true}
`;
    const dir = project(tests, { 'bot.yaml': handoff });
    const run = await runCli(['test', '--coverage'], { cwd: dir });
    expect(run.stdout).toContain('Tests: 2 passed, 0 failed, 0 skipped (2)');
    expect(run.stdout).toContain('Coverage: 3/3 transitions (100.0%), 3/3 steps');
    expect(run.code).toBe(0);

    // An operator turn where no operator has the conversation fails at that turn.
    writeFileSync(
      path.join(dir, 'tests/bot.test.yaml'),
      `tests:
  - name: the operator writes too early
    operator: true
    turns:
      - operator: {says: Hello}
`,
    );
    const early = await runCli(['test'], { cwd: dir });
    expect(early.code).toBe(1);
    expect(early.stdout).toMatch(/5:26 +No operator has the conversation: the bot waits at "menu"/);

    // Without `operator: true` an operator turn is refused before anything runs.
    writeFileSync(
      path.join(dir, 'tests/bot.test.yaml'),
      `tests:
  - name: no operator
    turns:
      - user: {press: Human}
      - operator: {closes: true}
`,
    );
    const absent = await runCli(['test'], { cwd: dir });
    expect(absent.code).toBe(1);
    expect(absent.stdout).toMatch(
      /5:9 +error +No operator takes this test's hand-offs.* +test-no-operator/,
    );
  });

  it('the example shop: every test passes and every transition is walked', async () => {
    const out = mkdtempSync(path.join(tmpdir(), 'botform-cov-'));
    cleanups.push(() => rmSync(out, { recursive: true, force: true }));
    const run = await runCli([
      'test',
      '--min-coverage',
      '100',
      '--coverage-dir',
      out,
      '--format',
      'json',
    ]);
    expect(run.code).toBe(0);
    const report = JSON.parse(run.stdout);
    expect(report.summary.failed).toBe(0);
    expect(report.summary.passed).toBeGreaterThanOrEqual(20);
    expect(report.coverage.totals.transitions.percent).toBe(100);
    const data = JSON.parse(readFileSync(path.join(out, 'botform-coverage.json'), 'utf8'));
    expect(
      data.transitions.find((t: { id: string }) => t.id === 'order_lookup#on_error').file,
    ).toBe('scenarios/pizza-shop/orders.yaml');
  });
});
