import { createHmac, timingSafeEqual } from 'node:crypto';

/** Longest validity the site may give a customer token: a session's page views, not a standing credential. */
export const MAX_TOKEN_LIFETIME_S = 24 * 3600;

/** Customer numbers as the customers table keeps them (varchar(32)), without the separator. */
const CUSTOMER_NO = /^[A-Za-z0-9_-]{1,32}$/;

export type CustomerTokenCheck = { customerNo: string; problem?: undefined } | { customerNo?: undefined; problem: 'invalid' | 'expired' };

/**
 * The tokens between the insurer's site and the web-offer endpoint, HMAC-SHA256 under
 * WEB_OFFER_SECRET (docs/web-offers.md):
 * - a customer token, made by the site for its signed-in customer:
 *   `<customer_no>.<expires, unix seconds>.<base64url HMAC of "<customer_no>.<expires>">`,
 *   plain text so that any language makes one in a few lines;
 * - an accept token, made here for each offer shown: `a<contact id>.<base64url HMAC>`.
 * The prefix keeps the two apart: one cannot stand for the other.
 */
export class WebOfferTokens {
  constructor(private readonly secret: string) {}

  customerToken(customerNo: string, expiresAt: Date): string {
    const body = `${customerNo}.${Math.floor(expiresAt.getTime() / 1000)}`;
    return `${body}.${this.mac(body)}`;
  }

  verifyCustomer(token: string, now: Date = new Date()): CustomerTokenCheck {
    const parts = token.split('.');
    if (parts.length !== 3) return { problem: 'invalid' };
    const [customerNo, expires, mac] = parts;
    if (!CUSTOMER_NO.test(customerNo) || !/^\d{1,12}$/.test(expires) || !this.macMatches(`${customerNo}.${expires}`, mac)) return { problem: 'invalid' };
    const left = Number(expires) - now.getTime() / 1000;
    if (left <= 0) return { problem: 'expired' };
    // A token valid for longer than a day was not made as documented; refused rather than trusted for months.
    if (left > MAX_TOKEN_LIFETIME_S + 300) return { problem: 'invalid' };
    return { customerNo };
  }

  acceptToken(contactId: number): string {
    const body = `a${contactId}`;
    return `${body}.${this.mac(body)}`;
  }

  /** The contact of an accept token of ours, or undefined. */
  verifyAccept(token: string): number | undefined {
    const match = /^a(\d{1,15})\.([A-Za-z0-9_-]{43})$/.exec(token);
    if (!match || !this.macMatches(`a${match[1]}`, match[2])) return undefined;
    const contactId = Number(match[1]);
    return Number.isSafeInteger(contactId) ? contactId : undefined;
  }

  private mac(body: string): string {
    return createHmac('sha256', this.secret).update(body).digest('base64url');
  }

  private macMatches(body: string, mac: string): boolean {
    const expected = Buffer.from(this.mac(body));
    const given = Buffer.from(mac);
    return given.length === expected.length && timingSafeEqual(given, expected);
  }
}
