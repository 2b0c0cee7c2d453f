import type { EntityManager } from 'typeorm';
import { ConflictError } from '@lib/common/domain-error';
import { LOCAL_TIME_ZONE, LOCAL_TODAY_SQL } from '@lib/common/local-time';
import type { LocalText } from '@lib/common/error-messages';
import { formatDay } from './report-formats';
import type { ReportOccasion, ReportStatus } from './report-status';

/** The local day a campaign completed: its 'complete' audit entry, so every path that creates its reports names the same day. */
export const COMPLETED_ON_SQL = `(SELECT (max(a.at) AT TIME ZONE '${LOCAL_TIME_ZONE}')::date FROM campaign_audit a WHERE a.campaign_id = c.id AND a.action = 'complete')`;

/** One report a campaign owes a branch for one occasion, and the report made for it so far (null: not made yet). */
export interface OwedReport {
  campaignId: number;
  branchId: number;
  branchName: string;
  branchNameEn: string | null;
  occasion: ReportOccasion;
  occasionDate: string;
  reportId: number | null;
  status: ReportStatus | null;
}

/**
 * The reports campaigns owe, in one statement: every participating branch — the plan in
 * force's `branch_ids`, or, for a plan naming none, the units its contacts were made for —
 * for every occasion come due: completion (a completed or closed campaign), and each of
 * the plan's checkpoints reached (up to the completion day of a finished campaign; one
 * after an early completion is left to the completion report). A campaign that pinned
 * no form owes none. Reports already made beside these (a branch no longer in the plan)
 * are listed too, so that closing waits for them as well. Creating the reports and
 * closing the campaign both read this, so they cannot disagree on what is owed.
 */
export async function owedReports(manager: EntityManager, campaignIds: number[]): Promise<OwedReport[]> {
  const rows: {
    campaign_id: number; branch_id: number; branch_name: string; branch_name_en: string | null; occasion: ReportOccasion; occasion_date: string;
    report_id: number | null; status: ReportStatus | null;
  }[] = await manager.query(
    `WITH campaign AS (
       SELECT c.id, c.status, r.branch_ids, r.evaluation_checkpoints, coalesce(${COMPLETED_ON_SQL}, ${LOCAL_TODAY_SQL}) AS completed_on
         FROM campaigns c JOIN campaign_revisions r ON r.id = c.approved_revision_id
        WHERE c.id = ANY($1::int[]) AND EXISTS (SELECT 1 FROM campaign_form_versions p WHERE p.campaign_id = c.id)
     ), occasion AS (
       SELECT id AS campaign_id, 'completion' AS occasion, completed_on AS occasion_date FROM campaign WHERE status IN ('completed', 'closed')
       UNION ALL
       SELECT c.id, 'checkpoint', k.day FROM campaign c CROSS JOIN LATERAL unnest(c.evaluation_checkpoints) AS k(day)
        WHERE k.day <= ${LOCAL_TODAY_SQL} AND (c.status IN ('running', 'paused') OR (c.status IN ('completed', 'closed') AND k.day <= c.completed_on))
     ), branch AS (
       SELECT c.id AS campaign_id, b.id AS branch_id FROM campaign c CROSS JOIN LATERAL unnest(c.branch_ids) AS b(id)
       UNION
       SELECT k.campaign_id, k.org_unit_id FROM contacts k JOIN campaign c ON c.id = k.campaign_id
        WHERE cardinality(c.branch_ids) = 0 AND c.id IN (SELECT campaign_id FROM occasion)
     ), owed AS (
       SELECT o.campaign_id, b.branch_id, o.occasion, o.occasion_date FROM occasion o JOIN branch b ON b.campaign_id = o.campaign_id
     ), made AS (
       SELECT e.id, e.campaign_id, e.branch_id, e.occasion, e.occasion_date, e.status FROM evaluation_reports e WHERE e.campaign_id = ANY($1::int[])
     )
     SELECT coalesce(w.campaign_id, m.campaign_id) AS campaign_id, coalesce(w.branch_id, m.branch_id) AS branch_id, u.name AS branch_name,
            u.name_en AS branch_name_en, coalesce(w.occasion, m.occasion) AS occasion,
            to_char(coalesce(m.occasion_date, w.occasion_date), 'YYYY-MM-DD') AS occasion_date, m.id AS report_id, m.status
       FROM owed w
       FULL JOIN made m ON m.campaign_id = w.campaign_id AND m.branch_id = w.branch_id AND m.occasion = w.occasion
                       AND (m.occasion = 'completion' OR m.occasion_date = w.occasion_date)
       JOIN org_units u ON u.id = coalesce(w.branch_id, m.branch_id)
      ORDER BY 1, coalesce(w.occasion, m.occasion) = 'completion', 6, u.path`,
    [campaignIds],
  );
  return rows.map((row) => ({
    campaignId: row.campaign_id,
    branchId: row.branch_id,
    branchName: row.branch_name,
    branchNameEn: row.branch_name_en,
    occasion: row.occasion,
    occasionDate: row.occasion_date,
    reportId: row.report_id,
    status: row.status,
  }));
}

/** Reports named in both languages by their branches, a checkpoint's with its day: 南京分公司、苏州分公司（阶段评估 2026年5月1日）. */
export function namedReports(reports: OwedReport[]): LocalText {
  const zh = reports.map((r) => (r.occasion === 'completion' ? r.branchName : `${r.branchName}（阶段评估 ${formatDay(r.occasionDate, 'zh')}）`));
  const en = reports.map((r) => {
    const name = r.branchNameEn ?? r.branchName;
    return r.occasion === 'completion' ? name : `${name} (checkpoint of ${formatDay(r.occasionDate, 'en')})`;
  });
  return { zh: zh.join('、'), en: en.join(', ') };
}

/**
 * Why a completed campaign may not be closed yet, or null: a report it owes is not made
 * yet (the creation was missed and the hourly round has not made it), or one is not
 * approved. Asked by a hand's close and by every approval, in their transaction.
 */
export async function closingRefusal(manager: EntityManager, campaignId: number): Promise<ConflictError | null> {
  const owed = await owedReports(manager, [campaignId]);
  const missing = owed.filter((report) => report.reportId === null);
  if (missing.length > 0) {
    const reports = namedReports(missing);
    return new ConflictError(`${missing.length} evaluation reports are not made yet: ${reports.en}`, 'campaign_reports_missing', { reports });
  }
  const open = owed.filter((report) => report.status !== 'approved');
  if (open.length === 0) return null;
  const branches = namedReports(open);
  return new ConflictError(`${open.length} evaluation reports are not approved yet: ${branches.en}`, 'campaign_reports_not_approved', { branches });
}
