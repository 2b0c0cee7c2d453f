import { ConflictError } from '@lib/common/domain-error';
import {
  CAMPAIGN_MOVES, CAMPAIGN_TRANSITIONS, campaignMoveTarget, launchTarget, mayMakeMove, revisionMoveTarget,
} from './campaign-life-cycle';
import { CAMPAIGN_STATUSES } from './campaign-status';

describe('campaign life cycle', () => {
  it('walks a campaign from draft to closed, the launch setting it running', () => {
    let status = campaignMoveTarget(campaignMoveTarget(campaignMoveTarget('draft', 'submit'), 'approve'), 'schedule');
    status = launchTarget(status);
    for (const move of ['pause', 'resume', 'complete', 'close'] as const) status = campaignMoveTarget(status, move);
    expect(status).toBe('closed');
  });

  it('sets only a scheduled campaign running, by its launch and never by a move people make', () => {
    expect(launchTarget('scheduled')).toBe('running');
    expect(() => launchTarget('approved')).toThrow(ConflictError);
    expect(() => launchTarget('running')).toThrow(/is running; 'launch' is possible only from scheduled/);
    expect(CAMPAIGN_MOVES.filter((move) => CAMPAIGN_TRANSITIONS[move].to === 'running')).toEqual(['resume']);
  });

  it('sends a returned campaign back to be submitted again', () => {
    expect(campaignMoveTarget('submitted', 'return')).toBe('returned');
    expect(campaignMoveTarget('returned', 'submit')).toBe('submitted');
  });

  it('cancels from every state before completed, and from none after', () => {
    for (const status of CAMPAIGN_STATUSES) {
      const cancellable = !['completed', 'closed', 'cancelled'].includes(status);
      if (cancellable) expect(campaignMoveTarget(status, 'cancel')).toBe('cancelled');
      else expect(() => campaignMoveTarget(status, 'cancel')).toThrow(ConflictError);
    }
  });

  it('refuses a move from the wrong state with a 409 naming the current state', () => {
    let error: ConflictError | undefined;
    try {
      campaignMoveTarget('running', 'approve');
    } catch (e) {
      error = e;
    }
    expect(error).toMatchObject({
      status: 409, code: 'campaign_wrong_state', params: { status: 'running', move: 'approve', from: ['submitted'] },
    });
    expect(() => campaignMoveTarget('paused', 'pause')).toThrow(/is paused/);
  });

  it('lets the owner edit and submit, reviewers approve, return and close, and both pause, resume and cancel', () => {
    const byOwner = CAMPAIGN_MOVES.filter((move) => mayMakeMove(move, ['owner']));
    const byReviewer = CAMPAIGN_MOVES.filter((move) => mayMakeMove(move, ['reviewer']));
    expect(byOwner).toEqual(['submit', 'schedule', 'pause', 'resume', 'complete', 'cancel']);
    expect(byReviewer).toEqual(['approve', 'return', 'pause', 'resume', 'complete', 'close', 'cancel']);
  });

  it('reviews a later revision on its own: submitted, then approved or returned', () => {
    expect(revisionMoveTarget('draft', 'submit')).toBe('submitted');
    expect(revisionMoveTarget('submitted', 'approve')).toBe('approved');
    expect(() => revisionMoveTarget('approved', 'submit')).toThrow(ConflictError);
  });

  it('has a rule for every move', () => {
    expect(Object.keys(CAMPAIGN_TRANSITIONS).sort()).toEqual([...CAMPAIGN_MOVES].sort());
  });
});
