// ${var.NAME} in test files: filled in per environment with the values the scenario gets, so a
// test expects each environment's own greeting; an unset one is an error at its place.
import { afterAll, describe, expect, it } from 'vitest';
import { runCli, tempTree } from '../helpers/cli.js';

const SCENARIO = `start: menu
steps:
  menu:
    type: message
    text: Welcome to \${var.BRAND}!
    menu:
      - text: \${var.BRAND} news
        goto: news
  news:
    type: message
    text: Nothing new at \${var.BRAND}.
    end: true
`;

const TESTS = `tests:
  - name: the brand greets
    vars: {brand: "\${var.BRAND}"}
    turns:
      - bot: {says: "Welcome to \${var.BRAND}!", buttons: ["\${var.BRAND} news"], vars: {brand: "\${var.BRAND}"}}
      - user: {press: "\${var.BRAND} news"}
      - bot: {says: {contains: "\${var.BRAND}."}, not_says: {contains: "\${var.OTHER}"}}
`;

const cleanups: (() => void)[] = [];
afterAll(() => {
  for (const c of cleanups) c();
});

function project(tests: string) {
  const t = tempTree({
    'botform.config.yaml': `scenario: bot.yaml
defaults:
  vars: {OTHER: Zeta}
environments:
  acme:
    shop: 1
    vars: {BRAND: Acme}
  bolt:
    shop: 2
    vars: {BRAND: Bolt}
`,
    'bot.yaml': SCENARIO,
    'tests/bot.test.yaml': tests,
  });
  cleanups.push(t.cleanup);
  return t.dir;
}

describe('${var.NAME} in test files', () => {
  it("are the environment's values, as in the scenario", async () => {
    const dir = project(TESTS);
    for (const env of ['acme', 'bolt']) {
      const run = await runCli(['test', '--env', env], { cwd: dir });
      expect(run.stdout, env).toContain('Tests: 1 passed, 0 failed');
      expect(run.code, env).toBe(0);
    }
    const wrong = project(TESTS.replace('Welcome to ${var.BRAND}!', 'Welcome to Acme!'));
    const bolt = await runCli(['test', '--env', 'bolt'], { cwd: wrong });
    expect(bolt.code).toBe(1);
    expect(bolt.stdout).toContain('Welcome to Bolt!');
    // --var overrides, as for the scenario.
    const cli = await runCli(['test', '--env', 'acme', '--var', 'BRAND=Cosmo'], { cwd: dir });
    expect(cli.code).toBe(0);
  });

  it('an unset variable is an error at its line, and nothing runs', async () => {
    const dir = project(`tests:
  - name: t
    turns:
      - bot: {says: "Hello \${var.MISSING}"}
`);
    const run = await runCli(['test', '--env', 'acme', '--format', 'json'], { cwd: dir });
    expect(run.code).toBe(1);
    const report = JSON.parse(run.stdout) as {
      results: unknown[];
      diagnostics: { code: string; line: number; message: string }[];
    };
    expect(report.results).toStrictEqual([]);
    const typo = project(TESTS.replace('Welcome to ${var.BRAND}!', 'Welcome to ${var.BRANDS}!'));
    const hinted = await runCli(['test', '--env', 'acme'], { cwd: typo });
    expect(hinted.stdout).toContain('Did you mean ${var.BRAND}?');
    expect(report.diagnostics.map((d) => [d.code, d.line, d.message])).toStrictEqual([
      ['unset-variable', 4, '${var.MISSING} is not set in acme.'],
    ]);
  });
});
