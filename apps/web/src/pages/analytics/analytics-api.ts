import type { CampaignRoi, CampaignRoiBreakdown, RoiBreakdown } from '@lib/analytics/campaign-roi.view';
import type { DrillDownCustomer, DrillDownFilter, DrillDownFormat } from '@lib/analytics/customer-drill-down.view';
import type { Portfolio, PortfolioQuery } from '@lib/analytics/portfolio.view';
import type { Page } from '@lib/common/page';
import type { Serialized } from '@lib/common/serialized';
import { api, ApiError, apiUrl, type Query } from '../../api/client';
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
  /** Saved in the reader's language, which the portfolio's export reads from Accept-Language only. */
  savePortfolio: (query: PortfolioQuery, format: 'csv' | 'xlsx', locale: Locale) => saveFile(apiUrl(`/analytics/portfolio.${format}`, portfolioQuery(query)), locale),
  customers: (id: number, filter: DrillDownFilter, page: number, pageSize: number) =>
    api.get<Page<DrillDownCustomer>>(`/analytics/campaigns/${id}/customers`, { ...filter, page, pageSize }),
  customersExportUrl: (id: number, filter: DrillDownFilter, format: DrillDownFormat, lang: Locale) =>
    apiUrl(`/analytics/campaigns/${id}/customers/export`, { ...filter, format, lang }),
};

/**
 * Fetches a file with the reader's language and saves it under the name the API gives:
 * a plain download link would send the browser's language instead of the UI's.
 */
async function saveFile(url: string, locale: Locale): Promise<void> {
  const response = await fetch(url, { credentials: 'include', headers: { 'accept-language': locale === 'zh' ? 'zh-CN' : 'en' } });
  if (!response.ok) {
    const body = await response.json().catch(() => ({}));
    throw new ApiError(response.status, body.code ?? 'http_error', body.message ?? response.statusText, body.details ?? []);
  }
  const name = /filename="([^"]+)"/.exec(response.headers.get('content-disposition') ?? '')?.[1] ?? 'export';
  const link = document.createElement('a');
  link.href = URL.createObjectURL(await response.blob());
  link.download = name;
  link.click();
  // The click has handed the file to the browser; the address is not needed after this turn.
  setTimeout(() => URL.revokeObjectURL(link.href), 0);
}
