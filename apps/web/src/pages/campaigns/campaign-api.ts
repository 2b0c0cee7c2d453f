import type { BudgetAllocationView } from '@lib/budgets/budget.view';
import type { StepChannel } from '@lib/campaigns/campaign-commitment';
import type { CampaignMove } from '@lib/campaigns/campaign-life-cycle';
import type { CampaignObjective, CampaignStatus } from '@lib/campaigns/campaign-status';
import type {
  AuditEntryView, AwaitingApproval, CampaignCalendar, CampaignOverlap, CampaignDetail, CampaignSummary, FieldComment, PlanView, RevisionComparison, RevisionView,
} from '@lib/campaigns/campaign.view';
import type { Page } from '@lib/common/page';
import type { Serialized } from '@lib/common/serialized';
import type { LaunchQueued } from '@lib/dispatch/launch.view';
import type { ForecastInput, ForecastResult } from '@lib/forecast/forecast.view';
import { api, request } from '../../api/client';

export type { CampaignMove } from '@lib/campaigns/campaign-life-cycle';
export type { CampaignObjective, CampaignStatus } from '@lib/campaigns/campaign-status';
export type { StepChannel } from '@lib/campaigns/campaign-commitment';
export type { ForecastInput } from '@lib/forecast/forecast.view';

export type Campaign = Serialized<CampaignDetail>;
export type CampaignRow = Serialized<CampaignSummary>;
export type Revision = Serialized<RevisionView>;
export type Calendar = Serialized<CampaignCalendar>;
export type AuditEntry = Serialized<AuditEntryView>;
export type Comparison = Serialized<RevisionComparison>;
export type Forecast = Serialized<ForecastResult>;
export type Allocation = Serialized<BudgetAllocationView>;
export type AwaitingRow = Serialized<AwaitingApproval>;
export type Overlap = Serialized<CampaignOverlap>;

/** What the editor sends: the plan's fields, steps without their server-side position. */
export type PlanInput = Partial<Omit<PlanView, 'steps'>> & {
  steps?: (Partial<Omit<PlanView['steps'][number], 'position'>> & { channel: StepChannel })[];
};

export interface CampaignListFilter {
  objective?: CampaignObjective;
  status?: CampaignStatus;
  /** A part of the name or the code. */
  q?: string;
  branchId?: number;
  ownerId?: number;
  page: number;
  pageSize: number;
}

export const campaignApi = {
  list: (filter: CampaignListFilter) => api.get<Page<CampaignSummary>>('/campaigns', { ...filter }),
  calendar: (month: string, filter: Omit<CampaignListFilter, 'page' | 'pageSize'>) => api.get<CampaignCalendar>('/campaigns/calendar', { month, ...filter }),
  awaitingMyApproval: () => api.get<AwaitingApproval[]>('/campaigns/awaiting-my-approval'),
  get: (id: number) => api.get<CampaignDetail>(`/campaigns/${id}`),
  revision: (id: number, number: number) => api.get<RevisionView>(`/campaigns/${id}/revisions/${number}`),
  remove: (id: number) => api.delete(`/campaigns/${id}`),
  create: (body: PlanInput & { name: string; objective: CampaignObjective }) => api.post<CampaignDetail>('/campaigns', body),
  update: (id: number, body: PlanInput) => api.patch<CampaignDetail>(`/campaigns/${id}`, body),
  copy: (id: number) => api.post<CampaignDetail>(`/campaigns/${id}/copy`),
  createRevision: (id: number) => api.post<CampaignDetail>(`/campaigns/${id}/revisions`),
  compare: (id: number, number: number) => api.get<RevisionComparison>(`/campaigns/${id}/revisions/${number}/comparison`),
  move: (id: number, move: CampaignMove, body: { comment?: string; fieldComments?: FieldComment[] } = {}) =>
    api.post<CampaignDetail>(`/campaigns/${id}/moves/${move}`, body),
  overlap: (id: number) => api.get<CampaignOverlap>(`/campaigns/${id}/overlap`),
  /** Queues the launch of a scheduled campaign; the worker freezes the audience and sets it running. */
  launch: (id: number) => api.post<LaunchQueued>(`/campaigns/${id}/launch`),
  audit: (id: number) => api.get<AuditEntryView[]>(`/campaigns/${id}/audit`),
  /** The signal lets a newer plan drop the forecast of the older one, so the server stops counting it. */
  forecast: (body: ForecastInput, signal: AbortSignal) => request<Forecast>('POST', '/campaign-forecasts', { body, signal }),
  allocations: (id: number, revisionId: number) => api.get<BudgetAllocationView>(`/campaign-budgets/${id}/revisions/${revisionId}/allocations`),
  setAllocations: (id: number, revisionId: number, body: { branches: { branchId: number; amount: string }[]; channels: { channel: StepChannel; amount: string }[] }) =>
    api.put<BudgetAllocationView>(`/campaign-budgets/${id}/revisions/${revisionId}/allocations`, body),
};
