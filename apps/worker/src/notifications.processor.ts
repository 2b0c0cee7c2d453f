import { Processor } from '@nestjs/bullmq';
import { NotificationService } from '@lib/notifications';
import { JobName, QueueName } from '@lib/queue';
import { JobHandlers, JobProcessor } from './job-processor';

/** Mails staff notifications when nudged and every few minutes, so a restart or a failed send only delays mail. */
@Processor(QueueName.Notifications)
export class NotificationsProcessor extends JobProcessor {
  protected readonly handlers: JobHandlers = {
    [JobName.DeliverNotificationEmails]: () => this.notifications.deliverEmails(),
  };

  constructor(private readonly notifications: NotificationService) {
    super();
  }

  async onApplicationBootstrap(): Promise<void> {
    await super.onApplicationBootstrap();
    await this.keepScheduled(() => this.notifications.scheduleDelivery());
  }
}
