import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { WebOfferTokens } from './web-offer-token';
import type { DemoSiteCustomer } from './web-offer.view';
import { WebOfferService } from './web-offers.service';

/** Customers the demo site offers to sign in as. */
const DEMO_CUSTOMERS = 5;
/** How long the demo's customer tokens last. */
const DEMO_TOKEN_MS = 3_600_000;

/**
 * The demo of the insurer's website (GET /demo/site): a few customers who have a web
 * offer now, each with the token the site would make for them at sign-in. It mints
 * tokens for any customer, so the API serves it outside production only.
 */
@Injectable()
export class DemoSiteService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly offers: WebOfferService,
    private readonly tokens: WebOfferTokens,
  ) {}

  async customers(): Promise<DemoSiteCustomer[]> {
    // A few more candidates than shown: the contact rules may hold some back at this moment.
    const candidates: { customer_no: string; name: string; campaign_id: number }[] = await this.dataSource.query(
      `SELECT DISTINCT ON (cu.id) cu.customer_no, cu.name, k.campaign_id
         FROM contacts k
         JOIN campaigns c ON c.id = k.campaign_id AND c.status = 'running'
         JOIN customers cu ON cu.id = k.customer_id AND NOT cu.do_not_contact
        WHERE k.channel = 'web' AND k.status IN ('planned', 'sent') AND k.contacted_at <= now() AND k.responded_at IS NULL
        ORDER BY cu.id
        LIMIT $1`,
      [DEMO_CUSTOMERS * 4],
    );
    const shown: DemoSiteCustomer[] = [];
    for (const candidate of candidates) {
      if (shown.length === DEMO_CUSTOMERS) break;
      if ((await this.offers.offerCount(candidate.customer_no)) === 0) continue;
      shown.push({
        customerNo: candidate.customer_no,
        name: candidate.name,
        token: this.tokens.customerToken(candidate.customer_no, new Date(Date.now() + DEMO_TOKEN_MS)),
        campaignId: candidate.campaign_id,
      });
    }
    return shown;
  }
}
