import { ConflictError } from '@lib/common/domain-error';
import type { LocalText } from '@lib/common/error-messages';

/** A branch's evaluation report moves through these (BRIEF.md G7). A pure file, shared with the web. */
export const REPORT_STATUSES = ['draft', 'submitted', 'returned', 'resubmitted', 'approved'] as const;
export type ReportStatus = (typeof REPORT_STATUSES)[number];

/** Labels, as a status tag, a history line and the exports show them. */
export const REPORT_STATUS_NAMES: Record<ReportStatus, LocalText> = {
  draft: { zh: '草稿', en: 'Draft' },
  submitted: { zh: '已提交', en: 'Submitted' },
  returned: { zh: '已退回', en: 'Returned' },
  resubmitted: { zh: '已重新提交', en: 'Resubmitted' },
  approved: { zh: '已通过', en: 'Approved' },
};

/** Why a report exists: the campaign's completion, or a checkpoint date of its plan. */
export const REPORT_OCCASIONS = ['completion', 'checkpoint'] as const;
export type ReportOccasion = (typeof REPORT_OCCASIONS)[number];

/** What people do with a report: the branch saves and submits, the reviewer returns or approves. */
export const REPORT_MOVES = ['save', 'submit', 'return', 'approve'] as const;
export type ReportMove = (typeof REPORT_MOVES)[number];

export const REPORT_MOVE_NAMES: Record<ReportMove, LocalText> = {
  save: { zh: '保存草稿', en: 'save' },
  submit: { zh: '提交', en: 'submit' },
  return: { zh: '退回', en: 'return' },
  approve: { zh: '通过', en: 'approve' },
};

/** Statuses in which the branch is still to file the report: these are the ones that fall overdue. */
export const NOT_FILED: readonly ReportStatus[] = ['draft', 'returned'];

/** Statuses the reviewer decides on. */
export const AWAITING_REVIEW: readonly ReportStatus[] = ['submitted', 'resubmitted'];

const MOVES: Readonly<Record<ReportMove, { from: readonly ReportStatus[]; by: 'branch' | 'reviewer' }>> = {
  save: { from: NOT_FILED, by: 'branch' },
  submit: { from: NOT_FILED, by: 'branch' },
  return: { from: AWAITING_REVIEW, by: 'reviewer' },
  approve: { from: AWAITING_REVIEW, by: 'reviewer' },
};

/** Who makes a move: the branch that files the report, or its reviewer. */
export function reportMoveActor(move: ReportMove): 'branch' | 'reviewer' {
  return MOVES[move].by;
}

/**
 * Where a move takes a report in `current`: a first submission is `submitted`, one after
 * a return `resubmitted`; saving keeps the status. A 409 naming the status otherwise.
 */
export function reportMoveTarget(current: ReportStatus, move: ReportMove): ReportStatus {
  const rule = MOVES[move];
  if (!rule.from.includes(current)) {
    const names = (language: 'zh' | 'en', separator: string) => rule.from.map((status) => REPORT_STATUS_NAMES[status][language]).join(separator);
    throw new ConflictError(`The report is ${current}; '${move}' is possible only from ${rule.from.join(', ')}`, 'report_wrong_state', {
      status: current, move, from: rule.from,
      statusName: REPORT_STATUS_NAMES[current], moveName: REPORT_MOVE_NAMES[move], fromNames: { zh: names('zh', '、'), en: names('en', ', ') },
    });
  }
  if (move === 'save') return current;
  if (move === 'submit') return current === 'returned' ? 'resubmitted' : 'submitted';
  return move === 'return' ? 'returned' : 'approved';
}
