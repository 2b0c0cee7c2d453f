import { Module } from '@nestjs/common';
import { AttributionModule } from '@lib/attribution';
import { ContactRulesModule } from '@lib/contact-rules';
import { DispatchModule } from '@lib/dispatch';
import { MessageTemplatesModule } from '@lib/message-templates';
import { QueueModule } from '@lib/queue';
import { TrackingModule } from '@lib/tracking';
import { FieldTaskBoard } from './field-task-board.service';
import { FieldTaskGenerator } from './field-task-generator';
import { FieldTaskJobs } from './field-task-jobs';

/** The field-agent channel: visit tasks per county branch and day, the branch's task board. */
@Module({
  imports: [DispatchModule, ContactRulesModule, AttributionModule, MessageTemplatesModule, TrackingModule, QueueModule],
  providers: [FieldTaskGenerator, FieldTaskBoard, FieldTaskJobs],
  exports: [FieldTaskGenerator, FieldTaskBoard, FieldTaskJobs],
})
export class FieldTasksModule {}
