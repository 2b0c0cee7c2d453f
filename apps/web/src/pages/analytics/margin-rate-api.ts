import type { MarginRate as MarginRateView, MarginRatesUpdate } from '@lib/analytics/margin-rate.view';
import type { RoleName } from '@lib/auth/role';
import type { Serialized } from '@lib/common/serialized';
import { api } from '../../api/client';

export type MarginRate = Serialized<MarginRateView>;

/** Set the margin rates (MARGIN_RATE_WRITERS of libs/analytics/analytics-roles.ts), from the province branch or the head office. */
export const MARGIN_RATE_WRITERS: RoleName[] = ['admin', 'campaign_manager'];

export const marginRateApi = {
  list: () => api.get<MarginRateView[]>('/analytics/margin-rates'),
  update: (body: MarginRatesUpdate) => api.put<MarginRateView[]>('/analytics/margin-rates', body),
};
