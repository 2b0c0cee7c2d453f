import { api } from '../../api/client';
import type { Page } from '../../api/types';
import type { RuleGroup } from '../../components/rule-builder/rule';

export const CHANNELS = ['phone', 'agent_visit', 'sms', 'email', 'web'] as const;
export type Channel = (typeof CHANNELS)[number];

export interface ChannelLimits {
  maxPer7Days: number | null;
  maxPer30Days: number | null;
}

export interface QuietHours {
  start: string;
  end: string;
}

export interface ContactPolicy {
  id: number;
  name: string;
  isDefault: boolean;
  maxPer7Days: number;
  maxPer30Days: number;
  perChannel: Partial<Record<Channel, ChannelLimits>>;
  minGapHours: number;
  quietHours: Partial<Record<Channel, QuietHours>>;
  holidays: string[];
  holidayChannels: Channel[];
  refusalBlockDays: number;
  renewalEarliestDays: number;
  requireConsent: boolean;
  updatedAt: string;
}

export type ContactPolicyInput = Omit<ContactPolicy, 'id' | 'isDefault' | 'updatedAt'>;

export interface CheckRequest {
  segmentId?: number;
  rule?: RuleGroup;
  channels: Channel[];
  at?: string;
  purpose?: 'sales' | 'renewal';
  campaignId?: number;
  priority?: number;
}

export interface CheckResult {
  audience: number;
  contactableAnyChannel: number;
  byChannel: { channel: Channel; contactable: number; excluded: { reason: string; count: number }[] }[];
}

export interface DoNotCallEntry {
  customerId: number;
  customerNo: string;
  name: string;
  reason: string;
  since: string;
  until: string | null;
}

export const contactApi = {
  list: () => api.get<ContactPolicy[]>('/contact-policies'),
  create: (body: ContactPolicyInput) => api.post<ContactPolicy>('/contact-policies', body),
  update: (id: number, body: Partial<ContactPolicyInput>) => api.patch<ContactPolicy>(`/contact-policies/${id}`, body),
  check: (id: number, body: CheckRequest) => api.post<CheckResult>(`/contact-policies/${id}/check`, body),
  doNotCall: (page: number, pageSize: number) => api.get<Page<DoNotCallEntry>>('/do-not-call', { page, pageSize }),
  addDoNotCall: (body: { customerId: number; reason: string; until?: string }) => api.post('/do-not-call', body),
  removeDoNotCall: (customerId: number) => api.delete(`/do-not-call/${customerId}`),
};
