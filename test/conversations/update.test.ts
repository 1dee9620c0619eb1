// `botform test --update [--check]`: failing bot-turn expectations rewritten in place, comments
// and layout kept, passing turns and user turns untouched; --check for CI. And `botform chat`
// with piped input, whose --record writes a test that passes.
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runCli, tempTree } from '../helpers/cli.js';

const cleanups: (() => void)[] = [];
afterAll(() => {
  for (const c of cleanups) c();
});

const SCENARIO = `start: menu
steps:
  menu:
    type: message
    text: Hi! Pick one.
    menu:
      - text: Status
        goto: status
      - text: Name
        goto: ask_name
  status:
    type: message
    text: All is well today.
    menu:
      - text: Back
        goto: menu
      - text: Done
        goto: bye
  ask_name:
    type: question
    text: Your name?
    save_as: name
    next: hello
  hello:
    type: message
    text: Hello {{ name }}!
    end: true
  bye:
    type: message
    text: Bye!
    end: true
`;

const TESTS = `# yaml-language-server: $schema=../schemas/test.schema.json
# Comments stay where they are.
tests:
  - name: status
    turns:
      - bot: {step: menu, says: {contains: Pick}}   # still holds
      - user: {press: Status}
      # the reply changed since this was written
      - bot: {step: status, says: All is fine., buttons: [Back]}
      - user: {press: Done}
      - bot:
          step: bye
          says: Bye!

  - name: a name
    turns:
      - user: {press: Name}
      - user: {text: Ann}
      - bot: {step: hello, says: "Hello Ann!", ended: true}
`;

function project(): string {
  const t = tempTree({
    'botform.config.yaml': 'scenario: bot.yaml\n',
    'bot.yaml': SCENARIO,
    'tests/bot.test.yaml': TESTS,
  });
  cleanups.push(t.cleanup);
  return t.dir;
}

describe('botform test --update', () => {
  it('rewrites only the failing expectations, in place, and --check says whether it would', async () => {
    const dir = project();
    const file = path.join(dir, 'tests/bot.test.yaml');
    const check = await runCli(['test', '--update', '--check'], { cwd: dir });
    expect(check.code).toBe(1);
    expect(check.stdout).toContain(
      '-      - bot: {step: status, says: All is fine., buttons: [Back]}',
    );
    expect(check.stdout).toContain(
      '+      - bot: {step: status, says: All is well today., buttons: [Back, Done]}',
    );
    expect(check.stdout).toContain('Would update 2 expectations in 1 file.');
    expect(readFileSync(file, 'utf8')).toBe(TESTS);

    const update = await runCli(['test', '--update'], { cwd: dir });
    expect(update.stdout).toContain('Updated 2 expectations in 1 file.');
    expect(update.stdout).toContain('Tests: 2 passed, 0 failed, 0 skipped (2)');
    expect(update.code).toBe(0);
    const after = readFileSync(file, 'utf8');
    expect(after).toBe(
      TESTS.replace(
        '- bot: {step: status, says: All is fine., buttons: [Back]}',
        '- bot: {step: status, says: All is well today., buttons: [Back, Done]}',
      ),
    );
    const again = await runCli(['test', '--update', '--check'], { cwd: dir });
    expect(again.stdout).toContain('No expectations to update.');
    expect(again.code).toBe(0);
  });

  it('leaves checks it cannot rewrite failing, and refuses --update with --live', async () => {
    const dir = project();
    const file = path.join(dir, 'tests/bot.test.yaml');
    writeFileSync(file, TESTS.replace('ended: true', 'ended: false'));
    const update = await runCli(['test', '--update'], { cwd: dir });
    expect(update.code).toBe(1);
    expect(update.stdout).toContain('Not updated (only step, says and buttons are):');
    expect(update.stdout).toMatch(/tests\/bot\.test\.yaml:19:55 +The conversation has ended\./);
    expect(readFileSync(file, 'utf8')).toContain('ended: false');
    expect((await runCli(['test', '--check'], { cwd: dir })).code).toBe(2);
    expect((await runCli(['test', '--update', '--live'], { cwd: dir })).code).toBe(2);
  });
});

describe('botform chat', () => {
  it('runs on piped input without prompts, and --record writes a test that passes', async () => {
    const dir = project();
    const chat = await runCli(['chat', '--record', 'tests/recorded.test.yaml'], {
      cwd: dir,
      input: '1\n/step\n1\nDone\n/restart\nName\nAnn\n/vars\n/quit\n',
    });
    expect(chat.code).toBe(0);
    expect(chat.stdout).toContain('bot: Hi! Pick one.\n  [1] Status\n  [2] Name\n');
    expect(chat.stdout).toContain('bot: All is well today.');
    expect(chat.stdout).toContain('status\n');
    expect(chat.stdout).toContain('bot: Hello Ann!');
    expect(chat.stdout).toContain('"name": "Ann"');
    expect(chat.stdout).not.toContain('> ');
    const recorded = readFileSync(path.join(dir, 'tests/recorded.test.yaml'), 'utf8');
    expect(recorded).toContain('- user: {press: Status}');
    expect(recorded).toContain('- user: {text: Ann}');
    const run = await runCli(['test', 'tests/recorded.test.yaml'], { cwd: dir });
    expect(run.stdout).toContain('Tests: 2 passed, 0 failed, 0 skipped (2)');
    expect(run.code).toBe(0);
    const again = await runCli(['chat', '--record', 'tests/recorded.test.yaml'], {
      cwd: dir,
      input: '/quit\n',
    });
    expect(again.code).toBe(2);
  });
});
