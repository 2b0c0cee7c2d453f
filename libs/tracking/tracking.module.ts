import { Module } from '@nestjs/common';
import { AppConfig } from '@lib/config';
import { ContactEventDrain } from './contact-event-drain';
import { ContactEventPartitions } from './contact-event-store';
import { ContactEventStream } from './contact-event-stream';
import { LinkTracking } from './link-tracking.service';
import { TrackedLinks } from './tracked-links';
import { TrackingService } from './tracking.service';
import { TrackingTokens } from './tracking-token';

@Module({
  providers: [
    { provide: TrackingTokens, inject: [AppConfig], useFactory: (config: AppConfig) => new TrackingTokens(config.TRACKING_SECRET) },
    ContactEventStream,
    ContactEventPartitions,
    TrackedLinks,
    TrackingService,
    ContactEventDrain,
    LinkTracking,
  ],
  exports: [TrackingTokens, ContactEventStream, ContactEventPartitions, TrackedLinks, TrackingService, ContactEventDrain, LinkTracking],
})
export class TrackingModule {}
