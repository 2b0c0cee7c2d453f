import { Button, Segmented, Table, Tag } from 'antd';
import { useCallback, useEffect, useState } from 'react';
import { Link } from 'react-router-dom';
import type { ReportSummary } from '@lib/evaluation/reports/evaluation-report.view';
import { api } from '../../api/client';
import { useShowError } from '../../components/errors';
import { PageContainer } from '../../components/page-container';
import { useI18n } from '../../i18n/i18n';
import { useUser } from '../../session/session';
import { REPORT_TEXT as TEXT, StatusTag, useOccasionText } from './report-labels';

type Filter = 'all' | 'toFill' | 'overdue' | 'toReview';

/** "My reports": a branch's reports to file (overdue ones flagged), and for reviewers the reports waiting for them. */
export default function EvaluationReportsPage() {
  const { pick, localName } = useI18n();
  const user = useUser();
  const showError = useShowError();
  const occasionText = useOccasionText();
  const reviews = user.roles.some((role) => role === 'reviewer' || role === 'campaign_manager');
  const [filter, setFilter] = useState<Filter>(reviews ? 'toReview' : 'all');
  const [reports, setReports] = useState<ReportSummary[]>([]);

  const load = useCallback(async () => {
    try {
      const query = { toReview: filter === 'toReview' || undefined, overdue: filter === 'overdue' || undefined };
      const list = await api.get<ReportSummary[]>('/evaluation-reports', query);
      setReports(filter === 'toFill' ? list.filter((report) => report.mayFill) : list);
    } catch (e) {
      showError(e);
    }
  }, [filter, showError]);

  useEffect(() => {
    void load();
  }, [load]);

  const options = [
    ...(reviews ? [{ value: 'toReview' as const, label: pick(TEXT.toReview) }] : []),
    ...(user.roles.includes('branch_executor') ? [{ value: 'toFill' as const, label: pick(TEXT.toFill) }] : []),
    { value: 'overdue' as const, label: pick(TEXT.overdue) },
    { value: 'all' as const, label: pick(TEXT.all) },
  ];

  return (
    <PageContainer title={pick(TEXT.myReports)}>
      <Segmented<Filter> value={filter} onChange={setFilter} options={options} data-testid="report-filter" />
      <Table<ReportSummary>
        rowKey="id"
        size="small"
        dataSource={reports}
        locale={{ emptyText: pick(TEXT.none) }}
        data-testid="report-list"
        columns={[
          { title: pick(TEXT.campaign), render: (_, report) => <Link to={`/evaluation-reports/${report.id}`}>{report.campaignName}（{report.campaignCode}）</Link> },
          { title: pick(TEXT.branch), render: (_, report) => localName(report.branch.name, report.branch.nameEn) },
          { title: pick(TEXT.occasion), render: (_, report) => occasionText(report.occasion, report.occasionDate) },
          {
            title: pick(TEXT.dueDate),
            render: (_, report) => (
              <>
                {report.dueDate} {report.overdue && <Tag color="red">{pick(TEXT.overdue)}</Tag>}
              </>
            ),
          },
          { title: pick(TEXT.status), render: (_, report) => <StatusTag status={report.status} /> },
          {
            title: pick(TEXT.actions),
            render: (_, report) => (
              <Link to={`/campaigns/${report.campaignId}/evaluation-reports`}>
                <Button size="small" type="link">{pick(TEXT.compare)}</Button>
              </Link>
            ),
          },
        ]}
      />
    </PageContainer>
  );
}
