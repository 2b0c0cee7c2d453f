/**
 * The cross-sell bundle answers and request bodies, shared by the server and the web
 * (`@lib/offers/bundle.view`); pure types, no Nest.
 */
import type { RuleNode } from '../segments/rule';

/** How the call centre, field agents, email and web sell the bundle. */
export interface BundleGuidance {
  talkingPoints: string[];
  objections: { objection: string; answer: string }[];
  /** Short text for email and web. */
  shortText: string;
}

export interface BundleView {
  id: number;
  code: string;
  name: string;
  description: string;
  productCodes: string[];
  price: number;
  discountPct: number;
  eligibilityRule: RuleNode;
  /** YYYY-MM-DD */
  validFrom: string;
  /** YYYY-MM-DD */
  validTo: string;
  active: boolean;
  guidance: BundleGuidance;
  ownerOrgUnitId: number;
  updatedAt: Date;
}

/** The body of POST /bundles; PATCH takes any part of it. */
export interface BundleInput {
  code: string;
  name: string;
  description?: string;
  productCodes: string[];
  price: number;
  discountPct?: number;
  eligibilityRule: RuleNode;
  validFrom: string;
  validTo: string;
  active?: boolean;
  guidance?: BundleGuidance;
}
