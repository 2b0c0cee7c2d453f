import type { MessageTemplateChanges, MessageTemplateInput, MessageTemplateList, MessageTemplateView, TemplatePreviewInput, TemplatePreviewView, TestSendView } from '@lib/message-templates/message-template.view';
import type { TemplateChannel } from '@lib/message-templates/template-channel';
import type { Serialized } from '@lib/common/serialized';
import { api, request } from '../../api/client';

export type { TemplateChannel } from '@lib/message-templates/template-channel';
export type { TemplateObjective, TemplatePreviewView, TemplateProblemView } from '@lib/message-templates/message-template.view';
export type MessageTemplate = Serialized<MessageTemplateView>;

/** Channel managers and admins write templates; the other campaign roles read them. */
export const TEMPLATE_WRITERS = ['channel_manager', 'admin'] as const;
export const CHANNELS: TemplateChannel[] = ['email', 'phone', 'web', 'agent_visit'];

export const templateApi = {
  list: (query: { channel?: TemplateChannel; q?: string }) => api.get<MessageTemplateList>('/message-templates', query),
  get: (id: number) => api.get<MessageTemplateView>(`/message-templates/${id}`),
  variables: (channel: TemplateChannel) => api.get<string[]>('/message-templates/variables', { channel }),
  create: (body: MessageTemplateInput) => api.post<MessageTemplateView>('/message-templates', body),
  update: (id: number, body: MessageTemplateChanges) => api.patch<MessageTemplateView>(`/message-templates/${id}`, body),
  preview: (body: TemplatePreviewInput, signal: AbortSignal) => request<Serialized<TemplatePreviewView>>('POST', '/message-templates/preview', { body, signal }),
  testSend: (body: TemplatePreviewInput) => api.post<TestSendView>('/message-templates/test-send', body),
};
