import type { CampaignRoi, CampaignRoiBreakdown, RoiBreakdown } from '@lib/analytics/campaign-roi.view';
import type { DrillDownCustomer, DrillDownFilter, DrillDownFormat } from '@lib/analytics/customer-drill-down.view';
import type { Portfolio, PortfolioQuery } from '@lib/analytics/portfolio.view';
import type { Page } from '@lib/common/page';
import type { Serialized } from '@lib/common/serialized';
import { api, apiUrl, type Query } from '../../api/client';
import type { Locale } from '../../i18n/text';

export type Roi = Serialized<CampaignRoi>;
export type RoiRow = Serialized<CampaignRoiBreakdown>['rows'][number];
export type PortfolioView = Serialized<Portfolio>;
export type PortfolioRow = PortfolioView['campaigns'][number];
export type DrillDownLine = Serialized<DrillDownCustomer>;
export type { DrillDownFilter, RoiBreakdown, PortfolioQuery };

/** A portfolio query as the API reads it: statuses comma-separated. */
const portfolioQuery = ({ status, ...rest }: PortfolioQuery): Query => ({ ...rest, status: status?.join(',') });

export const analyticsApi = {
  campaign: (id: number) => api.get<CampaignRoi>(`/analytics/campaigns/${id}`),
  breakdown: (id: number, by: RoiBreakdown) => api.get<CampaignRoiBreakdown>(`/analytics/campaigns/${id}`, { by }),
  portfolio: (query: PortfolioQuery) => api.get<Portfolio>('/analytics/portfolio', portfolioQuery(query)),
  /** A download link: the browser fetches it with the session cookie. */
  portfolioExportUrl: (query: PortfolioQuery, format: 'csv' | 'xlsx') => apiUrl(`/analytics/portfolio.${format}`, portfolioQuery(query)),
  customers: (id: number, filter: DrillDownFilter, page: number, pageSize: number) =>
    api.get<Page<DrillDownCustomer>>(`/analytics/campaigns/${id}/customers`, { ...filter, page, pageSize }),
  customersExportUrl: (id: number, filter: DrillDownFilter, format: DrillDownFormat, lang: Locale) =>
    apiUrl(`/analytics/campaigns/${id}/customers/export`, { ...filter, format, lang }),
};
