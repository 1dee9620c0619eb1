// What each messenger can show, as botform assumes it (documented in docs/channels.md). The
// strictest channel the shop uses wins; a limit of Infinity means "no limit worth checking".
export interface ChannelLimits {
  label: string;
  maxButtons: number;
  maxButtonLabel: number;
  maxMessage: number;
}

export const CHANNEL_LIMITS = {
  telegram: { label: 'Telegram', maxButtons: 100, maxButtonLabel: 64, maxMessage: 4096 },
  whatsapp: { label: 'WhatsApp', maxButtons: 10, maxButtonLabel: 24, maxMessage: 4096 },
  facebook: { label: 'Facebook Messenger', maxButtons: 13, maxButtonLabel: 20, maxMessage: 2000 },
  instagram: { label: 'Instagram', maxButtons: 13, maxButtonLabel: 20, maxMessage: 1000 },
  viber: { label: 'Viber', maxButtons: 42, maxButtonLabel: 250, maxMessage: 7000 },
  vk: { label: 'VK', maxButtons: 40, maxButtonLabel: 40, maxMessage: 4096 },
  webchat: { label: 'Web chat', maxButtons: 100, maxButtonLabel: 255, maxMessage: 10000 },
} as const satisfies Record<string, ChannelLimits>;

export type Channel = keyof typeof CHANNEL_LIMITS;
