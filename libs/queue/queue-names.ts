/**
 * Every queue and job of the platform, with the payload each job carries. Payloads
 * hold ids and small values only: the worker reloads state from the database.
 */
export enum QueueName {
  Imports = 'imports',
  Segments = 'segments',
  Notifications = 'notifications',
}

export enum JobName {
  ImportCsv = 'import-csv',
  RecomputeValueTiers = 'recompute-value-tiers',
  DeliverNotificationEmails = 'deliver-notification-emails',
}

export interface JobPayloads {
  [JobName.ImportCsv]: { importId: string };
  [JobName.RecomputeValueTiers]: { requestedBy?: number };
  /** Mails every notification still waiting for its email; the rows say what to send. */
  [JobName.DeliverNotificationEmails]: Record<string, never>;
}

/** Which queue each job goes to. */
export const JOB_QUEUE: Record<JobName, QueueName> = {
  [JobName.ImportCsv]: QueueName.Imports,
  [JobName.RecomputeValueTiers]: QueueName.Segments,
  [JobName.DeliverNotificationEmails]: QueueName.Notifications,
};
