// Coverage that diff tools read: a pull request adds a button no test presses, and diff-cover
// (Debian's package) reading botform's Cobertura report names that button's line. The report is
// valid against the Cobertura DTD (xmllint), with `complexity` and branch coverage on the lines of
// transitions.
import { execFileSync, spawnSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { tempTree } from '../helpers/cli.js';
import { FIXTURES } from '../helpers/fixtures.js';
import { runMain } from '../helpers/in-process.js';
import { toolMissing } from '../helpers/system-tools.js';

const cleanups: (() => void)[] = [];
afterEach(() => {
  for (const c of cleanups.splice(0)) c();
});

const BOT = `start: welcome
steps:
  welcome:
    type: message
    text: Hi
    menu:
      - text: Menu
        goto: menu
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

const missing = toolMissing('diff-cover', 'diff-cover') ?? toolMissing('xmllint', 'libxml2-utils');

describe.skipIf(missing !== undefined)(
  `Cobertura for diff tools${missing ? ` (skipped: ${missing})` : ''}`,
  () => {
    it('diff-cover reports the line of a new button no test presses', async () => {
      const t = tempTree({
        'bot.yaml': BOT,
        'tests/bot.test.yaml': TESTS,
        'botform.config.yaml': 'scenario: bot.yaml\n',
        '.gitignore': 'coverage/\n',
      });
      cleanups.push(t.cleanup);
      const git = (...args: string[]) =>
        execFileSync('git', ['-c', 'user.email=t@example.com', '-c', 'user.name=t', ...args], {
          cwd: t.dir,
          stdio: 'pipe',
        });
      git('init', '-q', '-b', 'main');
      git('add', '.');
      git('commit', '-qm', 'base');
      git('checkout', '-qb', 'feature');
      // The change: a "Help" button (lines 9-10), which the tests never press.
      writeFileSync(
        path.join(t.dir, 'bot.yaml'),
        BOT.replace(
          '        goto: menu\n',
          '        goto: menu\n      - text: Help\n        goto: help\n',
        ),
      );
      git('commit', '-qam', 'a help button');

      const run = await runMain(['test', '--coverage'], { cwd: t.dir });
      expect(run.code, run.stdout).toBe(0);
      const report = path.join(t.dir, 'coverage', 'cobertura-coverage.xml');
      const xml = readFileSync(report, 'utf8');
      expect(xml).toContain(
        '<line number="8" hits="1" branch="true" condition-coverage="100% (1/1)"/>',
      );
      expect(xml).toContain(
        '<line number="10" hits="0" branch="true" condition-coverage="0% (0/1)"/>',
      );
      expect(xml).toMatch(/<class complexity="0" name="bot.yaml" filename="bot.yaml"/);

      const valid = spawnSync(
        'xmllint',
        [
          '--noout',
          '--nonet',
          '--dtdvalid',
          path.join(FIXTURES, 'cobertura', 'coverage-04.dtd'),
          report,
        ],
        { encoding: 'utf8' },
      );
      expect(valid.status, valid.stderr).toBe(0);

      const diff = spawnSync('diff-cover', [report, '--compare-branch=main'], {
        cwd: t.dir,
        encoding: 'utf8',
      });
      expect(diff.status, diff.stderr).toBe(0);
      expect(diff.stdout).toContain('bot.yaml (0.0%): Missing lines 10');
      expect(diff.stdout).toMatch(/Total:\s+1 line/);
      // The same gate as a pull request would run it: under 100% of the new lines, it fails.
      const gate = spawnSync('diff-cover', [report, '--compare-branch=main', '--fail-under=100'], {
        cwd: t.dir,
        encoding: 'utf8',
      });
      expect(gate.status).not.toBe(0);
    });
  },
);
