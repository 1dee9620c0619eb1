// Button counts, label and message lengths, against every messenger the config names.
import type { Diagnostic } from '../../diagnostics/types.js';
import { CHANNEL_LIMITS, type Channel } from '../channel-limits.js';
import type { GraphContext } from '../context.js';

export function checkChannelLimits(ctx: GraphContext): Diagnostic[] {
  const channels = ctx.channels.filter((c): c is Channel => Object.hasOwn(CHANNEL_LIMITS, c));
  if (channels.length === 0) return [];
  const strictest = (pick: (c: (typeof CHANNEL_LIMITS)[Channel]) => number) =>
    channels
      .map((c) => ({ channel: CHANNEL_LIMITS[c], limit: pick(CHANNEL_LIMITS[c]) }))
      .sort((a, b) => a.limit - b.limit)[0] as {
      channel: (typeof CHANNEL_LIMITS)[Channel];
      limit: number;
    };
  const buttons = strictest((c) => c.maxButtons);
  const label = strictest((c) => c.maxButtonLabel);
  const message = strictest((c) => c.maxMessage);
  const out: Diagnostic[] = [];
  for (const [key, step] of ctx.scenario.steps) {
    if (step.menu.length > buttons.limit) {
      out.push(
        ctx.report(
          'channel-button-count',
          `Step "${key}" has ${step.menu.length} buttons; ${buttons.channel.label} shows at most ${buttons.limit}.`,
          step.origin.file,
          [...step.origin.path, 'menu'],
          'key',
          {
            hint: 'Split the choices over two steps, e.g. with a "More…" button.',
          },
        ),
      );
    }
    step.menu.forEach((button) => {
      const length = [...button.text].length;
      if (length > label.limit) {
        out.push(
          ctx.report(
            'channel-button-label',
            `Button "${button.text}" of step "${key}" is ${length} characters; ${label.channel.label} allows ${label.limit}.`,
            step.origin.file,
            [...button.origin.path, 'text'],
          ),
        );
      }
    });
    const textLength = [...step.text].length;
    if (textLength > message.limit) {
      out.push(
        ctx.report(
          'channel-message-length',
          `The text of step "${key}" is ${textLength} characters; ${message.channel.label} allows ${message.limit}.`,
          step.origin.file,
          [...step.origin.path, 'text'],
        ),
      );
    }
  }
  return out;
}
