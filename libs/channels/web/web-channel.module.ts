import { Module } from '@nestjs/common';
import { CampaignsModule } from '@lib/campaigns';
import { AppConfig } from '@lib/config';
import { ContactRulesModule } from '@lib/contact-rules';
import { MessageTemplatesModule } from '@lib/message-templates';
import { TrackingModule } from '@lib/tracking';
import { DemoSiteService } from './demo-site.service';
import { LeadService } from './leads.service';
import { WebOfferTokens } from './web-offer-token';
import { WebOfferService } from './web-offers.service';

/**
 * The web channel: offers for the insurer's site, their impressions, clicks and
 * accepts through the tracking stream, and the leads of accepts. Imported by the API,
 * which answers the site, and by the worker, whose launches must drop the offers
 * every API process keeps in memory.
 */
@Module({
  imports: [CampaignsModule, ContactRulesModule, MessageTemplatesModule, TrackingModule],
  providers: [
    { provide: WebOfferTokens, inject: [AppConfig], useFactory: (config: AppConfig) => new WebOfferTokens(config.WEB_OFFER_SECRET) },
    WebOfferService,
    LeadService,
    DemoSiteService,
  ],
  exports: [WebOfferTokens, WebOfferService, LeadService, DemoSiteService],
})
export class WebChannelModule {}
