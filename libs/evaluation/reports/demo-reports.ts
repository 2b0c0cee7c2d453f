import type { DataSource } from 'typeorm';
import type { AuthUser } from '@lib/auth';
import { UserDirectory } from '@lib/auth/user-directory';
import type { FormAnswers } from '../form-schema';
import type { EvaluationReportService } from './evaluation-report.service';
import type { ReportCreation } from './report-creation.service';

export interface DemoReportServices {
  creation: ReportCreation;
  reports: EvaluationReportService;
}

export interface DemoReportCounts {
  reports: number;
  submitted: number;
  returned: number;
  approved: number;
}

/** What a branch writes in the standard form besides the figures the system prefilled. */
function demoAnswers(prefilled: FormAnswers, systemValues: Record<string, string>, branchName: string): FormAnswers {
  return {
    ...prefilled,
    summary: `${branchName}按计划完成邮件和电话触达，重点跟进了有车无家财的老客户，整体进度与计划一致。`,
    plan_adherence: '4',
    results_by_line: [],
    contact_costs: systemValues.spend ?? '0',
    spend_items: [],
    feedback_overall: 'positive',
    feedback_topics: ['price', 'coverage'],
    feedback_notes: '客户普遍关心家财险的保障范围和理赔速度。',
    problems: '部分客户手机号已停用，邮件退信率偏高。',
    suggestions: '下次活动前先用核心系统更新客户联系方式。',
    self_rating: '4',
  };
}

/**
 * The demo's evaluation: each finished campaign's branch reports, so that the report
 * pages are not empty. The closed campaign's reports are all approved, the last approval
 * closing it; of the completed province campaigns, one report is returned with comments,
 * one approved, one changes a figure with its explanation, and the rest are submitted or
 * still drafts; Nanjing's own campaign has its counties' reports submitted, for Nanjing's
 * reviewer. Then the running campaign's checkpoint of last week gives each of its
 * branches a draft due in a few days, so that every branch executor of the printed demo
 * logins has a report to fill and every reviewer one to review. Made through the
 * service, as the branches and the reviewer would, so every rule of filing and review holds.
 */
export async function seedDemoReports(dataSource: DataSource, services: DemoReportServices): Promise<DemoReportCounts> {
  const users = new UserDirectory(dataSource);
  const reviewer = (await users.findByUsername('reviewer.province')) as AuthUser;
  const finished: { id: number; status: string; start_date: string; end_date: string }[] = await dataSource.query(
    `SELECT c.id, c.status, to_char(r.start_date, 'YYYY-MM-DD') AS start_date, to_char(r.end_date, 'YYYY-MM-DD') AS end_date
       FROM campaigns c JOIN campaign_revisions r ON r.id = c.approved_revision_id WHERE c.status IN ('completed', 'closed') ORDER BY r.end_date, c.id`,
  );
  // The demo's closed campaign, the first to finish, is still completed: a campaign closes with its last report's approval.
  const campaigns = finished.map((campaign, index) => (index === 0 ? { ...campaign, status: 'closed' } : campaign));
  const counts: DemoReportCounts = { reports: 0, submitted: 0, returned: 0, approved: 0 };
  let completedSeen = 0;
  for (const campaign of campaigns) {
    await services.creation.create(campaign.id);
    const drafts: { id: number; executor: string; branch_name: string }[] = await dataSource.query(
      `SELECT e.id, b.name AS branch_name,
              (SELECT u.username FROM users u WHERE u.org_unit_id = e.branch_id AND 'branch_executor' = ANY(u.roles) AND u.active ORDER BY u.id LIMIT 1) AS executor
         FROM evaluation_reports e JOIN org_units b ON b.id = e.branch_id
        WHERE e.campaign_id = $1 AND e.occasion = 'completion' AND e.status = 'draft' ORDER BY b.path`,
      [campaign.id],
    );
    counts.reports += drafts.length;
    const completed = campaign.status === 'completed' ? completedSeen++ : null;
    for (const [index, draft] of drafts.entries()) {
      if (!draft.executor) continue;
      // The closed campaign is approved whole; the first completed one has a returned report, the second an approved one and a draft,
      // Nanjing's its reports submitted.
      const plan =
        completed === null ? 'approve'
        : completed === 0 ? (index === 0 ? 'return' : 'submit')
        : completed === 1 ? (index === 0 ? 'approve' : index === 1 ? 'change' : 'draft')
        : 'submit';
      if (plan === 'draft') continue;
      const executor = (await users.findByUsername(draft.executor)) as AuthUser;
      const report = await services.reports.get(executor, draft.id);
      const answers: FormAnswers = { ...demoAnswers(report.answers, report.systemValues, draft.branch_name), started_on: campaign.start_date, finished_on: campaign.end_date };
      const explanations: Record<string, string> = {};
      if (plan === 'change' && report.systemValues.contacts) {
        answers.contacts = String(Number(report.systemValues.contacts) + 12);
        explanations.contacts = '网点柜面另接待了 12 位活动客户，系统中未登记为接触。';
      }
      await services.reports.submit(executor, draft.id, { answers, explanations });
      counts.submitted += 1;
      if (plan === 'return') {
        await services.reports.returnReport(reviewer, draft.id, {
          comment: '请补充各险种的成果明细，并说明邮件退信的处理办法。',
          fieldComments: { results_by_line: '请按险种填写保单数和保费', problems: '退信客户是否已安排电话补充触达？' },
        });
        counts.returned += 1;
      }
      if (plan === 'approve') {
        await services.reports.approve(reviewer, draft.id, { comment: '数据与系统一致，同意。' });
        counts.approved += 1;
      }
    }
  }
  counts.reports += await services.creation.createDue();
  return counts;
}
