import { Button, Empty, Flex, Select, Space, Table, Tag, Tooltip, Typography } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import { useCallback, useEffect, useState } from 'react';
import { Link, useParams } from 'react-router-dom';
import type { FormField, FormValue } from '@lib/evaluation/form-schema';
import { formFields } from '@lib/evaluation/form-validation';
import type { ComparedReport, SideBySideView } from '@lib/evaluation/reports/evaluation-report.view';
import type { ReportOccasion } from '@lib/evaluation/reports/report-status';
import { api, apiUrl } from '../../api/client';
import { useShowError } from '../../components/errors';
import { FieldValueText } from '../../components/evaluation-form/field-input';
import { PageContainer } from '../../components/page-container';
import { useI18n } from '../../i18n/i18n';
import { REPORT_TEXT as TEXT, StatusTag, useOccasionText } from './report-labels';
import { ReviewActions } from './review-actions';
import './reports-side-by-side.css';

interface Chosen {
  occasion: ReportOccasion;
  date: string;
}

/** A value to sort by: numbers as numbers, a table by its rows, anything else by its text. */
function sortKey(value: FormValue | undefined): number | string {
  if (typeof value === 'string' && /^-?\d+(\.\d+)?$/.test(value)) return Number(value);
  if (Array.isArray(value)) return value.length;
  return typeof value === 'string' ? value : '';
}

function compareValues(a: FormValue | undefined, b: FormValue | undefined): number {
  const left = sortKey(a);
  const right = sortKey(b);
  if (typeof left === 'number' && typeof right === 'number') return left - right;
  return String(left).localeCompare(String(right), 'zh-CN');
}

/**
 * The reviewer's view of a campaign's reports: a row per branch, a column per field in
 * the form's order, each figure that differs from the system highlighted with the system
 * figure and the branch's explanation; sort by any field; return or approve each report;
 * export them as one XLSX; open each one's printable page and PDF.
 */
export default function ReportsSideBySidePage() {
  const { id } = useParams();
  const { pick, localName, locale } = useI18n();
  const showError = useShowError();
  const occasionText = useOccasionText();
  const [chosen, setChosen] = useState<Chosen | null>(null);
  const [view, setView] = useState<SideBySideView | null>(null);

  const load = useCallback(async () => {
    try {
      setView(await api.get<SideBySideView>(`/campaigns/${id}/evaluation-reports`, chosen ? { occasion: chosen.occasion, date: chosen.date } : {}));
    } catch (e) {
      showError(e);
    }
  }, [id, chosen, showError]);

  useEffect(() => {
    void load();
  }, [load]);

  if (!view) return <PageContainer title={pick(TEXT.myReports)}><Empty /></PageContainer>;
  const fields = view.form ? formFields(view.form) : [];
  const query = view.occasion ? { occasion: view.occasion.occasion, date: view.occasion.occasionDate, lang: locale } : { lang: locale };

  const cell = (field: FormField, report: ComparedReport) => {
    const compared = report.values[field.key];
    const body =
      field.type === 'table' ? (
        <span>{Array.isArray(compared.value) ? compared.value.length : 0}</span>
      ) : (
        <FieldValueText spec={{ type: field.type, options: field.options }} value={compared.value} />
      );
    return (
      <div className={compared.differs ? 'side-by-side-differs' : undefined} data-testid={`cell-${report.branch.id}-${field.key}`}>
        {body}
        {compared.differs && (
          <Tooltip title={compared.explanation ?? ''}>
            <div className="side-by-side-system">
              {pick(TEXT.systemFigure, { value: compared.system ?? '' })}
              {compared.explanation ? ` · ${compared.explanation}` : ''}
            </div>
          </Tooltip>
        )}
        {compared.comment && <Tag color="red">{pick(TEXT.comment, { text: compared.comment })}</Tag>}
      </div>
    );
  };

  const columns: ColumnsType<ComparedReport> = [
    {
      title: pick(TEXT.branch),
      fixed: 'left',
      width: 160,
      sorter: (a, b) => a.branch.name.localeCompare(b.branch.name, 'zh-CN'),
      render: (_, report) => {
        const differences = Object.values(report.values).filter((value) => value.differs).length;
        return (
          <Space direction="vertical" size={2}>
            <Link to={`/evaluation-reports/${report.id}`}>{localName(report.branch.name, report.branch.nameEn)}</Link>
            {differences > 0 && <Tag color="orange" data-testid={`differences-${report.branch.id}`}>{pick(TEXT.differences, { count: differences })}</Tag>}
          </Space>
        );
      },
    },
    { title: pick(TEXT.status), width: 110, render: (_, report) => <StatusTag status={report.status} /> },
    {
      title: pick(TEXT.dueDate),
      width: 120,
      render: (_, report) => (
        <>
          {report.dueDate} {report.overdue && <Tag color="red">{pick(TEXT.overdue)}</Tag>}
        </>
      ),
    },
    ...fields.map((field) => ({
      key: field.key,
      title: pick(field.label),
      width: field.type === 'long_text' ? 240 : 140,
      sorter: (a: ComparedReport, b: ComparedReport) => compareValues(a.values[field.key].value, b.values[field.key].value),
      render: (_: unknown, report: ComparedReport) => cell(field, report),
    })),
    {
      title: pick(TEXT.actions),
      fixed: 'right',
      width: 220,
      render: (_, report) => {
        const name = localName(report.branch.name, report.branch.nameEn);
        return (
          <Space direction="vertical" size={4}>
            <Space size={8}>
              <a href={apiUrl(`/evaluation-reports/${report.id}/print`, { lang: locale })} target="_blank" rel="noreferrer" aria-label={`${pick(TEXT.printable)} ${name}`}>{pick(TEXT.printable)}</a>
              <a href={apiUrl(`/evaluation-reports/${report.id}/pdf`, { lang: locale })} target="_blank" rel="noreferrer" aria-label={`${pick(TEXT.pdf)} ${name}`}>PDF</a>
            </Space>
            {report.mayReview && view.form && <ReviewActions reportId={report.id} label={name} fields={view.fields} onDecided={() => load()} />}
          </Space>
        );
      },
    },
  ];

  return (
    <PageContainer
      title={pick(TEXT.sideBySideTitle, { name: view.campaignName })}
      extra={
        <Space wrap>
          {view.occasions.length > 1 && (
            <Select<string>
              aria-label={pick(TEXT.occasion)}
              style={{ minWidth: 200 }}
              value={view.occasion ? `${view.occasion.occasion}/${view.occasion.occasionDate}` : undefined}
              onChange={(value) => {
                const [occasion, date] = value.split('/');
                setChosen({ occasion: occasion as ReportOccasion, date });
              }}
              options={view.occasions.map((o) => ({ value: `${o.occasion}/${o.occasionDate}`, label: occasionText(o.occasion, o.occasionDate) }))}
            />
          )}
          {view.occasion && (
            <Button href={apiUrl(`/campaigns/${view.campaignId}/evaluation-reports.xlsx`, query)} data-testid="export-xlsx">
              {pick(TEXT.exportXlsx)}
            </Button>
          )}
        </Space>
      }
    >
      {view.occasion ? (
        <>
          <Flex gap={16} align="center">
            <Typography.Text>{occasionText(view.occasion.occasion, view.occasion.occasionDate)}</Typography.Text>
            <Typography.Text type="secondary" data-testid="approved-count">
              {pick(TEXT.approvedCount, { approved: view.occasion.approved, reports: view.occasion.reports })}
            </Typography.Text>
            {view.campaignStatus === 'closed' && <Tag color="green" data-testid="campaign-closed">{pick(TEXT.campaignClosed)}</Tag>}
          </Flex>
          <Table<ComparedReport>
            rowKey="id"
            size="small"
            bordered
            pagination={false}
            dataSource={view.reports}
            columns={columns}
            scroll={{ x: 'max-content' }}
            data-testid="side-by-side"
          />
        </>
      ) : (
        <Empty description={pick(TEXT.noReports)} />
      )}
    </PageContainer>
  );
}
