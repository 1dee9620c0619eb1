// Every format says what the exit code says: a run that fails (an error, --fail-on warning, a
// failed test, coverage under --min-coverage) is a failure in JUnit, an ::error in GitHub
// annotations, `ok: false` in JSON, a line in stylish and the job summary; a run that passes
// says so everywhere too.
import { afterEach, describe, expect, it } from 'vitest';
import { tempTree } from '../helpers/cli.js';
import { runMain } from '../helpers/in-process.js';

const cleanups: (() => void)[] = [];
afterEach(() => {
  for (const c of cleanups.splice(0)) c();
});

const ORPHAN =
  'start: a\nsteps:\n  a:\n    type: message\n    text: hi\n    end: true\n  orphan:\n    type: message\n    text: lost\n    end: true\n';

const SCENARIO = `start: welcome
steps:
  welcome:
    type: message
    text: Hi
    menu:
      - { text: Menu, goto: menu }
      - { text: Help, goto: help }
  menu:
    type: message
    text: The menu
    end: true
  help:
    type: message
    text: Help
    end: true
`;
const TESTS = `tests:
  - name: menu
    turns:
      - bot: { step: welcome }
      - user: { press: Menu }
      - bot: { step: menu }
`;

/** What each format says about the verdict: failed (true), passed (false). */
const SAYS_FAILED = {
  stylish: (out: string) => /fails: /.test(out),
  json: (out: string) => (JSON.parse(out) as { ok: boolean }).ok === false,
  github: (out: string) => /^::error title=botform (validate|test) failed::/m.test(out),
  junit: (out: string) =>
    /<testcase [^>]*name="botform (validate|test) passes"[^>]*>\s*<failure /.test(out),
  summary: (out: string) => out.startsWith('### botform') && out.includes('❌ failed'),
} as const;
const SAYS_PASSED = {
  json: (out: string) => (JSON.parse(out) as { ok: boolean }).ok === true,
  github: (out: string) => !out.includes('::error'),
  junit: (out: string) =>
    /<testcase [^>]*name="botform (validate|test) passes"[^>]*\/>/.test(out) &&
    / failures="0"/.test(out),
  summary: (out: string) => out.includes('✅ passed'),
} as const;

describe('validate: the report agrees with the exit code', () => {
  it('--fail-on warning: a warning fails the run in every format', async () => {
    const t = tempTree({ 'bot.yaml': ORPHAN });
    cleanups.push(t.cleanup);
    for (const [format, fails] of Object.entries(SAYS_FAILED)) {
      const run = await runMain(
        ['validate', 'bot.yaml', '--fail-on', 'warning', '--format', format],
        { cwd: t.dir },
      );
      expect(run.code, format).toBe(1);
      expect(fails(run.stdout), `${format}:\n${run.stdout}`).toBe(true);
      expect(run.stdout, format).toContain('1 warning (--fail-on warning).');
    }
    const junit = await runMain(
      ['validate', 'bot.yaml', '--fail-on', 'warning', '--format', 'junit'],
      { cwd: t.dir },
    );
    expect(junit.stdout).toMatch(
      /<testsuites name="botform validate" tests="2" failures="2" errors="0" time="\d+\.\d{3}">/,
    );
  });

  it('the same warning without --fail-on passes in every format', async () => {
    const t = tempTree({ 'bot.yaml': ORPHAN });
    cleanups.push(t.cleanup);
    for (const [format, passes] of Object.entries(SAYS_PASSED)) {
      const run = await runMain(['validate', 'bot.yaml', '--format', format], { cwd: t.dir });
      expect(run.code, format).toBe(0);
      expect(passes(run.stdout), `${format}:\n${run.stdout}`).toBe(true);
    }
  });
});

describe('test: the report agrees with the exit code', () => {
  it('--min-coverage above what the tests walk fails the run in every format', async () => {
    const t = tempTree({
      'bot.yaml': SCENARIO,
      'tests/bot.test.yaml': TESTS,
      'botform.config.yaml': 'scenario: bot.yaml\n',
    });
    cleanups.push(t.cleanup);
    for (const [format, fails] of Object.entries(SAYS_FAILED)) {
      const run = await runMain(['test', '--min-coverage', '90', '--format', format], {
        cwd: t.dir,
      });
      expect(run.code, format).toBe(1);
      expect(fails(run.stdout), `${format}:\n${run.stdout}`).toBe(true);
      // GitHub's workflow commands write % as %25.
      expect(run.stdout.replaceAll('%25', '%'), format).toMatch(
        /Transition coverage 50\.0% is below the minimum of 90% \(--min-coverage\)\./,
      );
    }
  });

  it('the same run at a minimum it meets passes in every format, with times in JUnit', async () => {
    const t = tempTree({
      'bot.yaml': SCENARIO,
      'tests/bot.test.yaml': TESTS,
      'botform.config.yaml': 'scenario: bot.yaml\n',
    });
    cleanups.push(t.cleanup);
    for (const [format, passes] of Object.entries(SAYS_PASSED)) {
      const run = await runMain(['test', '--min-coverage', '50', '--format', format], {
        cwd: t.dir,
      });
      expect(run.code, format).toBe(0);
      expect(passes(run.stdout), `${format}:\n${run.stdout}`).toBe(true);
    }
    const junit = await runMain(['test', '--format', 'junit'], { cwd: t.dir });
    expect(junit.stdout).toMatch(
      /<testcase classname="tests\/bot.test.yaml" name="menu" file="tests\/bot.test.yaml" line="2" time="\d+\.\d{3}"\/>/,
    );
  });
});
