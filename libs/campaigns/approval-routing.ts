import type { Fen } from '@lib/common/money';

/** Org levels that approve campaigns: head office 1, province 2, city 3 (counties do not approve). */
export const APPROVAL_LEVELS = [3, 2, 1] as const;
export type ApprovalLevel = (typeof APPROVAL_LEVELS)[number];

/** What a reviewer of a level approves alone; the head office approves any amount. */
export interface ApprovalThresholds {
  cityMaxFen: Fen;
  provinceMaxFen: Fen;
}

/** Until the province sets its own: a city reviewer up to ¥50,000, the province up to ¥500,000, above that also the head office. */
export const DEFAULT_APPROVAL_THRESHOLDS: ApprovalThresholds = { cityMaxFen: 5_000_000, provinceMaxFen: 50_000_000 };

/**
 * The approvals a budget needs, in the order they are given: starting at the
 * owning unit's level (a county's campaign starts at its city) and going up until
 * a level whose threshold covers the amount.
 */
export function requiredApprovalLevels(budgetFen: Fen, owningLevel: number, thresholds: ApprovalThresholds): ApprovalLevel[] {
  const maxOf: Record<ApprovalLevel, Fen | null> = { 3: thresholds.cityMaxFen, 2: thresholds.provinceMaxFen, 1: null };
  const levels: ApprovalLevel[] = [];
  for (const level of APPROVAL_LEVELS) {
    if (level > owningLevel) continue;
    levels.push(level);
    const max = maxOf[level];
    if (max === null || budgetFen <= max) break;
  }
  return levels;
}
