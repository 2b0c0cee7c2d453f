import type { Page } from '@lib/common/page';
import type { Serialized } from '@lib/common/serialized';
import type { ContactChannel } from '@lib/contact-rules/contact-channel';
import type { ContactCheckRequest, ContactCheckResult, ContactPolicyInput, ContactPolicyView } from '@lib/contact-rules/contact-policy.view';
import type { DoNotCallEntry as DoNotCallEntryView, DoNotCallInput } from '@lib/contact-rules/do-not-call.view';
import { api } from '../../api/client';

/** The channels in the order the pages list them. */
export const CHANNELS = ['phone', 'agent_visit', 'sms', 'email', 'web'] as const satisfies readonly ContactChannel[];
export type Channel = ContactChannel;

export type ContactPolicy = Serialized<ContactPolicyView>;
/** What the policy editor holds: every rule of a policy, as it sends them. */
export type ContactPolicyDraft = Required<Omit<ContactPolicyInput, 'isDefault'>>;
export type DoNotCallEntry = Serialized<DoNotCallEntryView>;

export const contactApi = {
  list: () => api.get<ContactPolicyView[]>('/contact-policies'),
  create: (body: ContactPolicyInput) => api.post<ContactPolicyView>('/contact-policies', body),
  update: (id: number, body: Partial<ContactPolicyInput>) => api.patch<ContactPolicyView>(`/contact-policies/${id}`, body),
  check: (id: number, body: ContactCheckRequest) => api.post<ContactCheckResult>(`/contact-policies/${id}/check`, body),
  doNotCall: (page: number, pageSize: number) => api.get<Page<DoNotCallEntryView>>('/do-not-call', { page, pageSize }),
  addDoNotCall: (body: DoNotCallInput) => api.post<DoNotCallEntryView>('/do-not-call', body),
  removeDoNotCall: (customerId: number) => api.delete(`/do-not-call/${customerId}`),
};
