import { Module } from '@nestjs/common';
import { ContactRulesModule } from '@lib/contact-rules';
import { DispatchModule } from '@lib/dispatch';
import { MailModule } from '@lib/mail';
import { MessageTemplatesModule } from '@lib/message-templates';
import { TrackingModule } from '@lib/tracking';
import { ChannelOverviewService } from './channel-overview.service';
import { EmailBatchSender } from './email/email-batch-sender';

/**
 * The channels that reach customers: each sends the batches the dispatcher hands it and
 * reports through the one tracking model; the channel manager's overview of them all.
 */
@Module({
  imports: [DispatchModule, MailModule, MessageTemplatesModule, TrackingModule, ContactRulesModule],
  providers: [EmailBatchSender, ChannelOverviewService],
  exports: [EmailBatchSender, ChannelOverviewService],
})
export class ChannelsModule {}
