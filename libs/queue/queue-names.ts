/**
 * Every queue and job of the platform, with the payload each job carries. Payloads
 * hold ids and small values only: the worker reloads state from the database.
 */
export enum QueueName {
  Imports = 'imports',
  Segments = 'segments',
  Notifications = 'notifications',
  Launches = 'launches',
  Dispatch = 'dispatch',
  EmailChannel = 'channel-email',
  Attribution = 'attribution',
  CallCentre = 'channel-phone',
  FieldTasks = 'channel-agent-visit',
  Analytics = 'analytics',
  EvaluationReports = 'evaluation-reports',
}

export enum JobName {
  ImportCsv = 'import-csv',
  RecomputeValueTiers = 'recompute-value-tiers',
  DeliverNotificationEmails = 'deliver-notification-emails',
  LaunchCampaign = 'launch-campaign',
  DispatchDueContacts = 'dispatch-due-contacts',
  SendEmailBatch = 'send-email-batch',
  AttributeConversions = 'attribute-conversions',
  GenerateCallLists = 'generate-call-lists',
  GenerateFieldTasks = 'generate-field-tasks',
  RefreshCampaignRollups = 'refresh-campaign-rollups',
  CreateEvaluationReports = 'create-evaluation-reports',
  RemindOverdueReports = 'remind-overdue-reports',
}

export interface JobPayloads {
  [JobName.ImportCsv]: { importId: string };
  [JobName.RecomputeValueTiers]: { requestedBy?: number };
  /** Mails every notification still waiting for its email; the rows say what to send. */
  [JobName.DeliverNotificationEmails]: Record<string, never>;
  /** Launches the campaign's approved revision; the job id names the revision, so each is launched once. */
  [JobName.LaunchCampaign]: { campaignId: number; revisionId: number; requestedBy: number | null };
  /** Hands the due contacts of running campaigns to their channels; repeated every DISPATCH_INTERVAL_MS. */
  [JobName.DispatchDueContacts]: Record<string, never>;
  /** Sends one dispatch batch; the batch's rows say which contacts are left to send. */
  [JobName.SendEmailBatch]: { batchId: number };
  /** Attributes the policies a finished import wrote, or (the daily sweep) those changed in the last hours. */
  [JobName.AttributeConversions]: { importId: string } | { changedSinceHours: number };
  /** Tops the day's call lists up from the due contacts of phone steps; repeated every DISPATCH_INTERVAL_MS. */
  [JobName.GenerateCallLists]: Record<string, never>;
  /** Tops the day's visit tasks up from the due contacts of agent_visit steps; repeated every DISPATCH_INTERVAL_MS. */
  [JobName.GenerateFieldTasks]: Record<string, never>;
  /** Computes the rollups of every campaign changed since the last refresh; repeated every ROLLUP_REFRESH_INTERVAL_MS. */
  [JobName.RefreshCampaignRollups]: Record<string, never>;
  /** Creates the reports of completed campaigns that have none and of checkpoints reached; repeated hourly. */
  [JobName.CreateEvaluationReports]: Record<string, never>;
  /** Mails the executors of overdue reports, once per report and day; repeated daily. */
  [JobName.RemindOverdueReports]: Record<string, never>;
}

/** Which queue each job goes to. */
export const JOB_QUEUE: Record<JobName, QueueName> = {
  [JobName.ImportCsv]: QueueName.Imports,
  [JobName.RecomputeValueTiers]: QueueName.Segments,
  [JobName.DeliverNotificationEmails]: QueueName.Notifications,
  [JobName.LaunchCampaign]: QueueName.Launches,
  [JobName.DispatchDueContacts]: QueueName.Dispatch,
  [JobName.SendEmailBatch]: QueueName.EmailChannel,
  [JobName.AttributeConversions]: QueueName.Attribution,
  [JobName.GenerateCallLists]: QueueName.CallCentre,
  [JobName.GenerateFieldTasks]: QueueName.FieldTasks,
  [JobName.RefreshCampaignRollups]: QueueName.Analytics,
  [JobName.CreateEvaluationReports]: QueueName.EvaluationReports,
  [JobName.RemindOverdueReports]: QueueName.EvaluationReports,
};
