import type { Serialized } from '@lib/common/serialized';
import type {
  FormDraftInput,
  FormTemplateInput,
  FormTemplateList,
  FormTemplateView,
  FormVersionView,
} from '@lib/evaluation/forms/evaluation-form.view';
import { api } from '../../api/client';

export type { FormProblemView, FormTemplateListItem } from '@lib/evaluation/forms/evaluation-form.view';
export type FormTemplate = Serialized<FormTemplateView>;
export type FormVersion = Serialized<FormVersionView>;

export const evaluationFormApi = {
  list: (query: { published?: 'true' } = {}) => api.get<FormTemplateList>('/evaluation-forms', query),
  get: (id: number) => api.get<FormTemplateView>(`/evaluation-forms/${id}`),
  version: (id: number, version: number) => api.get<FormVersionView>(`/evaluation-forms/${id}/versions/${version}`),
  create: (body: FormTemplateInput) => api.post<FormVersionView>('/evaluation-forms', body),
  saveDraft: (id: number, body: FormDraftInput) => api.put<FormVersionView>(`/evaluation-forms/${id}/draft`, body),
  startDraft: (id: number) => api.post<FormVersionView>(`/evaluation-forms/${id}/draft`),
  publish: (id: number) => api.post<FormVersionView>(`/evaluation-forms/${id}/publish`),
  makeDefault: (id: number) => api.put<FormTemplateView>(`/evaluation-forms/${id}/default`, {}),
  clearDefault: (id: number) => api.delete<FormTemplateView>(`/evaluation-forms/${id}/default`),
};
