// Bad input of every kind gets a clear diagnostic with a place, a non-zero exit, and never a
// stack trace or a hang. Runs the real CLI.
import { afterEach, describe, expect, it } from 'vitest';
import { runCli, STACK_LINE, tempTree } from '../helpers/cli.js';

const VALID_STEP = 'start: a\nsteps:\n  a:\n    type: message\n    text: hi\n    end: true\n';
const cleanups: (() => void)[] = [];
afterEach(() => {
  for (const c of cleanups.splice(0)) c();
});

function tree(files: Record<string, string | Buffer>): string {
  const t = tempTree(files);
  cleanups.push(t.cleanup);
  return t.dir;
}

async function validateJson(dir: string, ...args: string[]) {
  const run = await runCli(['validate', ...args, '--format', 'json'], { cwd: dir });
  expect(run.stderr).not.toMatch(STACK_LINE);
  expect(run.stdout).not.toMatch(STACK_LINE);
  const parsed = JSON.parse(run.stdout) as {
    diagnostics: {
      code: string;
      file: string;
      line: number;
      column: number;
      endLine: number;
      endColumn: number;
      message: string;
    }[];
  };
  return { ...run, diagnostics: parsed.diagnostics };
}

describe('validate on bad input', () => {
  it('malformed YAML', async () => {
    const dir = tree({ 'bot.yaml': 'start: a\nsteps:\n  a: {type: message, text: "unclosed\n' });
    const run = await validateJson(dir, 'bot.yaml');
    expect(run.code).toBe(1);
    expect(run.diagnostics[0]).toMatchObject({ code: 'yaml-syntax', file: 'bot.yaml' });
    expect(run.diagnostics[0]?.line).toBeGreaterThanOrEqual(3);
  });

  it('a YAML error at the end of the file points at its last character, not past the end', async () => {
    const cases: [string, string, [number, number, number, number]][] = [
      [
        'quote.yaml',
        'start: a\nsteps:\n  a:\n    type: message\n    text: "unclosed\n',
        [5, 19, 5, 20],
      ],
      ['flow.yaml', 'start: a\nsteps: [a, b\n', [2, 12, 2, 13]],
      ['blank.yaml', 'start: a\nsteps:\n  a: {type: message\n\n\n', [3, 19, 3, 20]],
      ['no-newline.yaml', 'start: a\nsteps: [a, b', [2, 12, 2, 13]],
    ];
    const dir = tree(Object.fromEntries(cases.map(([name, text]) => [name, text])));
    for (const [name, text, range] of cases) {
      const run = await validateJson(dir, name);
      expect(run.code).toBe(1);
      const d = run.diagnostics[0];
      expect(d?.code, name).toBe('yaml-syntax');
      expect([d?.line, d?.column, d?.endLine, d?.endColumn], name).toStrictEqual(range);
      // Within the file: an editor can show it.
      expect(d?.line ?? 0, name).toBeLessThanOrEqual(text.trimEnd().split('\n').length);
    }
  });

  it('a lone surrogate, which the API refuses, is a validate error at its text', async () => {
    const text =
      'start: a\nsteps:\n  a:\n    type: message\n    text: "Hi \\uD83D there"\n    end: true\n  b:\n    type: message\n    text: "fine \\uD83D\\uDE00"\n    end: true\nentries: [b]\n';
    // The anchor sends the file down the reporting path; both paths must find it.
    const dir = tree({ 'fast.yaml': text, 'slow.yaml': `x: &x 1\n${text}` });
    for (const [name, line] of [
      ['fast.yaml', 5],
      ['slow.yaml', 6],
    ] as const) {
      const run = await validateJson(dir, name);
      expect(run.code, name).toBe(1);
      expect(
        run.diagnostics.map((d) => [d.code, d.line]),
        name,
      ).toContainEqual(['lone-surrogate', line]);
      expect(
        run.diagnostics.filter((d) => d.code === 'lone-surrogate'),
        name,
      ).toHaveLength(1);
    }
  });

  it('a file that is not UTF-8', async () => {
    const dir = tree({
      'bot.yaml': Buffer.from([0x73, 0x74, 0x61, 0x72, 0x74, 0x3a, 0x20, 0xc3, 0x28, 0x0a]),
    });
    const run = await validateJson(dir, 'bot.yaml');
    expect(run.code).toBe(1);
    expect(run.diagnostics).toEqual([
      expect.objectContaining({ code: 'file-not-utf8', file: 'bot.yaml', line: 1, column: 1 }),
    ]);
    expect(run.diagnostics[0]?.message).toContain('offset 7');
  });

  it('an empty file', async () => {
    const dir = tree({ 'bot.yaml': '' });
    const run = await validateJson(dir, 'bot.yaml');
    expect(run.code).toBe(1);
    expect(run.diagnostics.map((d) => d.code)).toEqual(['empty-file']);
  });

  it('a billion-laughs alias bomb finishes quickly with a diagnostic', async () => {
    const levels = ['a0: &a0 ["lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol"]'];
    for (let i = 1; i <= 9; i++)
      levels.push(
        `a${i}: &a${i} [${Array(9)
          .fill(`*a${i - 1}`)
          .join(', ')}]`,
      );
    const dir = tree({ 'bot.yaml': `${levels.join('\n')}\n` });
    const run = await validateJson(dir, 'bot.yaml');
    expect(run.code).toBe(1);
    expect(run.diagnostics.map((d) => d.code)).toEqual(['yaml-alias-limit']);
  });

  it('__proto__ and constructor keys are rejected, not executed', async () => {
    const dir = tree({
      'bot.yaml': `${VALID_STEP}  __proto__:\n    type: message\n    text: x\n    end: true\n  constructor:\n    type: message\n    text: y\n    end: true\n`,
      'other.yaml':
        'steps:\n  b:\n    type: message\n    text: z\n    __proto__: {polluted: true}\n    end: true\n',
    });
    const run = await validateJson(dir, '.');
    expect(run.code).toBe(1);
    const codes = run.diagnostics.map((d) => `${d.code}@${d.file}:${d.line}`);
    expect(codes).toContain('reserved-key@bot.yaml:7');
    expect(codes).toContain('reserved-key@bot.yaml:11');
    expect(codes).toContain('unknown-field@other.yaml:5');
  });

  it('very deep nesting', async () => {
    const deepFlow = `start: a\nsteps: ${'['.repeat(50_000)}${']'.repeat(50_000)}\n`;
    let deepBlock = 'start: a\nsteps:\n';
    for (let i = 0; i < 200; i++) deepBlock += `${'  '.repeat(i + 1)}k${i}:\n`;
    const dir = tree({ 'flow.yaml': deepFlow, 'block.yaml': deepBlock });
    const flow = await validateJson(dir, 'flow.yaml');
    expect(flow.code).toBe(1);
    expect(flow.diagnostics[0]?.code).toMatch(/^(yaml-too-deep|yaml-syntax)$/);
    const block = await validateJson(dir, 'block.yaml');
    expect(block.code).toBe(1);
    expect(block.diagnostics.map((d) => d.code)).toEqual(['yaml-too-deep']);
  });

  it('a 50 MB file is refused without being parsed', async () => {
    const dir = tree({
      'big.yaml': `steps:\n${'  # filler\n'.repeat(Math.ceil((50 * 1024 * 1024) / 11))}`,
    });
    const run = await validateJson(dir, 'big.yaml');
    expect(run.code).toBe(1);
    expect(run.diagnostics).toEqual([
      expect.objectContaining({ code: 'file-too-large', file: 'big.yaml', line: 1, column: 1 }),
    ]);
    expect(run.diagnostics[0]?.message).toContain('50.0 MiB');
  });

  it('a directory with no scenario', async () => {
    const dir = tree({ 'README.md': '# nothing here\n', 'sub/notes.txt': 'x' });
    const run = await validateJson(dir, '.');
    expect(run.code).toBe(1);
    expect(run.diagnostics.map((d) => d.code)).toEqual(['no-scenario-files']);
  });

  it('a path that does not exist', async () => {
    const dir = tree({ 'bot.yaml': VALID_STEP });
    const run = await validateJson(dir, 'nope/');
    expect(run.code).toBe(1);
    expect(run.diagnostics[0]).toMatchObject({ code: 'no-scenario-files', file: 'nope/' });
  });

  it('misuse of the command exits 2 with a message', async () => {
    const dir = tree({ 'bot.yaml': VALID_STEP });
    const unknownFlag = await runCli(['validate', '--frobnicate'], { cwd: dir });
    expect(unknownFlag.code).toBe(2);
    expect(unknownFlag.stderr).toContain('--frobnicate');
    expect(unknownFlag.stderr).not.toMatch(STACK_LINE);
    const badFormat = await runCli(['validate', 'bot.yaml', '--format', 'xml'], { cwd: dir });
    expect(badFormat.code).toBe(2);
    expect(badFormat.stderr).toContain('unknown format "xml"');
    const noInputs = await runCli(['validate'], { cwd: dir });
    expect(noInputs.code).toBe(2);
    expect(noInputs.stderr).toContain('no scenario given');
  });

  it('an invalid config file is reported with its place', async () => {
    const dir = tree({
      'bot.yaml': VALID_STEP,
      'botform.config.yaml': 'channels: [telegram, smoke-signals]\nrules:\n  yaml-syntax: off\n',
    });
    const run = await validateJson(dir, 'bot.yaml');
    expect(run.code).toBe(1);
    expect(run.diagnostics.map((d) => `${d.code}@${d.file}:${d.line}`)).toEqual([
      'config-invalid@botform.config.yaml:1',
      'config-invalid@botform.config.yaml:3',
    ]);
  });
});
