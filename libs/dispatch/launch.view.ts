import type { StepChannel } from '@lib/campaigns/campaign-commitment';
import type { ExclusionReason } from '@lib/contact-rules/exclusion-reason';

/**
 * Why a customer of the frozen audience gets no contact on a step: a contact rule of
 * ContactEligibility, or living outside the branches the step covers.
 */
export type LeftOutReason = ExclusionReason | 'outside_step_branches';

/** The answer of POST /api/campaigns/:id/launch: the launch is queued for the worker. */
export interface LaunchQueued {
  campaignId: number;
  revisionId: number;
  jobId: string;
}

export interface LaunchStepFigures {
  stepId: number;
  position: number;
  channel: StepChannel;
  leftOut: { reason: LeftOutReason; count: number }[];
  /** Contacts created for the step, in all and per owning branch. */
  contacts: number;
  byBranch: { orgUnitId: number; contacts: number }[];
}

/** GET /api/campaigns/:id/launch: what the launch froze, left out, held out and created. */
export interface LaunchFigures {
  campaignId: number;
  revisionId: number;
  frozenAt: Date;
  seed: number;
  controlSharePct: number;
  audience: number;
  /** Held out: never contacted, tracked for conversions. */
  control: number;
  steps: LaunchStepFigures[];
}
