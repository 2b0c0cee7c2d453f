import { ConflictError } from '@lib/common/domain-error';
import { CampaignStatus, RevisionStatus } from './campaign-status';

/**
 * The moves people make in a campaign's life cycle; `approve`, `return` and `submit` also
 * move the revision under review. Running is no move of theirs: only the launch sets a
 * scheduled campaign running (`launchTarget`), with its audience frozen and its contacts made.
 */
export const CAMPAIGN_MOVES = ['submit', 'approve', 'return', 'schedule', 'pause', 'resume', 'complete', 'close', 'cancel'] as const;
export type CampaignMove = (typeof CAMPAIGN_MOVES)[number];

/** Who may make a move: the campaign's owner, or a reviewer at or above the owning unit. */
export type MoveActor = 'owner' | 'reviewer';

interface MoveRule<S> {
  from: readonly S[];
  to: S;
  by: readonly MoveActor[];
}

/** Every state before completed: cancelling stops a campaign that has not finished. */
const CANCELLABLE: readonly CampaignStatus[] = ['draft', 'submitted', 'returned', 'approved', 'scheduled', 'running', 'paused'];

/**
 * The campaign life cycle (BRIEF.md G8). `complete` is made by hand until the sending
 * work makes it from its workers. A completed campaign closes by itself when every
 * branch's evaluation report is approved (docs/evaluation-reports.md); a reviewer may
 * still close it by hand, e.g. one whose plan named no form.
 */
export const CAMPAIGN_TRANSITIONS: Readonly<Record<CampaignMove, MoveRule<CampaignStatus>>> = {
  submit: { from: ['draft', 'returned'], to: 'submitted', by: ['owner'] },
  approve: { from: ['submitted'], to: 'approved', by: ['reviewer'] },
  return: { from: ['submitted'], to: 'returned', by: ['reviewer'] },
  schedule: { from: ['approved'], to: 'scheduled', by: ['owner'] },
  pause: { from: ['running'], to: 'paused', by: ['owner', 'reviewer'] },
  resume: { from: ['paused'], to: 'running', by: ['owner', 'reviewer'] },
  complete: { from: ['running', 'paused'], to: 'completed', by: ['owner', 'reviewer'] },
  close: { from: ['completed'], to: 'closed', by: ['reviewer'] },
  cancel: { from: CANCELLABLE, to: 'cancelled', by: ['owner', 'reviewer'] },
};

/** The launch (libs/dispatch), at the campaign's start or asked for by hand, sets a scheduled campaign running. */
const LAUNCH: Pick<MoveRule<CampaignStatus>, 'from' | 'to'> = { from: ['scheduled'], to: 'running' };

export type ReviewMove = Extract<CampaignMove, 'submit' | 'approve' | 'return'>;

/** The review of one revision: a later revision of a running campaign goes through it while the campaign runs on. */
export const REVISION_TRANSITIONS: Readonly<Record<ReviewMove, MoveRule<RevisionStatus>>> = {
  submit: { from: ['draft', 'returned'], to: 'submitted', by: ['owner'] },
  approve: { from: ['submitted'], to: 'approved', by: ['reviewer'] },
  return: { from: ['submitted'], to: 'returned', by: ['reviewer'] },
};

/** Statuses in which the campaign has an approved plan in force, so a change is a new revision. */
export const PLAN_IN_FORCE: readonly CampaignStatus[] = ['approved', 'scheduled', 'running', 'paused'];

/** Where the move takes a campaign in `current`; a 409 naming the current status when it cannot be made from there. */
export function campaignMoveTarget(current: CampaignStatus, move: CampaignMove): CampaignStatus {
  return target(CAMPAIGN_TRANSITIONS[move], current, move, 'campaign');
}

/** Where the launch takes a campaign in `current`; a 409 naming the current status unless it is scheduled. */
export function launchTarget(current: CampaignStatus): CampaignStatus {
  return target(LAUNCH, current, 'launch', 'campaign');
}

export function revisionMoveTarget(current: RevisionStatus, move: ReviewMove): RevisionStatus {
  return target(REVISION_TRANSITIONS[move], current, move, 'revision');
}

/** True when one of `actors` (what the caller is to this campaign) may make the move. */
export function mayMakeMove(move: CampaignMove, actors: readonly MoveActor[]): boolean {
  return CAMPAIGN_TRANSITIONS[move].by.some((actor) => actors.includes(actor));
}

function target<S extends string>(rule: Pick<MoveRule<S>, 'from' | 'to'>, current: S, move: string, what: string): S {
  if (!rule.from.includes(current)) {
    throw new ConflictError(
      `The ${what} is ${current}; '${move}' is possible only from ${rule.from.join(', ')}`,
      'campaign_wrong_state',
      { what, status: current, move, from: rule.from },
    );
  }
  return rule.to;
}
