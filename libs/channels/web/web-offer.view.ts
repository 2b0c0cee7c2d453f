/** Answers of the web channel (pure: the web UI imports these with `import type`). */

/** One offer for the insurer's site: the same bundle, price and wording as the campaign's other channels. */
export interface WebOffer {
  campaign: { id: number; name: string };
  bundle: { name: string; shortText: string; price: string };
  /** The step's web template rendered for the customer; its links go through the click redirect. */
  html: string;
  /** The redirect to the template's first link, recording a click; null when the template has none. */
  clickUrl: string | null;
  /** POST here (or open it: GET asks first) when the customer takes the offer. */
  acceptUrl: string;
}

export interface WebOffers {
  /** Highest priority first, at most the number asked for. */
  offers: WebOffer[];
}

export const LEAD_STATUSES = ['new', 'contacted', 'closed'] as const;
export type LeadStatus = (typeof LEAD_STATUSES)[number];

/** A customer who accepted a web offer, for the owning branch to follow up. */
export interface Lead {
  id: number;
  status: LeadStatus;
  createdAt: string;
  customer: { id: number; name: string; customerNo: string; mobile: string | null };
  campaign: { id: number; name: string };
  branch: { id: number; name: string };
}

/** A demo customer with an offer on the demo site. */
export interface DemoSiteCustomer {
  customerNo: string;
  name: string;
  /** A fresh customer token, as the insurer's site would make it at sign-in. */
  token: string;
  campaignId: number;
}
