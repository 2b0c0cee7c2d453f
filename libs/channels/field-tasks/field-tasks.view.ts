/** The answers of the field-task endpoints (docs/field-tasks.md); the web imports them as types. */
import type { CallBundleView } from '../call-centre/call-centre.view';

export const VISIT_OUTCOMES = ['visited', 'quoted', 'sold', 'declined', 'unreachable'] as const;
export type VisitOutcome = (typeof VISIT_OUTCOMES)[number];

export const TASK_FILTERS = ['today', 'overdue', 'all'] as const;
export type TaskFilter = (typeof TASK_FILTERS)[number];

export interface FieldTaskView {
  contactId: number;
  campaignId: number;
  campaignName: string;
  branchId: number;
  dueDate: string;
  /** Open and past its due date. */
  overdue: boolean;
  state: 'open' | 'done' | 'skipped';
  agent: { id: number; name: string } | null;
  outcome: VisitOutcome | null;
  skipReason: string | null;
  policyNo: string | null;
  premium: string | null;
  customer: { id: number; customerNo: string; name: string; phone: string | null; city: string | null };
  /** The campaign's bundle: the same offer as on every other channel. */
  bundle: CallBundleView | null;
  /** The step's agent_visit template rendered for this customer. */
  script: string;
}

export interface FieldAgentView {
  id: number;
  name: string;
}

export interface OutcomeRecordedView {
  contactId: number;
  state: 'done' | 'skipped';
  outcome: VisitOutcome | null;
  /** Why the visit may not count: the contact rules at the moment of the visit. */
  skipReason: string | null;
  /** Sold: the policy is in the system and was attributed now; false: it is attributed when imported. */
  attributed: boolean;
}

export interface BranchCampaignResultView {
  campaignId: number;
  campaignName: string;
  /** The branch's part of the campaign's audience, 0–1. */
  share: number;
  visits: number;
  conversions: number;
  premium: string;
  targetContacts: number | null;
  targetConversions: number | null;
  targetPremium: string | null;
}

export interface DailyView {
  today: string;
  myTasksToday: FieldTaskView[];
  overdue: FieldTaskView[];
  results: BranchCampaignResultView[];
}
