import { Module } from '@nestjs/common';
import { MailModule } from '@lib/mail';
import { QueueModule } from '@lib/queue';
import { NotificationService } from './notification.service';

/** Staff notifications: the inbox and its mail. */
@Module({
  imports: [MailModule, QueueModule],
  providers: [NotificationService],
  exports: [NotificationService],
})
export class NotificationsModule {}
