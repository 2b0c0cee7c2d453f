import { CAMPAIGN_TRANSITIONS, type CampaignMove, type MoveActor } from '@lib/campaigns/campaign-life-cycle';
import type { SessionUser } from '../../session/session';
import type { Campaign, Revision } from './campaign-api';

/** What the user is to the campaign, as the server judges it: its owner, and/or a reviewer at or above the owning unit. */
export function actorsOf(user: SessionUser, campaign: Campaign, owningPath: string | undefined): MoveActor[] {
  const actors: MoveActor[] = [];
  if (campaign.ownerId === user.id) actors.push('owner');
  if (user.roles.includes('reviewer') && owningPath?.startsWith(user.orgPath)) actors.push('reviewer');
  return actors;
}

/** The approval level still missing in the revision's current round; undefined once every required level approved. */
export function nextApprovalLevel(revision: Revision): number | undefined {
  const given = revision.approvals.filter((a) => a.reviewRound === revision.reviewRound && a.decision === 'approved').map((a) => a.orgLevel);
  return revision.requiredApprovalLevels.find((level) => !given.includes(level));
}

/**
 * The moves the server's transition table allows the user from here. Review moves
 * follow the revision under review (a later revision of a running campaign is reviewed
 * while the campaign runs on); approve and return also need the next level to be the
 * reviewer's own, as the server requires.
 */
export function allowedMoves(user: SessionUser, campaign: Campaign, owningPath: string | undefined): CampaignMove[] {
  const actors = actorsOf(user, campaign, owningPath);
  const open = campaign.open;
  return (Object.keys(CAMPAIGN_TRANSITIONS) as CampaignMove[]).filter((move) => {
    const rule = CAMPAIGN_TRANSITIONS[move];
    if (!rule.by.some((actor) => actors.includes(actor))) return false;
    if (move === 'submit') return open !== null && (open.status === 'draft' || open.status === 'returned');
    if (move === 'approve' || move === 'return') {
      return open !== null && open.status === 'submitted' && nextApprovalLevel(open) === user.orgLevel;
    }
    return (rule.from as readonly string[]).includes(campaign.status);
  });
}
