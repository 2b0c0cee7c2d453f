/** The channels a campaign contacts customers through (as in the contacts table). */
export const CONTACT_CHANNELS = ['email', 'phone', 'sms', 'agent_visit', 'web'] as const;
export type ContactChannel = (typeof CONTACT_CHANNELS)[number];

export interface ChannelLimits {
  /** null: no limit on this channel. */
  maxPer7Days: number | null;
  maxPer30Days: number | null;
}

/** A local-time window (Asia/Shanghai), 'HH:MM'; a start after the end wraps past midnight. */
export interface QuietWindow {
  start: string;
  end: string;
}

export type PerChannelLimits = Partial<Record<ContactChannel, ChannelLimits>>;
export type QuietHours = Partial<Record<ContactChannel, QuietWindow>>;
