import { Module } from '@nestjs/common';
import { AttributionModule } from '@lib/attribution';
import { ContactRulesModule } from '@lib/contact-rules';
import { DispatchModule } from '@lib/dispatch';
import { MessageTemplatesModule } from '@lib/message-templates';
import { QueueModule } from '@lib/queue';
import { TrackingModule } from '@lib/tracking';
import { CallDesk } from './call-desk.service';
import { CallListExchange } from './call-list-exchange';
import { CallListGenerator } from './call-list-generator';
import { CallListJobs } from './call-list-jobs';

/** The call-centre channel: call lists per branch and day, the agents' desk, the dialler's files. */
@Module({
  imports: [DispatchModule, ContactRulesModule, AttributionModule, MessageTemplatesModule, TrackingModule, QueueModule],
  providers: [CallListGenerator, CallDesk, CallListExchange, CallListJobs],
  exports: [CallListGenerator, CallDesk, CallListExchange, CallListJobs],
})
export class CallCentreModule {}
