import type { Serialized } from '@lib/common/serialized';
import type { BundleGuidance, BundleInput, BundleView } from '@lib/offers/bundle.view';
import { api } from '../../api/client';
import type { AudiencePreviewResult } from '../../components/rule-builder/use-live-preview';

export type { BundleInput } from '@lib/offers/bundle.view';
export type Guidance = BundleGuidance;
/** A bundle as the pages hold it: the server's BundleView as JSON delivers it. */
export type Bundle = Serialized<BundleView>;

export const bundleApi = {
  list: (active?: boolean) => api.get<BundleView[]>('/bundles', active === undefined ? {} : { active }),
  get: (id: number) => api.get<BundleView>(`/bundles/${id}`),
  create: (body: BundleInput) => api.post<BundleView>('/bundles', body),
  update: (id: number, body: Partial<BundleInput>) => api.patch<BundleView>(`/bundles/${id}`, body),
  eligible: (id: number) => api.get<AudiencePreviewResult>(`/bundles/${id}/eligible`),
};

/** The price after the discount, the premium a customer pays for the bundle. */
export const bundlePremium = (bundle: Pick<Bundle, 'price' | 'discountPct'>): number =>
  Number(bundle.price) * (1 - Number(bundle.discountPct) / 100);
