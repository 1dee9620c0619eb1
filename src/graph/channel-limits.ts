// What each messenger can show, as the messengers' own documentation sets it (docs/channels.md
// names the source of each limit). The strictest channel the shop uses wins. A button label's
// limit can depend on how the step is sent: WhatsApp sends up to 3 buttons as reply buttons
// (title ≤ 20 characters) and 4 to 10 as a list message (row title ≤ 24); Telegram sends a
// button's label as its callback data, 1–64 bytes of UTF-8 (a URL button sends none).

export type LengthUnit = 'characters' | 'bytes';

/** How a step with some number of buttons is sent, and what its labels may hold. */
export interface ButtonForm {
  /** Steps with at most this many buttons are sent this way (the last form: up to maxButtons). */
  upTo: number;
  /** What the messenger calls it, for messages ("reply buttons"). */
  name: string;
  maxLabel: number;
  unit: LengthUnit;
  /** False when only buttons that lead to a step count (the label travels as callback data). */
  urlButtons: boolean;
}

export interface ChannelLimits {
  label: string;
  maxButtons: number;
  /** Ordered by `upTo`; the first whose `upTo` is at least the step's button count applies. */
  buttons: readonly ButtonForm[];
  maxMessage: number;
}

const plain = (maxLabel: number, upTo: number): ButtonForm[] => [
  { upTo, name: 'buttons', maxLabel, unit: 'characters', urlButtons: true },
];

export const CHANNEL_LIMITS = {
  telegram: {
    label: 'Telegram',
    maxButtons: 100,
    buttons: [{ upTo: 100, name: 'callback data', maxLabel: 64, unit: 'bytes', urlButtons: false }],
    maxMessage: 4096,
  },
  whatsapp: {
    label: 'WhatsApp',
    maxButtons: 10,
    buttons: [
      { upTo: 3, name: 'reply buttons', maxLabel: 20, unit: 'characters', urlButtons: true },
      { upTo: 10, name: 'list message rows', maxLabel: 24, unit: 'characters', urlButtons: true },
    ],
    maxMessage: 4096,
  },
  facebook: {
    label: 'Facebook Messenger',
    maxButtons: 13,
    buttons: plain(20, 13),
    maxMessage: 2000,
  },
  instagram: { label: 'Instagram', maxButtons: 13, buttons: plain(20, 13), maxMessage: 1000 },
  viber: { label: 'Viber', maxButtons: 42, buttons: plain(250, 42), maxMessage: 7000 },
  vk: { label: 'VK', maxButtons: 40, buttons: plain(40, 40), maxMessage: 4096 },
  webchat: { label: 'Web chat', maxButtons: 100, buttons: plain(255, 100), maxMessage: 10000 },
} as const satisfies Record<string, ChannelLimits>;

export type Channel = keyof typeof CHANNEL_LIMITS;

/** The form a step with `count` buttons is sent in (the last one past every `upTo`). */
export function buttonForm(channel: ChannelLimits, count: number): ButtonForm {
  return channel.buttons.find((f) => count <= f.upTo) ?? (channel.buttons.at(-1) as ButtonForm);
}

/** A label's length as the form counts it: code points, or bytes of UTF-8. */
export function labelLength(text: string, unit: LengthUnit): number {
  return unit === 'bytes' ? Buffer.byteLength(text, 'utf8') : [...text].length;
}
