import { Module } from '@nestjs/common';
import { BudgetsModule } from '@lib/budgets';
import { CampaignsModule } from '@lib/campaigns';
import { AppConfig } from '@lib/config';
import { ContactRulesModule } from '@lib/contact-rules';
import { MessageTemplatesModule } from '@lib/message-templates';
import { TrackingModule } from '@lib/tracking';
import { DemoSiteService } from './demo-site.service';
import { LeadService } from './leads.service';
import { WebContactSpend } from './web-contact-spend';
import { WebOfferTokens } from './web-offer-token';
import { WebOfferService } from './web-offers.service';
import { WebOffersVersion } from './web-offers-version';

/**
 * The web channel: offers for the insurer's site, their impressions, clicks and
 * accepts through the tracking stream, the leads of accepts, and the spend of the
 * contacts impressions make (paid when the worker stores them). Imported by the API,
 * which answers the site, and by the worker, whose launches must drop the offers
 * every API process keeps in memory.
 */
@Module({
  imports: [CampaignsModule, ContactRulesModule, MessageTemplatesModule, TrackingModule, BudgetsModule],
  providers: [
    { provide: WebOfferTokens, inject: [AppConfig], useFactory: (config: AppConfig) => new WebOfferTokens(config.WEB_OFFER_SECRET) },
    WebOffersVersion,
    WebOfferService,
    LeadService,
    DemoSiteService,
    WebContactSpend,
  ],
  exports: [WebOfferTokens, WebOfferService, LeadService, DemoSiteService, WebContactSpend],
})
export class WebChannelModule {}
