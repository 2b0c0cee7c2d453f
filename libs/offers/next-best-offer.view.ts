/**
 * The next-best-offer answer, shared by the server (which must return it) and the web
 * (which imports it as `@lib/offers/next-best-offer.view`); pure types, no Nest.
 */

/** A text in both languages; the reader's language picks one. */
export interface Bilingual {
  zh: string;
  en: string;
}

export interface NextBestOfferView {
  bundleId: number;
  code: string;
  name: string;
  price: number;
  discountPct: number;
  /** price × (1 − discountPct / 100): what the customer pays. */
  bundlePremium: number;
  /** Share of customers of the same value tier expected to accept (0–1). */
  acceptanceRate: number;
  /** bundlePremium × acceptanceRate: the ranking key. */
  expectedValue: number;
  /** The conditions that made the customer eligible, then the tier and rate used. */
  reason: Bilingual;
  shortText: string;
  talkingPoints: string[];
}
