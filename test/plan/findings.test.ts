// Plan findings and scenario errors as diagnostics of the one model, in the format asked for:
// `plan --format json|markdown` writes a well-formed document with the errors (what a CI job
// posts), the human format prints them as validate does.
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { Diagnostic } from '../../src/diagnostics/types.js';
import { runCli, STACK_LINE, tempTree } from '../helpers/cli.js';

const cleanups: (() => void)[] = [];
afterAll(() => {
  for (const c of cleanups) c();
});

function project(files: Record<string, string>): string {
  const t = tempTree(files);
  cleanups.push(t.cleanup);
  return t.dir;
}

const TYPO =
  'start: a\nsteps:\n  a:\n    type: message\n    text: A\n    next: bb\n  b:\n    type: message\n    text: B\n    end: true\n';

describe('plan on failure', () => {
  it('--format json writes a document with the scenario errors; one typo is one diagnostic', async () => {
    const dir = project({ 'bot.yaml': TYPO });
    const run = await runCli(['plan', 'bot.yaml', '--format', 'json'], { cwd: dir });
    expect(run.code).toBe(1);
    const doc = JSON.parse(run.stdout) as { ok: boolean; plan: null; diagnostics: Diagnostic[] };
    expect(doc.ok).toBe(false);
    expect(doc.plan).toBeNull();
    expect(doc.diagnostics.map((d) => `${d.code} ${d.file}:${d.line}:${d.column}`)).toStrictEqual([
      'dangling-transition bot.yaml:6:11',
    ]);
    expect(doc.diagnostics[0]?.message).toContain(
      'Until it is fixed, 1 step cannot be reached: "b".',
    );
  });

  it('--format markdown writes a comment that names the place', async () => {
    const dir = project({ 'bot.yaml': TYPO });
    const run = await runCli(['plan', 'bot.yaml', '--format', 'markdown'], { cwd: dir });
    expect(run.code).toBe(1);
    expect(run.stdout).toMatch(/^### botform plan failed\n/);
    expect(run.stdout).toContain('`bot.yaml:6:11`');
    expect(run.stdout).toContain('(`dangling-transition`)');
  });

  it('a protected step the plan would delete is a protected-step diagnostic, in every format', async () => {
    const withB =
      'start: a\nsteps:\n  a:\n    type: message\n    text: A\n    menu:\n      - text: B\n        goto: b\n  b:\n    type: message\n    text: B\n    protect: true\n    end: true\n';
    const dir = project({ 'bot.yaml': withB });
    const apply = await runCli(['apply', 'bot.yaml', '--auto-approve'], { cwd: dir });
    expect(apply.code).toBe(0);
    writeFileSync(
      path.join(dir, 'bot.yaml'),
      'start: a\nsteps:\n  a:\n    type: message\n    text: A\n    end: true\n',
    );
    const human = await runCli(['plan', 'bot.yaml'], { cwd: dir });
    expect(human.code).toBe(1);
    expect(human.stderr).not.toMatch(STACK_LINE);
    expect(human.stderr).toMatch(
      /bot\.yaml\n\s+1:1\s+error\s+Step "b" is protected .*protected-step/,
    );
    const json = await runCli(['plan', 'bot.yaml', '--format', 'json'], { cwd: dir });
    const doc = JSON.parse(json.stdout) as { diagnostics: Diagnostic[] };
    expect(doc.diagnostics.map((d) => d.code)).toStrictEqual(['protected-step']);
  });

  it('an unknown flag gets "did you mean"', async () => {
    const run = await runCli(['plan', '--fromat', 'json'], { cwd: project({}) });
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('unknown option --fromat. Did you mean --format?');
  });
});
