import type {
  BudgetPoolDetailView, BudgetPoolView, BudgetRaiseRequestView, CampaignBudgetView, SpendCategory, SpendLineView,
} from '@lib/budgets/budget.view';
import type { StepChannel } from '@lib/campaigns/campaign-commitment';
import type { CampaignSummary } from '@lib/campaigns/campaign.view';
import type { Page } from '@lib/common/page';
import type { Serialized } from '@lib/common/serialized';
import type { RoleName } from '@lib/auth/role';
import { api, request } from '../../api/client';

export type { BudgetFigures } from '@lib/budgets/budget.view';
export type Pool = Serialized<BudgetPoolView>;
export type PoolDetail = Serialized<BudgetPoolDetailView>;
export type CampaignBudget = Serialized<CampaignBudgetView>;
export type SpendLine = Serialized<SpendLineView>;
export type RaiseRequest = Serialized<BudgetRaiseRequestView>;

/** Open, fund and allocate pools; decide raises (BUDGET_APPROVERS of libs/budgets/budget-roles.ts). */
export const BUDGET_APPROVERS: RoleName[] = ['reviewer', 'admin'];
/** Ask for a raise (BUDGET_PLANNERS). */
export const BUDGET_PLANNERS: RoleName[] = ['campaign_manager'];
/** Enter, reverse and attach receipts to manual spend lines of their branch (SPEND_RECORDERS). */
export const SPEND_RECORDERS: RoleName[] = ['branch_executor'];

export interface ManualSpendInput {
  branchId: number;
  category: SpendCategory;
  amount: string;
  spentOn: string;
  reference?: string;
  channel?: StepChannel;
  note?: string;
}

/** The largest page the campaign list gives; enough to name every campaign a budget page shows. */
const CAMPAIGN_NAMES_PAGE = 200;

export const budgetApi = {
  pools: (fiscalYear: number) => api.get<BudgetPoolView[]>('/budget-pools', { fiscalYear }),
  pool: (id: number) => api.get<BudgetPoolDetailView>(`/budget-pools/${id}`),
  createPool: (body: { fiscalYear: number; orgUnitId: number; amount: string; note?: string }) => api.post<BudgetPoolView>('/budget-pools', body),
  fund: (id: number, body: { amount: string; note?: string }) => api.post<BudgetPoolView>(`/budget-pools/${id}/funding`, body),
  allocate: (id: number, body: { amount: string; note?: string }) => api.post<BudgetPoolView>(`/budget-pools/${id}/allocations`, body),
  campaignBudgets: (query: { fiscalYear?: number; branchId?: number; page: number; pageSize: number }) =>
    api.get<Page<CampaignBudgetView>>('/campaign-budgets', query),
  campaignBudget: (id: number) => api.get<CampaignBudgetView>(`/campaign-budgets/${id}`),
  spendLines: (id: number) => api.get<SpendLineView[]>(`/campaign-budgets/${id}/spend`),
  addSpend: (id: number, body: ManualSpendInput) => api.post<SpendLineView>(`/campaign-budgets/${id}/spend`, body),
  reverseSpend: (id: number, lineId: number) => api.post<SpendLineView>(`/campaign-budgets/${id}/spend/${lineId}/reversal`),
  attach: (id: number, lineId: number, file: File) => {
    const form = new FormData();
    form.append('file', file);
    return request<SpendLine>('PUT', `/campaign-budgets/${id}/spend/${lineId}/attachment`, { form });
  },
  attachmentUrl: (id: number, lineId: number) => `/api/campaign-budgets/${id}/spend/${lineId}/attachment`,
  raiseRequests: (id: number) => api.get<BudgetRaiseRequestView[]>(`/campaign-budgets/${id}/raise-requests`),
  requestRaise: (id: number, body: { amount: string; reason: string }) => api.post<BudgetRaiseRequestView>(`/campaign-budgets/${id}/raise-requests`, body),
  pendingRaises: () => api.get<BudgetRaiseRequestView[]>('/budget-raise-requests'),
  decideRaise: (requestId: number, approve: boolean, comment?: string) =>
    api.post<BudgetRaiseRequestView>(`/budget-raise-requests/${requestId}/${approve ? 'approval' : 'rejection'}`, { comment }),
  /** Budget answers carry campaign ids only; the campaign list names them. */
  campaignNames: async (): Promise<Map<number, Serialized<CampaignSummary>>> => {
    const page = await api.get<Page<CampaignSummary>>('/campaigns', { page: 1, pageSize: CAMPAIGN_NAMES_PAGE });
    return new Map(page.items.map((c) => [c.id, c]));
  },
};
