import { Type } from '@nestjs/common';
import { DispatchProcessor } from './dispatch.processor';
import { EmailChannelProcessor } from './email-channel.processor';
import { EvaluationReportsProcessor } from './evaluation-reports.processor';
import { AttributionProcessor } from './attribution.processor';
import { AnalyticsProcessor } from './analytics.processor';
import { CallCentreProcessor } from './call-centre.processor';
import { FieldTasksProcessor } from './field-tasks.processor';
import { ImportsProcessor } from './imports.processor';
import { JobProcessor } from './job-processor';
import { LaunchCampaignProcessor } from './launch-campaign.processor';
import { NotificationsProcessor } from './notifications.processor';
import { ValueTiersProcessor } from './value-tiers.processor';

/** Every queue processor the worker runs. */
export const PROCESSORS: Type<JobProcessor>[] = [
  ImportsProcessor,
  ValueTiersProcessor,
  NotificationsProcessor,
  LaunchCampaignProcessor,
  DispatchProcessor,
  EmailChannelProcessor,
  AttributionProcessor,
  CallCentreProcessor,
  FieldTasksProcessor,
  AnalyticsProcessor,
  EvaluationReportsProcessor,
];
