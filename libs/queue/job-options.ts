import { JobsOptions } from 'bullmq';
import { JobName } from './queue-names';

const KEEP_FINISHED = { removeOnComplete: { age: 24 * 3600, count: 1000 }, removeOnFail: { age: 7 * 24 * 3600 } };

/** A contact that fails this many sends (SMTP 4xx, connection lost) ends in the dead-letter list. */
export const SEND_ATTEMPTS = 5;

/** Retries, backoff and retention per job. */
export const JOB_OPTIONS: Record<JobName, JobsOptions> = {
  // An import is all-or-nothing per run and safe to repeat, so one retry after a crash is enough.
  [JobName.ImportCsv]: { attempts: 2, backoff: { type: 'fixed', delay: 5000 }, ...KEEP_FINISHED },
  [JobName.RecomputeValueTiers]: { attempts: 3, backoff: { type: 'exponential', delay: 10000 }, ...KEEP_FINISHED },
  // Removed once done, so that the next nudge with the same job id queues a new run.
  [JobName.DeliverNotificationEmails]: { attempts: 5, backoff: { type: 'exponential', delay: 5000 }, removeOnComplete: true, removeOnFail: { age: 7 * 24 * 3600 } },
  // A launch is one transaction that a repeat finds done, so retrying after a crash or a lost connection is safe.
  [JobName.LaunchCampaign]: { attempts: 3, backoff: { type: 'exponential', delay: 30000 }, ...KEEP_FINISHED },
  // The next round does what a failed one left.
  [JobName.DispatchDueContacts]: { attempts: 1, removeOnComplete: true, removeOnFail: { count: 100 } },
  // A batch's contacts move forward only, so a retry sends what is left; SMTP 4xx answers are retried with backoff.
  [JobName.SendEmailBatch]: { attempts: SEND_ATTEMPTS + 1, backoff: { type: 'exponential', delay: 5000 }, ...KEEP_FINISHED },
  // A run writes only what differs from the stored conversions, so a retry after a lost connection or a deadlock is harmless.
  [JobName.AttributeConversions]: { attempts: 3, backoff: { type: 'exponential', delay: 10000 }, ...KEEP_FINISHED },
  // The next round tops up what a failed one left.
  [JobName.GenerateCallLists]: { attempts: 1, removeOnComplete: true, removeOnFail: { count: 100 } },
  [JobName.GenerateFieldTasks]: { attempts: 1, removeOnComplete: true, removeOnFail: { count: 100 } },
  // A refresh is one transaction; the next round computes what a failed one left.
  [JobName.RefreshCampaignRollups]: { attempts: 1, removeOnComplete: true, removeOnFail: { count: 100 } },
  // Reports are unique per campaign, branch and occasion, so the next round makes what a failed one left.
  [JobName.CreateEvaluationReports]: { attempts: 1, removeOnComplete: true, removeOnFail: { count: 100 } },
  // A report's reminder of the day is written with its mails, so a retry mails only the reports not yet reminded.
  [JobName.RemindOverdueReports]: { attempts: 3, backoff: { type: 'exponential', delay: 60000 }, ...KEEP_FINISHED },
};
