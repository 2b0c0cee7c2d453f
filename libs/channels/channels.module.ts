import { Module } from '@nestjs/common';
import { DispatchModule } from '@lib/dispatch';
import { MailModule } from '@lib/mail';
import { MessageTemplatesModule } from '@lib/message-templates';
import { TrackingModule } from '@lib/tracking';
import { EmailBatchSender } from './email/email-batch-sender';

/** The channels that reach customers: each sends the batches the dispatcher hands it and reports through the one tracking model. */
@Module({
  imports: [DispatchModule, MailModule, MessageTemplatesModule, TrackingModule],
  providers: [EmailBatchSender],
  exports: [EmailBatchSender],
})
export class ChannelsModule {}
