// `botform validate` end to end: the example is valid, each format prints what it promises,
// and the config changes severities.
import { afterEach, describe, expect, it } from 'vitest';
import { docsLink } from '../../src/diagnostics/docs-link.js';
import { runCli, tempTree } from '../helpers/cli.js';

const cleanups: (() => void)[] = [];
afterEach(() => {
  for (const c of cleanups.splice(0)) c();
});

const ORPHAN =
  'start: a\nsteps:\n  a:\n    type: message\n    text: hi\n    end: true\n  orphan:\n    type: message\n    text: lost\n    end: true\n';

describe('botform validate', () => {
  it('reports the example scenario as valid', async () => {
    const run = await runCli(['validate', 'scenarios/pizza-shop']);
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/^✔ Valid: 43 steps, \d+ buttons in 4 files\.\n$/);
  });

  it('prints GitHub annotations with the exact place', async () => {
    const t = tempTree({
      'bot.yaml': 'start: a\nsteps:\n  a:\n    type: message\n    text: hi\n    next: nowhere\n',
    });
    cleanups.push(t.cleanup);
    const run = await runCli(['validate', 'bot.yaml', '--format', 'github'], { cwd: t.dir });
    expect(run.code).toBe(1);
    expect(run.stdout).toBe(
      '::error title=botform validate failed::1 error.\n' +
        '::error file=bot.yaml,line=6,col=11,endLine=6,endColumn=18,title=botform dangling-transition::`next` of step "a" goes to "nowhere", which does not exist.%0ADefine the step, or point the transition at an existing one.%0AHow to fix: ' +
        `${docsLink('dangling-transition')}\n`,
    );
  });

  it('ends the human format with one explanation link per distinct code', async () => {
    const t = tempTree({
      'bot.yaml':
        'start: a\nsteps:\n  a:\n    type: message\n    text: hi\n    next: nowhere\n  b:\n    type: message\n    text: hi\n    next: nowhere\n',
    });
    cleanups.push(t.cleanup);
    const run = await runCli(['validate', 'bot.yaml'], { cwd: t.dir, env: { NO_COLOR: '1' } });
    expect(run.code).toBe(1);
    const out = run.stdout + run.stderr;
    expect(out.split(docsLink('dangling-transition')).length - 1).toBe(1);
    expect(out).toContain(
      `How to fix:\n  dangling-transition  ${docsLink('dangling-transition')}\n`,
    );
  });

  it('warnings do not fail the run unless --fail-on says so', async () => {
    const t = tempTree({ 'bot.yaml': ORPHAN });
    cleanups.push(t.cleanup);
    const plain = await runCli(['validate', 'bot.yaml'], { cwd: t.dir });
    expect(plain.code).toBe(0);
    expect(plain.stdout).toContain('unreachable-step');
    expect(plain.stdout).toContain('Valid: 2 steps, 0 buttons in 1 file (1 warning).');
    const strict = await runCli(['validate', 'bot.yaml', '--fail-on', 'warning'], { cwd: t.dir });
    expect(strict.code).toBe(1);
  });

  it('the config changes severities and supplies the scenario path', async () => {
    const t = tempTree({
      'bots/bot.yaml': ORPHAN,
      'botform.config.yaml': 'scenario: bots\nrules:\n  unreachable-step: error\n',
    });
    cleanups.push(t.cleanup);
    const run = await runCli(['validate', '--format', 'json'], { cwd: t.dir });
    expect(run.code).toBe(1);
    const { diagnostics } = JSON.parse(run.stdout) as {
      diagnostics: { code: string; severity: string; file: string; line: number }[];
    };
    expect(diagnostics.map((d) => [d.code, d.severity, d.file, d.line])).toStrictEqual([
      ['unreachable-step', 'error', 'bots/bot.yaml', 7],
    ]);
    const off = tempTree({
      'bot.yaml': ORPHAN,
      'botform.config.yaml': 'rules:\n  unreachable-step: off\n',
    });
    cleanups.push(off.cleanup);
    const quiet = await runCli(['validate', 'bot.yaml', '--format', 'json'], { cwd: off.dir });
    expect(JSON.parse(quiet.stdout)).toStrictEqual({
      format_version: 1,
      ok: true,
      fail_on: 'error',
      failures: [],
      diagnostics: [],
    });
  });

  it('colours only when asked and never under NO_COLOR', async () => {
    const t = tempTree({ 'bot.yaml': ORPHAN });
    cleanups.push(t.cleanup);
    const forced = await runCli(['validate', 'bot.yaml'], {
      cwd: t.dir,
      env: { FORCE_COLOR: '1', NO_COLOR: '' },
    });
    expect(forced.stdout).toContain('\u001b[');
    const none = await runCli(['validate', 'bot.yaml'], {
      cwd: t.dir,
      env: { FORCE_COLOR: '1', NO_COLOR: '1' },
    });
    expect(none.stdout).not.toContain('\u001b[');
  });
});
