// GitHub shows 10 annotations of each level per step and drops the rest silently: botform chooses
// which (the verdict, then errors before warnings before notices, then lines of the change, then
// place) and ends with one notice that counts the rest — tested at the edge and end to end, with
// the change taken from git (--changed-since).
import { execFileSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { parseUnifiedDiff } from '../../src/environments/changed.js';
import {
  type Annotation,
  ANNOTATIONS_PER_LEVEL,
  renderAnnotations,
} from '../../src/render/github-annotations.js';
import { tempTree } from '../helpers/cli.js';
import { runMain } from '../helpers/in-process.js';

const cleanups: (() => void)[] = [];
afterEach(() => {
  for (const c of cleanups.splice(0)) c();
});

const make = (level: Annotation['level'], n: number, file = 'a.yaml'): Annotation[] =>
  Array.from({ length: n }, (_, i) => ({
    level,
    file,
    line: i + 1,
    title: 't',
    message: `${level} ${i + 1}`,
  }));
const count = (out: string, level: string) =>
  out.split('\n').filter((l) => l.startsWith(`::${level} `)).length;
const SEE = { seeAll: 'the job summary' };

describe('annotations at GitHub’s limits', () => {
  it('exactly 10 of each level: all shown, no closing notice', () => {
    const out = renderAnnotations(
      [...make('error', 10), ...make('warning', 10), ...make('notice', 10)],
      SEE,
    );
    expect([count(out, 'error'), count(out, 'warning'), count(out, 'notice')]).toStrictEqual([
      10, 10, 10,
    ]);
    expect(out).not.toContain('more not shown');
  });

  it('one over: 10 shown, and a notice takes the last notice place to count the rest', () => {
    const errors = renderAnnotations(make('error', 11), SEE);
    expect(count(errors, 'error')).toBe(10);
    expect(count(errors, 'notice')).toBe(1);
    expect(errors).toContain(
      '::notice title=botform%3A 1 more not shown::1 more annotation is not shown (1 error): GitHub shows 10 of each level per step. See all of them in the job summary.\n',
    );
    const notices = renderAnnotations(make('notice', 11), SEE);
    expect(count(notices, 'notice')).toBe(ANNOTATIONS_PER_LEVEL);
    expect(notices).toContain('2 more annotations are not shown (2 notices)');
  });

  it('orders by level, then the change, then place; the pinned verdict comes first', () => {
    const list = [
      ...make('warning', 3),
      ...make('error', 15, 'b.yaml'),
      ...make('error', 3, 'a.yaml'),
    ];
    const out = renderAnnotations(
      list,
      { ...SEE, inChange: (file, line) => file === 'b.yaml' && line >= 14 },
      [{ level: 'error', title: 'botform validate failed', message: '21 errors.' }],
    );
    const errors = out.split('\n').filter((l) => l.startsWith('::error'));
    expect(errors).toHaveLength(10);
    expect(errors[0]).toBe('::error title=botform validate failed::21 errors.');
    expect(
      errors.slice(1, 3).map((l) => /file=([^,]+),line=(\d+)/.exec(l)?.slice(1).join(':')),
    ).toStrictEqual(['b.yaml:14', 'b.yaml:15']);
    expect(errors[3]).toContain('file=a.yaml,line=1,');
    expect(count(out, 'warning')).toBe(3);
    expect(out).toContain('(9 errors)');
  });

  it('reads the changed lines of a unified diff', () => {
    const diff = [
      'diff --git a/x.yaml b/x.yaml',
      '--- a/x.yaml',
      '+++ b/x.yaml',
      '@@ -3 +3,2 @@',
      '@@ -10,2 +11,0 @@',
      '@@ -20 +20 @@',
      'diff --git a/gone.yaml b/gone.yaml',
      '--- a/gone.yaml',
      '+++ /dev/null',
      '@@ -1,3 +0,0 @@',
    ].join('\n');
    const lines = parseUnifiedDiff(diff);
    expect([...(lines.get('x.yaml') as Set<number>)]).toStrictEqual([3, 4, 20]);
    expect(lines.has('gone.yaml')).toBe(false);
  });
});

describe('validate --format github on a large change', () => {
  it('shows the errors on changed lines first, 10 per level, and counts the rest', async () => {
    const stepText = (i: number, next: string) =>
      `  s${i}:\n    type: message\n    text: Step ${i}\n    next: ${next}\n`;
    const file = (broken: (i: number) => boolean) =>
      `start: s0\nsteps:\n${Array.from({ length: 30 }, (_, i) =>
        stepText(i, broken(i) ? `missing_${i}` : `s${(i + 1) % 30}`),
      ).join('')}`;
    // Already broken before the change: the first 10 steps.
    const t = tempTree({ 'bot.yaml': file((i) => i < 10) });
    cleanups.push(t.cleanup);
    const git = (...args: string[]) =>
      execFileSync('git', ['-c', 'user.email=t@example.com', '-c', 'user.name=t', ...args], {
        cwd: t.dir,
        stdio: 'pipe',
      });
    git('init', '-q');
    git('add', '.');
    git('commit', '-qm', 'base');
    // The change breaks 5 more, at the bottom of the file.
    writeFileSync(
      path.join(t.dir, 'bot.yaml'),
      file((i) => i < 10 || i >= 25),
    );
    const errorSteps = (out: string) =>
      out
        .split('\n')
        .filter((l) => l.startsWith('::error file='))
        .map((l) => /goes to %22missing_(\d+)%22/.exec(l)?.[1] ?? /missing_(\d+)/.exec(l)?.[1]);

    const run = await runMain(
      ['validate', 'bot.yaml', '--format', 'github', '--changed-since', 'HEAD'],
      {
        cwd: t.dir,
      },
    );
    expect(run.code).toBe(1);
    const lines = run.stdout.trimEnd().split('\n');
    expect(lines[0]).toBe('::error title=botform validate failed::15 errors.');
    expect(lines.filter((l) => l.startsWith('::error')).length).toBe(10);
    expect(errorSteps(run.stdout)).toStrictEqual([
      '25',
      '26',
      '27',
      '28',
      '29',
      '0',
      '1',
      '2',
      '3',
    ]);
    expect(lines.at(-1)).toMatch(
      /^::notice title=botform%3A 25 more not shown::25 more annotations are not shown \(6 errors, 19 warnings\)/,
    );
    expect(lines.at(-1)).toContain('botform validate --format summary');

    // Without the change, place decides: the top of the file.
    const plain = await runMain(['validate', 'bot.yaml', '--format', 'github'], { cwd: t.dir });
    expect(errorSteps(plain.stdout)).toStrictEqual(['0', '1', '2', '3', '4', '5', '6', '7', '8']);
    // A pull request's base (GITHUB_BASE_REF) is origin/<base>: absent here, so a note, same order.
    const pr = await runMain(['validate', 'bot.yaml', '--format', 'github'], {
      cwd: t.dir,
      env: { GITHUB_BASE_REF: 'main' },
    });
    expect(pr.stdout).toBe(plain.stdout);
    expect(pr.stderr).toContain('git could not compare with "origin/main"');
    expect(pr.stderr).toContain('fetch-depth: 0');
  });
});
