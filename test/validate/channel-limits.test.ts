// Messenger limits at their edges, as the messengers set them: WhatsApp reply buttons (a step
// with up to 3 buttons: titles ≤ 20 characters), list messages (4–10 rows: ≤ 24 characters, no
// more than 10), Telegram's callback data (labels of buttons that lead to a step: ≤ 64 bytes of
// UTF-8). Each limit exactly at, then one over.
import { describe, expect, it } from 'vitest';
import { defaultConfig } from '../../src/config/load-config.js';
import type { Diagnostic } from '../../src/diagnostics/types.js';
import { tempTree } from '../helpers/cli.js';
import { compileFiles } from '../helpers/compile.js';

async function problems(channels: string[], labels: string[], url = false): Promise<Diagnostic[]> {
  const menu = labels
    .map(
      (l) =>
        `      - text: ${JSON.stringify(l)}\n        ${url ? 'url: https://example.com' : 'goto: a'}\n`,
    )
    .join('');
  const t = tempTree({
    'bot.yaml': `start: a\nsteps:\n  a:\n    type: message\n    text: hi\n    menu:\n${menu}`,
  });
  try {
    const compiled = await compileFiles(['bot.yaml'], {
      cwd: t.dir,
      config: { ...defaultConfig(t.dir), channels },
    });
    return compiled.diagnostics.filter((d) => d.code.startsWith('channel-'));
  } finally {
    t.cleanup();
  }
}

const x = (n: number) => 'x'.repeat(n);

describe('WhatsApp', () => {
  it('reply buttons (1–3 on a step): a title of 20 characters passes, 21 does not', async () => {
    expect(await problems(['whatsapp'], [x(20), 'b', 'c'])).toEqual([]);
    const [d, ...rest] = await problems(['whatsapp'], [x(21), 'b', 'c']);
    expect(rest).toEqual([]);
    expect(d?.code).toBe('channel-button-label');
    expect(d?.message).toBe(
      `Button "${x(21)}" of step "a" is 21 characters; WhatsApp's reply buttons allow 20 (a step with 3 buttons is sent as reply buttons).`,
    );
  });

  it('list rows (4–10 on a step): 24 characters pass, 25 do not', async () => {
    expect(await problems(['whatsapp'], [x(24), 'b', 'c', 'd'])).toEqual([]);
    const [d] = await problems(['whatsapp'], [x(25), 'b', 'c', 'd']);
    expect(d?.message).toBe(
      `Button "${x(25)}" of step "a" is 25 characters; WhatsApp's list message rows allow 24 (a step with 4 buttons is sent as list message rows).`,
    );
  });

  it('10 buttons pass, 11 do not; emoji count as one character', async () => {
    const ten = Array.from({ length: 10 }, (_, i) => `b${i}`);
    expect(await problems(['whatsapp'], ten)).toEqual([]);
    const [d] = await problems(['whatsapp'], [...ten, 'b10']);
    expect(d?.code).toBe('channel-button-count');
    expect(d?.message).toBe('Step "a" has 11 buttons; WhatsApp shows at most 10.');
    expect(await problems(['whatsapp'], [`${'🍕'.repeat(20)}`])).toEqual([]);
  });
});

describe('Telegram', () => {
  it('callback data: 64 bytes of UTF-8 pass, 65 do not; 32 Cyrillic letters are 64 bytes', async () => {
    expect(await problems(['telegram'], [x(64)])).toEqual([]);
    expect(await problems(['telegram'], ['я'.repeat(32)])).toEqual([]);
    const [d] = await problems(['telegram'], [`${'я'.repeat(32)}x`]);
    expect(d?.message).toBe(
      `Button "${'я'.repeat(32)}x" of step "a" is 65 bytes of UTF-8; Telegram's callback data allows 64.`,
    );
    const [emoji] = await problems(['telegram'], [`${x(61)}🍕`]);
    expect(emoji?.message).toContain('is 65 bytes of UTF-8');
  });

  it('a URL button sends no callback data: its label is not limited that way', async () => {
    expect(await problems(['telegram'], ['я'.repeat(40)], true)).toEqual([]);
  });
});

describe('several messengers', () => {
  it('the strictest limit that a label breaks is named, once', async () => {
    const found = await problems(['telegram', 'whatsapp'], ['я'.repeat(33)]);
    expect(found).toHaveLength(1);
    expect(found[0]?.message).toContain("WhatsApp's reply buttons allow 20");
  });
});
