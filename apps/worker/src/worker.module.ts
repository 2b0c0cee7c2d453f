import { Module } from '@nestjs/common';
import { PlatformModule } from '@lib/platform';
import { CallCentreModule, ChannelsModule, FieldTasksModule, WebChannelModule } from '@lib/channels';
import { AttributionModule } from '@lib/attribution';
import { AnalyticsModule } from '@lib/analytics';
import { DispatchModule } from '@lib/dispatch';
import { EvaluationReportsModule } from '@lib/evaluation/reports';
import { ImportsModule } from '@lib/imports';
import { NotificationsModule } from '@lib/notifications';
import { TrackingModule } from '@lib/tracking';
import { ValueTiersModule } from '@lib/value-tiers';
import { ContactEventsConsumer } from './contact-events.consumer';
import { PROCESSORS } from './processors';

/** The worker process: BullMQ processors over the same domain modules as the API. */
@Module({
  imports: [
    PlatformModule,
    ImportsModule,
    ValueTiersModule,
    NotificationsModule,
    DispatchModule,
    ChannelsModule,
    WebChannelModule,
    TrackingModule,
    AttributionModule,
    CallCentreModule,
    FieldTasksModule,
    AnalyticsModule,
    EvaluationReportsModule,
  ],
  providers: [...PROCESSORS, ContactEventsConsumer],
})
export class WorkerModule {}
