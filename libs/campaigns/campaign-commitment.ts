import type { EntityManager } from 'typeorm';
import type { OrgScope } from '@lib/auth/org-scope';
import type { FieldProblem } from '@lib/common/domain-error';
import type { Fen } from '@lib/common/money';
import type { ContactChannel } from '@lib/contact-rules/contact-channel';
import type { PlanView } from './campaign.view';

/** The channels a campaign step can use: call centre is 'phone', field agents 'agent_visit'. */
export const STEP_CHANNELS = ['email', 'phone', 'web', 'agent_visit'] as const satisfies readonly ContactChannel[];
export type StepChannel = (typeof STEP_CHANNELS)[number];

/** One channel step of an approved plan, as what it commits to. */
export interface CommittedStep {
  stepId: number;
  channel: StepChannel;
  /** The local dates (YYYY-MM-DD) the step sends on, within the campaign's period and days of the week. */
  days: string[];
  /** Contacts per day the step plans to make in each branch it covers. */
  dailyCapacity: number;
  costPerContactFen: Fen;
  /** Participating branches (org unit ids) this step covers. */
  branchIds: number[];
}

/** A campaign's plan at the moment it becomes approved (the approved revision). */
export interface ApprovedPlan {
  campaignId: number;
  revisionId: number;
  owningUnitId: number;
  /** Local dates YYYY-MM-DD. */
  startDate: string;
  endDate: string;
  budgetFen: Fen;
  branchIds: number[];
  steps: CommittedStep[];
}

/**
 * What other domains hold for an approved campaign: budgets reserve money, capacity
 * books channel days. The campaigns library defines this and calls every registered
 * commitment inside the transaction that approves, cancels or closes a campaign; the
 * libraries above it (budgets, capacity) register their implementation, so campaigns
 * never imports them. A commitment refuses an approval by throwing a DomainError,
 * which rolls the whole approval back.
 */
export interface CampaignCommitment {
  /** A name for logs and errors, e.g. 'budget'. */
  readonly name: string;
  /**
   * Takes what the plan needs. Called again when a later revision is approved: it
   * must bring the holding to what the new plan needs (not add to it).
   */
  commit(manager: EntityManager, plan: ApprovedPlan): Promise<void>;
  /** Gives back what is not used, when the campaign is cancelled or closed. */
  release(manager: EntityManager, campaignId: number): Promise<void>;
}

/** A revision being submitted, as the domains that will commit to it check it. */
export interface SubmittedPlan {
  campaignId: number;
  revisionId: number;
  plan: PlanView;
}

/**
 * A check of a plan at submit, by a domain above campaigns (the forecast, capacity):
 * what would stop the plan, as problems named by the plan's fields (`budget`,
 * `steps.1.dailyCapacity`), listed with the plan's own problems. It takes nothing;
 * approval still commits, and refuses if things changed in between.
 */
export interface CampaignPlanCheck {
  readonly name: string;
  problems(manager: EntityManager, submitted: SubmittedPlan, scope: OrgScope): Promise<FieldProblem[]>;
}
