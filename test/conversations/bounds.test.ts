// `botform test` on hostile test files: every one finishes with a clear message. Without the
// bounds, the condition runs for about a minute (400 million comparisons) and the patterns
// backtrack for minutes; the timeouts are only a backstop, the assertions are on the messages.
import { afterAll, describe, expect, it } from 'vitest';
import { runCli, tempTree } from '../helpers/cli.js';

const cleanups: (() => void)[] = [];
afterAll(() => {
  for (const c of cleanups) c();
});

const SCENARIO = `start: check
steps:
  check:
    type: condition
    branches:
      - if: l.all(x, l.all(y, x + y >= 0))
        goto: big
    else: small
  big:
    type: message
    text: ${'a'.repeat(31)}b
    end: true
  small:
    type: message
    text: small
    end: true
`;

function project(tests: string) {
  const t = tempTree({
    'botform.config.yaml': 'scenario: bot.yaml\nvariables:\n  l: list\n',
    'bot.yaml': SCENARIO,
    'tests/bot.test.yaml': tests,
  });
  cleanups.push(t.cleanup);
  return t.dir;
}

const list = JSON.stringify(Array.from({ length: 20_000 }, (_, i) => i));

describe('botform test within bounds', () => {
  it('a condition past the evaluation budget fails the test: "took too long"', {
    timeout: 30_000,
  }, async () => {
    const dir = project(`tests:
  - name: huge list
    vars: {l: ${list}}
    turns:
      - bot: {step: big}
`);
    const run = await runCli(['test'], { cwd: dir });
    expect(run.code).toBe(1);
    expect(run.stdout + run.stderr).toContain(
      'The condition "l.all(x, l.all(y, x + y >= 0))" at step "check" took too long',
    );
  });

  it('patterns run in linear time (RE2); backreferences are refused with the reason', {
    timeout: 30_000,
  }, async () => {
    const dir = project(`tests:
  - name: nested quantifier
    vars: {l: [1]}
    turns:
      - bot: {step: big, says: {matches: "^(a+)+$"}}
  - name: still matches what it should
    vars: {l: [1]}
    turns:
      - bot: {step: big, says: {matches: "^a{31}b$"}}
`);
    const run = await runCli(['test', '--format', 'json'], { cwd: dir });
    const report = JSON.parse(run.stdout) as {
      results: { name: string; status: string }[];
    };
    const byName = new Map(report.results.map((t) => [t.name, t]));
    // `^(a+)+$` does not match "a…ab": a failure, found at once, not minutes of backtracking.
    expect(byName.get('nested quantifier')?.status).toBe('failed');
    expect(byName.get('still matches what it should')?.status).toBe('passed');

    const refused = project(`tests:
  - name: backreference
    vars: {l: [1]}
    turns:
      - bot: {step: big, says: {matches: "^(a*)*\\\\1b$"}}
`);
    const bad = await runCli(['test'], { cwd: refused });
    expect(bad.code).toBe(1);
    expect(bad.stdout + bad.stderr).toContain('test-bad-regex');
    expect(bad.stdout + bad.stderr).toContain('RE2 syntax');
  });
});
