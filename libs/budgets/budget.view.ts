/**
 * What the budget endpoints answer, as plain types the web imports. Amounts are yuan
 * as decimal strings with two places ("50000.00"), as everywhere in the API.
 */
import type { StepChannel } from '@lib/campaigns/campaign-commitment';

/**
 * The five figures of every level (pool, campaign, branch, channel), each a sum of
 * ledger lines. `remaining` is what can still be taken at that level: for a pool, what
 * is free to reserve or allocate on; for a campaign, branch or channel, what the budget
 * guard can still grant. null: the level has no figure of its own (a campaign not split
 * by branch has no planned amount per branch).
 */
export interface BudgetFigures {
  planned: string | null;
  reserved: string | null;
  committed: string;
  actual: string;
  remaining: string | null;
}

export interface SubPoolView {
  poolId: number;
  orgUnitId: number;
  orgUnitName: string;
  /** Net money allocated from this pool to the sub-pool. */
  allocated: string;
}

export interface BudgetPoolView {
  id: number;
  fiscalYear: number;
  orgUnitId: number;
  orgUnitName: string;
  parentPoolId: number | null;
  /** Funding (top pool) or allocations from the parent pool, net. */
  received: string;
  /** Net money passed on to sub-pools. */
  allocatedToSubPools: string;
  figures: BudgetFigures;
}

export interface PoolCampaignView {
  campaignId: number;
  owningUnitId: number;
  figures: BudgetFigures;
}

export interface BudgetPoolDetailView extends BudgetPoolView {
  subPools: SubPoolView[];
  campaigns: PoolCampaignView[];
}

export interface BranchBudgetView {
  branchId: number;
  branchName: string;
  figures: BudgetFigures;
}

export interface ChannelBudgetView {
  channel: StepChannel;
  figures: BudgetFigures;
}

export interface CampaignBudgetView {
  campaignId: number;
  poolId: number;
  owningUnitId: number;
  /** The approved revision whose budget and allocations are in force. */
  revisionId: number;
  /** True once the campaign was cancelled or closed and its unused money went back to the pool. */
  released: boolean;
  /**
   * False for a user who sees only some participating branches: then `figures` and
   * `channels` are left out, and `branches` holds only the branches in their scope.
   */
  whole: boolean;
  figures: BudgetFigures | null;
  branches: BranchBudgetView[];
  channels: ChannelBudgetView[];
}

export const SPEND_CATEGORIES = ['gifts', 'events', 'printed_material', 'staff', 'other'] as const;
export type SpendCategory = (typeof SPEND_CATEGORIES)[number];

export interface SpendLineView {
  id: number;
  campaignId: number;
  branchId: number;
  channel: StepChannel | null;
  /** automatic: contacts sent × cost per contact, from a settled grant; manual: entered by a branch. */
  source: 'automatic' | 'manual';
  amount: string;
  contacts: number | null;
  category: SpendCategory | null;
  spentOn: string | null;
  reference: string;
  note: string;
  attachmentName: string | null;
  /** The manual line this one reverses, or the line that reversed this one. */
  reverses: number | null;
  reversedBy: number | null;
  createdBy: number | null;
  createdAt: string;
}

export interface BudgetAllocationView {
  campaignId: number;
  revisionId: number;
  /**
   * Set when the revision has no split of its own yet: the split shown is that of this
   * approved revision, which the revision keeps if approved without one.
   */
  inheritedFromRevisionId: number | null;
  branches: { branchId: number; amount: string }[];
  channels: { channel: StepChannel; amount: string }[];
}

export type RaiseRequestStatus = 'pending' | 'approved' | 'rejected';

export interface BudgetRaiseRequestView {
  id: number;
  campaignId: number;
  amount: string;
  reason: string;
  status: RaiseRequestStatus;
  requestedBy: number;
  requestedAt: string;
  decidedBy: number | null;
  decidedAt: string | null;
  comment: string;
}

/** One entry of the budget part of a campaign's audit trail. */
export interface BudgetAuditEntryView {
  id: number;
  campaignId: number;
  actorId: number | null;
  action: string;
  field: string | null;
  before: unknown;
  after: unknown;
  at: string;
}
