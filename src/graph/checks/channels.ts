// Button counts, label and message lengths, against every messenger the config names. A label
// is measured as the messenger counts it for the way the step is sent (channel-limits.ts).
import type { Diagnostic } from '../../diagnostics/types.js';
import {
  type ButtonForm,
  buttonForm,
  CHANNEL_LIMITS,
  type Channel,
  type ChannelLimits,
  labelLength,
} from '../channel-limits.js';
import type { GraphContext } from '../context.js';
import { plural } from '../../plural.js';

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
      // Of the channels whose limit this label breaks, the strictest is named.
      let worst: { channel: ChannelLimits; form: ButtonForm; length: number } | undefined;
      for (const c of channels) {
        const channel: ChannelLimits = CHANNEL_LIMITS[c];
        const form = buttonForm(channel, step.menu.length);
        if (!form.urlButtons && button.url !== null) continue;
        const length = labelLength(button.text, form.unit);
        if (length > form.maxLabel && (!worst || form.maxLabel < worst.form.maxLabel))
          worst = { channel, form, length };
      }
      if (!worst) return;
      const { channel, form, length } = worst;
      const sent = form.name === 'buttons' ? channel.label : `${channel.label}'s ${form.name}`;
      const why =
        channel.buttons.length > 1
          ? ` (a step with ${plural(step.menu.length, 'button')} is sent as ${form.name})`
          : '';
      out.push(
        ctx.report(
          'channel-button-label',
          `Button "${button.text}" of step "${key}" is ${length} ${form.unit}${form.unit === 'bytes' ? ' of UTF-8' : ''}; ${sent} ${form.name !== 'buttons' && form.name.endsWith('s') ? 'allow' : 'allows'} ${form.maxLabel}${why}.`,
          step.origin.file,
          [...button.origin.path, 'text'],
        ),
      );
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
