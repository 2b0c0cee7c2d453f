/** The channels a template is written for: the channels of a campaign step. */
export const TEMPLATE_CHANNELS = ['email', 'phone', 'web', 'agent_visit'] as const;
export type TemplateChannel = (typeof TEMPLATE_CHANNELS)[number];

/** The parts a channel's template holds: an email has a subject, an HTML and a text part; a call script, a web snippet and a visit script one body. */
export type TemplatePart = 'subject' | 'html' | 'text' | 'body';

export function partsOf(channel: TemplateChannel): readonly TemplatePart[] {
  return channel === 'email' ? ['subject', 'html', 'text'] : ['body'];
}

/** The channel's name in both languages, for problems that name it. */
export const CHANNEL_NAMES: Record<TemplateChannel, { zh: string; en: string }> = {
  email: { zh: '邮件', en: 'email' },
  phone: { zh: '电话', en: 'phone' },
  web: { zh: '网站', en: 'web' },
  agent_visit: { zh: '上门拜访', en: 'agent visit' },
};
