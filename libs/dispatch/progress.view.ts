import type { StepChannel } from '@lib/campaigns/campaign-commitment';
import type { ContactStatus } from '@lib/contact-rules/contact-status';
import type { LeftOutReason } from './launch.view';

/** Contacts per status; statuses without contacts are absent. */
export type StatusCounts = Partial<Record<ContactStatus, number>>;

export interface BranchProgress {
  orgUnitId: number;
  orgUnitName: string;
  orgUnitNameEn: string | null;
  counts: StatusCounts;
}

/** Where a step's sending stands: waiting for its time, sending, stopped by its budget, or done. */
export type StepDispatchState = 'waiting' | 'sending' | 'budget_exhausted' | 'done';

export interface StepProgress {
  stepId: number;
  position: number;
  channel: StepChannel;
  state: StepDispatchState;
  counts: StatusCounts;
  /** Why contacts were skipped at send time (the contact rules said no at that moment). */
  skipped: { reason: string; count: number }[];
  /** Left out at launch, per reason. */
  leftOut: { reason: LeftOutReason; count: number }[];
  /** Contacts that opened, opened not through a privacy proxy, clicked, unsubscribed: each contact once. */
  engaged: { opened: number; openedDirectly: number; clicked: number; unsubscribed: number };
  byBranch: BranchProgress[];
}

/** GET /api/campaigns/:id/progress: live figures of a launched campaign, within the reader's scope. */
export interface CampaignProgress {
  campaignId: number;
  campaignStatus: string;
  launchedAt: Date;
  audience: number;
  control: number;
  steps: StepProgress[];
}

/** One contact in the dead-letter list: it failed SEND_ATTEMPTS times and waits for a channel manager. */
export interface DeadLetter {
  contactId: number;
  campaignId: number;
  campaignCode: string;
  stepId: number;
  channel: StepChannel;
  customerId: number;
  customerName: string;
  orgUnitId: number;
  orgUnitName: string;
  attempts: number;
  lastError: string | null;
  lastTriedAt: Date;
}

export interface DeadLettersRetried {
  retried: number;
}
