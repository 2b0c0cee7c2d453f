import { api } from '../../api/client';
import type { RuleGroup } from '../../components/rule-builder/rule';
import type { AudiencePreviewResult } from '../../components/rule-builder/use-live-preview';

export interface Guidance {
  talkingPoints: string[];
  objections: { objection: string; answer: string }[];
  shortText: string;
}

export interface Bundle {
  id: number;
  code: string;
  name: string;
  description: string | null;
  productCodes: string[];
  price: number | string;
  discountPct: number | string;
  eligibilityRule: RuleGroup;
  validFrom: string;
  validTo: string;
  active: boolean;
  guidance: Guidance;
  ownerOrgUnitId: number;
  updatedAt: string;
}

export type BundleInput = Omit<Bundle, 'id' | 'ownerOrgUnitId' | 'updatedAt'>;

export const bundleApi = {
  list: (active?: boolean) => api.get<Bundle[]>('/bundles', active === undefined ? {} : { active }),
  get: (id: number) => api.get<Bundle>(`/bundles/${id}`),
  create: (body: BundleInput) => api.post<Bundle>('/bundles', body),
  update: (id: number, body: Partial<BundleInput>) => api.patch<Bundle>(`/bundles/${id}`, body),
  eligible: (id: number) => api.get<AudiencePreviewResult>(`/bundles/${id}/eligible`),
};

/** The price after the discount, the premium a customer pays for the bundle. */
export const bundlePremium = (bundle: Pick<Bundle, 'price' | 'discountPct'>): number =>
  Number(bundle.price) * (1 - Number(bundle.discountPct) / 100);
