import { DomainError } from '@lib/common/domain-error';
import { REPORT_MOVES, REPORT_STATUSES, ReportMove, reportMoveTarget, ReportStatus } from './report-status';

const ALLOWED: Record<ReportStatus, Partial<Record<ReportMove, ReportStatus>>> = {
  draft: { save: 'draft', submit: 'submitted' },
  submitted: { return: 'returned', approve: 'approved' },
  returned: { save: 'returned', submit: 'resubmitted' },
  resubmitted: { return: 'returned', approve: 'approved' },
  approved: {},
};

describe(reportMoveTarget.name, () => {
  for (const status of REPORT_STATUSES) {
    for (const move of REPORT_MOVES) {
      const to = ALLOWED[status][move];
      if (to) {
        it(`${move} takes a ${status} report to ${to}`, () => {
          expect(reportMoveTarget(status, move)).toBe(to);
        });
      } else {
        it(`refuses ${move} on a ${status} report with a 409 naming the status`, () => {
          let error: unknown;
          try {
            reportMoveTarget(status, move);
          } catch (caught) {
            error = caught;
          }
          expect(error).toBeInstanceOf(DomainError);
          expect(error).toMatchObject({ status: 409, code: 'report_wrong_state', params: { status, move } });
        });
      }
    }
  }
});
