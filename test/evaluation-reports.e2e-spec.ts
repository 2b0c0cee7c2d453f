import { NestFastifyApplication } from '@nestjs/platform-fastify';
import ExcelJS from 'exceljs';
import { DataSource } from 'typeorm';
import { AppConfig } from '@lib/config';
import { JobName, JobQueue } from '@lib/queue';
import { STANDARD_EVALUATION_FORM } from '@lib/evaluation/forms/standard-evaluation-form';
import { EvaluationReportService, ReportCreation, ReportReminders } from '@lib/evaluation/reports';
import type { ReportDetail } from '@lib/evaluation/reports';
import { runningCampaignWithResults } from './support/evaluation-campaign';
import { createFixtureOrg, createUser, FixtureOrg, FIXTURE_PASSWORD, resetState } from './support/fixtures';
import { startSmtpSink, SmtpSink } from './support/smtp-sink';
import { call, eventually, login, startApi, startWorker } from './support/test-app';

/** A complete, well-formed report of the standard form, with the prefilled figures as they are. */
function filled(report: ReportDetail, changes: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    ...report.answers,
    summary: '本机构按计划完成电话和邮件触达，客户反馈良好。',
    started_on: '2026-11-02',
    finished_on: '2026-11-20',
    plan_adherence: '4',
    results_by_line: [],
    contact_costs: report.systemValues.spend,
    spend_items: [],
    feedback_overall: 'positive',
    feedback_topics: ['price'],
    problems: '个别客户电话无人接听。',
    self_rating: '4',
    ...changes,
  };
}

describe(EvaluationReportService.name, () => {
  let sink: SmtpSink;
  let app: NestFastifyApplication;
  let db: DataSource;
  let org: FixtureOrg;
  let planner: string;
  let reviewer: string;
  let execA1: string;
  let execA2: string;
  let cityReviewerB: string;
  let plannerId: number;
  const smtpBefore = process.env.SMTP_URL;

  beforeAll(async () => {
    sink = await startSmtpSink();
    process.env.SMTP_URL = sink.url;
    app = await startApi();
    db = await resetState(app);
    org = await createFixtureOrg(db);
    plannerId = await createUser(db, 'cm.province', org.province, ['campaign_manager']);
    await createUser(db, 'reviewer.province', org.province, ['reviewer']);
    await createUser(db, 'reviewer.cityB', org.cityB, ['reviewer']);
    const a1 = await createUser(db, 'exec.a1', org.countyA1, ['branch_executor']);
    const a1b = await createUser(db, 'exec.a1b', org.countyA1, ['branch_executor']);
    await createUser(db, 'exec.a2', org.countyA2, ['branch_executor']);
    await db.query(`UPDATE users SET email = username || '@example.com' WHERE id = ANY($1)`, [[a1, a1b]]);
    planner = await login(app, 'cm.province', FIXTURE_PASSWORD);
    reviewer = await login(app, 'reviewer.province', FIXTURE_PASSWORD);
    cityReviewerB = await login(app, 'reviewer.cityB', FIXTURE_PASSWORD);
    execA1 = await login(app, 'exec.a1', FIXTURE_PASSWORD);
    execA2 = await login(app, 'exec.a2', FIXTURE_PASSWORD);
  });

  afterAll(async () => {
    await app.close();
    await sink.close();
    process.env.SMTP_URL = smtpBefore;
  });

  async function completedCampaign(options: { checkpoints?: string[]; dueDays?: number } = {}): Promise<number> {
    const { campaignId } = await runningCampaignWithResults(db, {
      ownerId: plannerId, owningUnitId: org.province, branchIds: [org.countyA1, org.countyA2],
      startDate: '2026-11-01', endDate: '2026-12-31', ...options,
    });
    const moved = await call(app, 'POST', `/api/campaigns/${campaignId}/moves/complete`, { token: planner, body: {} });
    expect(moved.status).toBe(200);
    return campaignId;
  }

  async function reportOf(token: string, campaignId: number): Promise<ReportDetail> {
    const list = await call(app, 'GET', `/api/evaluation-reports?campaignId=${campaignId}`, { token });
    return (await call(app, 'GET', `/api/evaluation-reports/${list.body[0].id}`, { token })).body;
  }

  it('gives each participating branch one report at completion, due after the plan\'s days, prefilled with exactly the figures of docs/figures.md', async () => {
    const campaignId = await completedCampaign({ dueDays: 5 });
    const reports: { branch_id: number; occasion: string; due_days: number; status: string; system_values: Record<string, string> }[] = await db.query(
      `SELECT branch_id, occasion, due_date - occasion_date AS due_days, status, system_values FROM evaluation_reports WHERE campaign_id = $1 ORDER BY branch_id`,
      [campaignId],
    );
    expect(reports.map((r) => [r.branch_id, r.occasion, r.due_days, r.status])).toEqual([
      [org.countyA1, 'completion', 5, 'draft'],
      [org.countyA2, 'completion', 5, 'draft'],
    ]);
    // The figures worked out by hand, one plain query each, per branch.
    for (const report of reports) {
      const [expected] = await db.query(
        `SELECT
           (SELECT count(*) FROM contacts WHERE campaign_id = $1 AND org_unit_id = $2
              AND status NOT IN ('planned','queued','sending','failed','skipped','dead','cancelled'))::text AS contacts,
           (SELECT count(*) FROM contacts WHERE campaign_id = $1 AND org_unit_id = $2
              AND status NOT IN ('planned','queued','sending','failed','skipped','dead','cancelled','bounced','called'))::text AS delivered,
           (SELECT count(DISTINCT contact_id) FROM contact_events WHERE campaign_id = $1 AND org_unit_id = $2 AND event_type IN ('clicked','responded'))::text AS responses,
           (SELECT count(*) FROM campaign_conversions WHERE campaign_id = $1 AND org_unit_id = $2 AND NOT control)::text AS conversions,
           (SELECT coalesce(sum(premium), 0) FROM campaign_conversions WHERE campaign_id = $1 AND org_unit_id = $2 AND NOT control)::numeric(14,2)::text AS premium_written,
           (SELECT coalesce(sum(amount), 0) FROM budget_lines WHERE campaign_id = $1 AND branch_id = $2 AND kind = 'spend')::numeric(14,2)::text AS spend`,
        [campaignId, report.branch_id],
      );
      const bound = Object.fromEntries(
        STANDARD_EVALUATION_FORM.sections.flatMap((s) => s.fields).filter((f) => f.binding).map((f) => [f.key, expected[f.binding as string]]),
      );
      expect(report.system_values).toEqual(bound);
    }
    // Branch A1 by hand: 3 emails made (1 bounced), 2 calls made (1 connected); 2 clicked + 1 responded; 1 policy of 1000; 1.50 + 6 + 120.40 - 20.40.
    expect(reports[0].system_values).toEqual({ contacts: '5', delivered: '3', responses: '3', conversions: '1', premium_written: '1000.00', spend: '107.50' });
    expect(reports[1].system_values).toEqual({ contacts: '6', delivered: '4', responses: '2', conversions: '2', premium_written: '2250.00', spend: '128.40' });

    // Told again and found again by the worker's round: nothing more.
    await app.get(ReportCreation).create(campaignId);
    expect(await app.get(ReportCreation).createDue()).toBe(0);
    const [{ n }] = await db.query(`SELECT count(*)::int AS n FROM evaluation_reports WHERE campaign_id = $1`, [campaignId]);
    expect(n).toBe(2);
  });

  it('creates checkpoint reports once the checkpoint is reached, once, and none for a checkpoint still to come', async () => {
    const { campaignId } = await runningCampaignWithResults(db, {
      ownerId: plannerId, owningUnitId: org.province, branchIds: [org.countyA1, org.countyA2],
      startDate: '2026-01-05', endDate: '2099-12-31', checkpoints: ['2026-01-20', '2099-06-30'],
    });
    const creation = app.get(ReportCreation);
    expect(await creation.createDue()).toBe(2);
    expect(await creation.createDue()).toBe(0);
    const rows = await db.query(
      `SELECT occasion, to_char(occasion_date, 'YYYY-MM-DD') AS day, to_char(due_date, 'YYYY-MM-DD') AS due FROM evaluation_reports WHERE campaign_id = $1`,
      [campaignId],
    );
    // The installation's default of 7 days.
    expect(rows).toEqual([
      { occasion: 'checkpoint', day: '2026-01-20', due: '2026-01-27' },
      { occasion: 'checkpoint', day: '2026-01-20', due: '2026-01-27' },
    ]);
  });

  it('has the worker\'s round create the reports of a completion the API did not', async () => {
    const { campaignId } = await runningCampaignWithResults(db, {
      ownerId: plannerId, owningUnitId: org.province, branchIds: [org.countyA1], startDate: '2026-11-01', endDate: '2026-12-31',
    });
    // Completed without the move's listeners (an API that stopped right after the commit).
    await db.query(`UPDATE campaigns SET status = 'completed' WHERE id = $1`, [campaignId]);
    const worker = await startWorker();
    try {
      await app.get(JobQueue).add(JobName.CreateEvaluationReports, {}, `create-evaluation-reports-test-${campaignId}`);
      const made = await eventually(async () => {
        const [row] = await db.query(`SELECT count(*)::int AS n FROM evaluation_reports WHERE campaign_id = $1`, [campaignId]);
        return row.n > 0 ? row.n : undefined;
      });
      expect(made).toBe(1);
    } finally {
      await worker.close();
    }
  });

  it('saves a draft as often as needed, explanations and required fields still to come, and asks for them at submission, by field in the reader\'s language', async () => {
    const campaignId = await completedCampaign();
    const report = await reportOf(execA1, campaignId);
    // A changed figure without its explanation, required fields empty, delivered above contacts: a draft all the same.
    const changed = { ...report.answers, contacts: '7', delivered: '8' };
    const draft = await call(app, 'PUT', `/api/evaluation-reports/${report.id}`, { token: execA1, body: { answers: changed } });
    expect(draft.status).toBe(200);
    expect(draft.body).toMatchObject({ status: 'draft', answers: { contacts: '7', delivered: '8' }, explanations: {} });

    const refused = await call(app, 'POST', `/api/evaluation-reports/${report.id}/submit`, { token: execA1, body: { answers: filled(report, { contacts: '7' }) } });
    expect(refused.status).toBe(400);
    expect(refused.body.code).toBe('report_has_problems');
    expect(refused.body.details).toEqual([
      expect.objectContaining({ field: 'explanations.contacts', code: 'report_explanation_required', problem: '与系统数据 5 不同，请说明修改原因' }),
    ]);
    const inEnglish = await call(app, 'POST', `/api/evaluation-reports/${report.id}/submit`, {
      token: execA1, body: { answers: filled(report, { contacts: '7' }), explanations: { contacts: '  ' } }, headers: { 'accept-language': 'en' },
    });
    expect(inEnglish.body.details[0].problem).toBe('differs from the system figure 5; say why it was changed');

    // What cannot be stored is refused at saving already: a count with decimals, an unknown field.
    const unstorable = await call(app, 'PUT', `/api/evaluation-reports/${report.id}`, {
      token: execA1, body: { answers: { ...changed, conversions: '1.5', bonus: '1' } }, headers: { 'accept-language': 'en' },
    });
    expect(unstorable.status).toBe(400);
    expect(unstorable.body.details).toEqual([
      expect.objectContaining({ field: 'answers.bonus', code: 'unknown_field' }),
      expect.objectContaining({ field: 'answers.conversions', code: 'not_whole_number', problem: 'must be a whole number' }),
    ]);

    const saved = await call(app, 'PUT', `/api/evaluation-reports/${report.id}`, {
      token: execA1, body: { answers: { ...changed, premium_written: '1000.0' }, explanations: { contacts: '两次上门未记入系统', premium_written: '未改' } },
    });
    expect(saved.status).toBe(200);
    // "1000.0" is the system's 1000.00: no explanation kept for it.
    expect(saved.body.explanations).toEqual({ contacts: '两次上门未记入系统' });
    expect(saved.body.systemValues.contacts).toBe('5');
    expect(saved.body.answers.contacts).toBe('7');
    expect(saved.body.status).toBe('draft');
  });

  it('lists every problem of a submission by field, and refuses moves from the wrong state with a 409', async () => {
    const campaignId = await completedCampaign();
    const report = await reportOf(execA1, campaignId);
    const incomplete = await call(app, 'POST', `/api/evaluation-reports/${report.id}/submit`, { token: execA1, body: { answers: report.answers } });
    expect(incomplete.status).toBe(400);
    const fields = incomplete.body.details.map((d: { field: string }) => d.field);
    expect(fields).toEqual(expect.arrayContaining(['answers.summary', 'answers.started_on', 'answers.self_rating']));

    const early = await call(app, 'POST', `/api/evaluation-reports/${report.id}/approve`, { token: reviewer, body: {} });
    expect(early.status).toBe(409);
    expect(early.body).toMatchObject({ code: 'report_wrong_state', message: '评估报告当前为“草稿”，不能通过（仅限“已提交、已重新提交”时）' });

    const submitted = await call(app, 'POST', `/api/evaluation-reports/${report.id}/submit`, { token: execA1, body: { answers: filled(report) } });
    expect(submitted.status).toBe(200);
    expect(submitted.body.status).toBe('submitted');
    const again = await call(app, 'PUT', `/api/evaluation-reports/${report.id}`, { token: execA1, body: { answers: filled(report) } });
    expect(again.status).toBe(409);
    const bare = await call(app, 'POST', `/api/evaluation-reports/${report.id}/return`, { token: reviewer, body: { comment: ' ' } });
    expect(bare.status).toBe(400);
    expect(bare.body.details).toEqual([expect.objectContaining({ field: 'comment', code: 'report_return_needs_comment' })]);
    const unknown = await call(app, 'POST', `/api/evaluation-reports/${report.id}/return`, { token: reviewer, body: { fieldComments: { nothing: 'x' } } });
    expect(unknown.body.details).toEqual([expect.objectContaining({ field: 'fieldComments.nothing', code: 'report_not_a_field' })]);
  });

  it('goes draft → submitted → returned with comments → resubmitted → approved, keeps the history, and closes the campaign with the last approval', async () => {
    const campaignId = await completedCampaign();
    const list = await call(app, 'GET', `/api/evaluation-reports?campaignId=${campaignId}`, { token: reviewer });
    expect(list.body).toHaveLength(2);
    const [a1, a2] = list.body as { id: number }[];
    const reportA1: ReportDetail = (await call(app, 'GET', `/api/evaluation-reports/${a1.id}`, { token: execA1 })).body;
    const reportA2: ReportDetail = (await call(app, 'GET', `/api/evaluation-reports/${a2.id}`, { token: execA2 })).body;

    expect((await call(app, 'POST', `/api/evaluation-reports/${a1.id}/submit`, { token: execA1, body: { answers: filled(reportA1) } })).status).toBe(200);
    const returned = await call(app, 'POST', `/api/evaluation-reports/${a1.id}/return`, {
      token: reviewer, body: { comment: '请补充问题与建议', fieldComments: { suggestions: '请写明下次活动的改进建议', summary: '' } },
    });
    expect(returned.status).toBe(200);
    expect(returned.body).toMatchObject({ status: 'returned', reviewComment: '请补充问题与建议', fieldComments: { suggestions: '请写明下次活动的改进建议' } });
    const seen = await call(app, 'GET', `/api/evaluation-reports/${a1.id}`, { token: execA1 });
    expect(seen.body).toMatchObject({ status: 'returned', mayFill: true, fieldComments: { suggestions: '请写明下次活动的改进建议' } });

    const resubmitted = await call(app, 'POST', `/api/evaluation-reports/${a1.id}/submit`, {
      token: execA1, body: { answers: filled(reportA1, { suggestions: '提前一周准备外呼名单' }) },
    });
    expect(resubmitted.body.status).toBe('resubmitted');
    expect((await call(app, 'POST', `/api/evaluation-reports/${a1.id}/approve`, { token: reviewer, body: {} })).body.status).toBe('approved');
    // One report still open: the campaign stays completed.
    expect((await call(app, 'GET', `/api/campaigns/${campaignId}`, { token: planner })).body.status).toBe('completed');

    expect((await call(app, 'POST', `/api/evaluation-reports/${a2.id}/submit`, { token: execA2, body: { answers: filled(reportA2) } })).status).toBe(200);
    const last = await call(app, 'POST', `/api/evaluation-reports/${a2.id}/approve`, { token: planner, body: { comment: '同意' } });
    expect(last.status).toBe(200);
    expect((await call(app, 'GET', `/api/campaigns/${campaignId}`, { token: planner })).body.status).toBe('closed');
    const [closing] = await db.query(`SELECT actor_id, comment FROM campaign_audit WHERE campaign_id = $1 AND action = 'close'`, [campaignId]);
    expect(closing).toEqual({ actor_id: plannerId, comment: 'every evaluation report approved' });

    // The owner heard of each submission, the branch's executors of the return.
    const notices = await db.query(
      `SELECT n.kind, u.username FROM notifications n JOIN users u ON u.id = n.recipient_id
        WHERE n.link IN ($1, $2) ORDER BY n.created_at, u.username`,
      [`/evaluation-reports/${a1.id}`, `/evaluation-reports/${a2.id}`],
    );
    expect(notices).toEqual([
      { kind: 'evaluation_report_submitted', username: 'cm.province' },
      { kind: 'evaluation_report_returned', username: 'exec.a1' },
      { kind: 'evaluation_report_returned', username: 'exec.a1b' },
      { kind: 'evaluation_report_submitted', username: 'cm.province' },
      { kind: 'evaluation_report_submitted', username: 'cm.province' },
    ]);

    const history = (await call(app, 'GET', `/api/evaluation-reports/${a1.id}`, { token: reviewer })).body.history;
    expect(history.map((h: { fromStatus: string | null; toStatus: string }) => [h.fromStatus, h.toStatus])).toEqual([
      [null, 'draft'], ['draft', 'submitted'], ['submitted', 'returned'], ['returned', 'resubmitted'], ['resubmitted', 'approved'],
    ]);
    expect(history[2]).toMatchObject({ actorName: 'reviewer.province', comment: '请补充问题与建议', fieldComments: { suggestions: '请写明下次活动的改进建议' } });
  });

  it('keeps each branch to its own reports: another branch can neither read nor change them, nor review them', async () => {
    const campaignId = await completedCampaign();
    const own = await call(app, 'GET', `/api/evaluation-reports?campaignId=${campaignId}`, { token: execA2 });
    expect(own.body.map((r: { branch: { id: number } }) => r.branch.id)).toEqual([org.countyA2]);
    const [{ id: a1 }] = await db.query(`SELECT id FROM evaluation_reports WHERE campaign_id = $1 AND branch_id = $2`, [campaignId, org.countyA1]);
    const report = await reportOf(execA1, campaignId);

    expect((await call(app, 'GET', `/api/evaluation-reports/${a1}`, { token: execA2 })).status).toBe(404);
    expect((await call(app, 'PUT', `/api/evaluation-reports/${a1}`, { token: execA2, body: { answers: report.answers } })).status).toBe(404);
    expect((await call(app, 'POST', `/api/evaluation-reports/${a1}/submit`, { token: execA2, body: { answers: filled(report) } })).status).toBe(404);
    expect((await call(app, 'GET', `/api/evaluation-reports/${a1}/print`, { token: execA2 })).status).toBe(404);
    const sideBySide = await call(app, 'GET', `/api/campaigns/${campaignId}/evaluation-reports`, { token: execA2 });
    expect(sideBySide.body.reports.map((r: { branch: { id: number } }) => r.branch.id)).toEqual([org.countyA2]);
    // A reviewer of another city sees nothing of it; a planner may not fill a branch's report; a branch may not approve.
    expect((await call(app, 'GET', `/api/evaluation-reports/${a1}`, { token: cityReviewerB })).status).toBe(404);
    expect((await call(app, 'PUT', `/api/evaluation-reports/${a1}`, { token: planner, body: { answers: report.answers } })).status).toBe(403);
    await call(app, 'POST', `/api/evaluation-reports/${a1}/submit`, { token: execA1, body: { answers: filled(report) } });
    expect((await call(app, 'POST', `/api/evaluation-reports/${a1}/approve`, { token: execA1, body: {} })).status).toBe(403);
    const [{ status }] = await db.query(`SELECT status FROM evaluation_reports WHERE id = $1`, [a1]);
    expect(status).toBe('submitted');
  });

  it('flags overdue reports and mails their branch\'s executors once a day, however often the job runs', async () => {
    const campaignId = await completedCampaign();
    await db.query(`UPDATE evaluation_reports SET due_date = current_date - 2 WHERE campaign_id = $1`, [campaignId]);
    const overdue = await call(app, 'GET', `/api/evaluation-reports?overdue=true&campaignId=${campaignId}`, { token: execA1 });
    expect(overdue.body.map((r: { overdue: boolean }) => r.overdue)).toEqual([true]);
    sink.received.length = 0;

    const reminders = app.get(ReportReminders);
    // Every overdue report so far is reminded (the earlier checkpoint reports too), each to the executors of its branch with an address.
    const sent = await reminders.remindOverdue();
    expect(await reminders.remindOverdue()).toBe(0);
    expect(sink.received).toHaveLength(sent);
    const [{ id: a1 }] = await db.query(`SELECT id FROM evaluation_reports WHERE campaign_id = $1 AND branch_id = $2`, [campaignId, org.countyA1]);
    const link = new RegExp(`/evaluation-reports/${a1}(?!\\d)`);
    const forA1 = sink.received.filter((mail) => link.test(mail.parsed.text ?? ''));
    expect(forA1.map((mail) => mail.to[0]).sort()).toEqual(['exec.a1@example.com', 'exec.a1b@example.com']);
    expect(forA1[0].parsed.subject).toBe('评估报告已逾期：车险客户家财险交叉销售 | Evaluation report overdue');
    expect(forA1[0].parsed.text).toContain('江宁支公司的评估报告已逾期');
    const [{ n }] = await db.query(`SELECT count(*)::int AS n FROM evaluation_report_reminders WHERE report_id = $1`, [a1]);
    expect(n).toBe(1);
  });

  it('shows every branch side by side with the same fields in order, and exports them as one XLSX with formulas neutralised', async () => {
    const campaignId = await completedCampaign();
    const report = await reportOf(execA1, campaignId);
    await call(app, 'PUT', `/api/evaluation-reports/${report.id}`, {
      token: execA1, body: { answers: filled(report, { summary: '=HYPERLINK("http://evil.example","点我")', conversions: '2' }), explanations: { conversions: '一单线下成交' } },
    });
    const view = await call(app, 'GET', `/api/campaigns/${campaignId}/evaluation-reports`, { token: reviewer });
    expect(view.status).toBe(200);
    const keys = STANDARD_EVALUATION_FORM.sections.flatMap((s) => s.fields.map((f) => f.key));
    expect(view.body.fields.map((f: { key: string }) => f.key)).toEqual(keys);
    expect(view.body.reports.map((r: { branch: { id: number } }) => r.branch.id)).toEqual([org.countyA1, org.countyA2]);
    expect(view.body.reports[0].values.conversions).toEqual({ value: '2', system: '1', differs: true, explanation: '一单线下成交', comment: null });
    expect(view.body.reports[1].values.conversions).toMatchObject({ value: '2', system: '2', differs: false });
    expect(view.body.occasion).toMatchObject({ occasion: 'completion', reports: 2, approved: 0 });

    const file = await app.inject({ method: 'GET', url: `/api/campaigns/${campaignId}/evaluation-reports.xlsx`, headers: { authorization: `Bearer ${reviewer}` } });
    expect(file.statusCode).toBe(200);
    expect(file.headers['content-type']).toBe('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet');
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(file.rawPayload as unknown as ArrayBuffer);
    const sheet = workbook.worksheets[0];
    expect(sheet.rowCount).toBe(3);
    const header = (sheet.getRow(1).values as string[]).slice(1);
    expect(header.slice(0, 4)).toEqual(['机构', '状态', '截止日期', '执行情况综述']);
    expect(header).toEqual(expect.arrayContaining(['转化数（保单）', '转化数（保单）（系统）', '转化数（保单）（说明）']));
    const row = (sheet.getRow(2).values as unknown[]).slice(1);
    expect(row[0]).toBe('江宁支公司');
    expect(row[3]).toBe(`'=HYPERLINK("http://evil.example","点我")`);
    const at = header.indexOf('转化数（保单）');
    expect(row.slice(at, at + 3)).toEqual([2, 1, '一单线下成交']);

    // In English the columns have English parentheses and the status reads as a label, not as its code.
    const english = await app.inject({ method: 'GET', url: `/api/campaigns/${campaignId}/evaluation-reports.xlsx?lang=en`, headers: { authorization: `Bearer ${reviewer}` } });
    const englishBook = new ExcelJS.Workbook();
    await englishBook.xlsx.load(english.rawPayload as unknown as ArrayBuffer);
    const englishSheet = englishBook.worksheets[0];
    expect((englishSheet.getRow(1).values as string[]).slice(1)).toEqual(expect.arrayContaining(['Conversions (policies)', 'Conversions (policies) (system)', 'Conversions (policies) (explanation)']));
    expect((englishSheet.getRow(2).values as string[])[2]).toMatch(/^[A-Z][a-z]+$/);
  });

  it('renders a report as a printable page and as a PDF whose text is Chinese; without Chromium the PDF is a 503 that says so', async () => {
    const campaignId = await completedCampaign();
    const report = await reportOf(execA1, campaignId);
    const submitted = await call(app, 'POST', `/api/evaluation-reports/${report.id}/submit`, {
      token: execA1, body: { answers: filled(report, { contacts: '1234', spend_items: [{ item: '宣传折页', amount: '0.5' }], contact_costs: '107' }), explanations: { contacts: '一次上门未记入系统' } },
    });
    expect(submitted.status).toBe(200);
    await db.query(`UPDATE evaluation_reports SET due_date = '2026-12-01' WHERE id = $1`, [report.id]);
    const page = await call(app, 'GET', `/api/evaluation-reports/${report.id}/print`, { token: reviewer });
    expect(page.status).toBe(200);
    expect(page.headers['content-type']).toBe('text/html; charset=utf-8');
    expect(page.body).toContain('营销活动评估报告 · 江宁支公司');
    expect(page.body).toContain('本机构按计划完成电话和邮件触达');
    // Dates, money and numbers as Chinese writes them.
    expect(page.body).toContain('<div class="value">1,234</div>');
    expect(page.body).toContain('系统数据： 5 · 修改说明： 一次上门未记入系统');
    expect(page.body).toContain('<div class="value">2026年11月2日</div>');
    expect(page.body).toContain('<dt>截止日期</dt><dd>2026年12月1日</dd>');
    expect(page.body).toContain('<div class="value">¥1,000.00</div>');
    expect(page.body).toContain('<td>¥0.50</td>');
    expect(page.body).toMatch(/<dt>提交时间<\/dt><dd>\d{4}年\d{1,2}月\d{1,2}日 \d{2}:\d{2}<\/dd>/);
    expect(page.body).toContain('车险客户家财险交叉销售（');

    const english = await call(app, 'GET', `/api/evaluation-reports/${report.id}/print?lang=en`, { token: reviewer });
    expect(english.body).toContain('<html lang="en">');
    expect(english.body).toContain('System figure: 5 · Explanation: 一次上门未记入系统');
    expect(english.body).toContain('<div class="value">2 Nov 2026</div>');
    expect(english.body).toContain('<dt>Due</dt><dd>1 Dec 2026</dd>');
    expect(english.body).toContain('<div class="value">¥1,000.00</div>');
    expect(english.body).toMatch(/<dt>Submitted<\/dt><dd>\d{1,2} [A-Z][a-z]{2} \d{4}, \d{2}:\d{2}<\/dd>/);
    expect(english.body).toMatch(/<dt>Occasion<\/dt><dd>Completion \d{1,2} [A-Z][a-z]{2} \d{4}<\/dd>/);
    expect(english.body).toContain('<dt>Status</dt><dd>Submitted</dd>');
    // No date, label or parenthesis written the Chinese way on the English page.
    expect(english.body).not.toMatch(/\d+年\d+月|系统数据|（/);

    const pdf = await app.inject({ method: 'GET', url: `/api/evaluation-reports/${report.id}/pdf`, headers: { authorization: `Bearer ${reviewer}` } });
    expect(pdf.statusCode).toBe(200);
    expect(pdf.headers['content-type']).toBe('application/pdf');
    const bytes = pdf.rawPayload;
    expect(bytes.subarray(0, 5).toString('latin1')).toBe('%PDF-');
    // No pdftotext on this machine: the Chinese text is drawn with the CJK font the set-up installs, embedded by name.
    expect(bytes.toString('latin1')).toMatch(/\/BaseFont\s*\/[A-Z]{6}\+WenQuanYi/);

    const config = app.get(AppConfig);
    const chromium = config.CHROMIUM_PATH;
    config.CHROMIUM_PATH = '/nonexistent/chromium';
    try {
      const missing = await call(app, 'GET', `/api/evaluation-reports/${report.id}/pdf`, { token: reviewer });
      expect(missing.status).toBe(503);
      expect(missing.body).toMatchObject({ code: 'report_pdf_unavailable' });
      expect(missing.body.message).toContain('chromium 和 fonts-wqy-microhei');
    } finally {
      config.CHROMIUM_PATH = chromium;
    }
  });
});
