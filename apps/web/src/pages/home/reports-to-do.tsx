import { Card, Space, Typography } from 'antd';
import { useEffect, useState } from 'react';
import { Link } from 'react-router-dom';
import type { ReportSummary } from '@lib/evaluation/reports/evaluation-report.view';
import { api } from '../../api/client';
import { useShowError } from '../../components/errors';
import { useI18n } from '../../i18n/i18n';
import type { Text } from '../../i18n/text';

const TEXT = {
  title: { zh: '待办', en: 'To do' },
  toFill: { zh: '评估报告待填写：{count}', en: 'Evaluation reports to fill: {count}' },
  overdue: { zh: '（逾期 {count}）', en: ' ({count} overdue)' },
  toReview: { zh: '评估报告待审核：{count}', en: 'Evaluation reports to review: {count}' },
} satisfies Record<string, Text>;

/** The reports the reader has to fill or to decide on, so that a login lands on its work; nothing when there is none. */
export function ReportsToDo() {
  const { pick } = useI18n();
  const showError = useShowError();
  const [reports, setReports] = useState<ReportSummary[]>();

  useEffect(() => {
    api.get<ReportSummary[]>('/evaluation-reports').then(setReports, showError);
  }, [showError]);

  const toFill = reports?.filter((report) => report.mayFill) ?? [];
  const overdue = toFill.filter((report) => report.overdue).length;
  const toReview = reports?.filter((report) => report.mayReview).length ?? 0;
  if (toFill.length === 0 && toReview === 0) return null;
  return (
    <Card title={pick(TEXT.title)} data-testid="to-do">
      <Space direction="vertical">
        {toFill.length > 0 && (
          <Link to="/evaluation-reports">
            {pick(TEXT.toFill, { count: toFill.length })}
            {overdue > 0 && <Typography.Text type="danger">{pick(TEXT.overdue, { count: overdue })}</Typography.Text>}
          </Link>
        )}
        {toReview > 0 && <Link to="/evaluation-reports">{pick(TEXT.toReview, { count: toReview })}</Link>}
      </Space>
    </Card>
  );
}
