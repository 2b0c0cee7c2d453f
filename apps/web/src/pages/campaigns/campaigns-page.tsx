import { CopyOutlined, PlusOutlined, WarningOutlined } from '@ant-design/icons';
import { App, Alert, Button, Card, Checkbox, DatePicker, Empty, Flex, Form, Input, Segmented, Select, Space, Table, Tag, Tooltip, Typography } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import dayjs, { type Dayjs } from 'dayjs';
import { useEffect, useMemo, useState } from 'react';
import { Link, useNavigate, useSearchParams } from 'react-router-dom';
import { CodeTag } from '../../components/code-tag';
import { useShowError } from '../../components/errors';
import { OrgUnitSelect } from '../../components/org-units';
import { PageTitle } from '../../components/page-container';
import { PagedTable, SearchButtons, usePagedRows } from '../../components/paged-search';
import { useI18n } from '../../i18n/i18n';
import { useSession } from '../../session/session';
import type { CampaignSummary } from '@lib/campaigns/campaign.view';
import { campaignApi, type Calendar, type CampaignListFilter, type CampaignRow } from './campaign-api';
import { campaignText as text, OBJECTIVE_LABELS, STATUS_LABELS } from './campaign-text';
import { yuan } from '../bundles/bundles-page';

const WEEK_BAR = { height: 22, borderRadius: 4, background: '#bae0ff' };
// Dark text on a light orange keeps the warning mark readable (axe colour contrast).
const OVERLAP_BAR = { background: '#ffd591', color: '#873800', display: 'flex', alignItems: 'center', justifyContent: 'center' };

type Filter = Omit<CampaignListFilter, 'page' | 'pageSize'>;

/** The campaign list: a table paged on the server, or a month's calendar with the overlap of audiences marked. */
export default function CampaignsPage() {
  const { pick, label } = useI18n();
  const { hasAnyRole, user } = useSession();
  const navigate = useNavigate();
  const [params, setParams] = useSearchParams();
  const view = params.get('view') === 'calendar' ? 'calendar' : 'table';
  const [form] = Form.useForm<Filter & { mine?: boolean }>();
  const [filter, setFilter] = useState<Filter>({});
  const canWrite = hasAnyRole(['campaign_manager']);

  const objectiveOptions = Object.keys(OBJECTIVE_LABELS).map((code) => ({ value: code, label: label(OBJECTIVE_LABELS, code) }));
  const statusOptions = Object.keys(STATUS_LABELS)
    .filter((code) => code !== 'superseded' && code !== 'withdrawn')
    .map((code) => ({ value: code, label: pick(STATUS_LABELS[code].label) }));

  return (
    <Flex vertical gap={16}>
      <Flex justify="space-between" align="center" wrap gap={12}>
        <PageTitle title={pick(text.title)} subtitle={pick(text.subtitle)} />
        <Space>
          <Segmented
            aria-label={pick(text.title)}
            value={view}
            onChange={(value) => setParams(value === 'calendar' ? { view: 'calendar' } : {})}
            options={[{ value: 'table', label: pick(text.table) }, { value: 'calendar', label: pick(text.calendar) }]}
            data-testid="campaign-view"
          />
          {canWrite && (
            <Button type="primary" icon={<PlusOutlined />} onClick={() => navigate('/campaigns/new')} data-testid="new-campaign">
              {pick(text.newCampaign)}
            </Button>
          )}
        </Space>
      </Flex>
      <Card size="small">
        <Form form={form} layout="inline" onFinish={({ mine, q, ...values }) => setFilter({ ...values, q: q?.trim() || undefined, ownerId: mine ? user?.id : undefined })}>
          <Form.Item name="q">
            <Input allowClear placeholder={pick(text.search)} aria-label={pick(text.search)} style={{ width: 180 }} />
          </Form.Item>
          <Form.Item name="objective">
            <Select allowClear placeholder={pick(text.objective)} aria-label={pick(text.objective)} options={objectiveOptions} style={{ width: 160 }} />
          </Form.Item>
          <Form.Item name="status">
            <Select allowClear placeholder={pick(text.status)} aria-label={pick(text.status)} options={statusOptions} style={{ width: 140 }} />
          </Form.Item>
          <Form.Item name="branchId">
            <OrgUnitSelect placeholder={pick(text.branch)} />
          </Form.Item>
          {canWrite && (
            <Form.Item name="mine" valuePropName="checked">
              <Checkbox>{pick(text.mine)}</Checkbox>
            </Form.Item>
          )}
          <SearchButtons onReset={() => { form.resetFields(); setFilter({}); }} />
        </Form>
      </Card>
      {view === 'table' ? <CampaignTable filter={filter} canWrite={canWrite} /> : <CampaignCalendarView filter={filter} />}
    </Flex>
  );
}

function CampaignTable({ filter, canWrite }: { filter: Filter; canWrite: boolean }) {
  const { pick, label, localName } = useI18n();
  const { message } = App.useApp();
  const showError = useShowError();
  const navigate = useNavigate();
  const [paging, setPaging] = useState({ page: 1, pageSize: 20 });
  const query = { ...filter, ...paging };
  const { result, loading, error } = usePagedRows<CampaignSummary>('/campaigns', query);
  useEffect(() => setPaging((p) => ({ ...p, page: 1 })), [filter]);

  const copy = async (row: CampaignRow) => {
    try {
      const draft = await campaignApi.copy(row.id);
      message.success(pick(text.copied));
      navigate(`/campaigns/${draft.id}/edit`);
    } catch (e) {
      showError(e);
    }
  };

  const columns: ColumnsType<CampaignRow> = [
    { title: pick(text.code), dataIndex: 'code', width: 110 },
    { title: pick(text.name), dataIndex: 'name', render: (name: string, row) => <Link to={`/campaigns/${row.id}`}>{name}</Link> },
    { title: pick(text.objective), dataIndex: 'objective', render: (code: string) => label(OBJECTIVE_LABELS, code) },
    {
      title: pick(text.status),
      dataIndex: 'status',
      render: (status: string, row) => (
        <Space size={4} wrap>
          <CodeTag code={status} labels={STATUS_LABELS} />
          {row.openRevisionStatus && row.revisionNumber > 0 && status !== row.openRevisionStatus && (
            <Tag>{pick(text.revisionOpen, { status: pick(STATUS_LABELS[row.openRevisionStatus]?.label ?? { zh: row.openRevisionStatus, en: row.openRevisionStatus }) })}</Tag>
          )}
        </Space>
      ),
    },
    { title: pick(text.period), render: (_, row) => (row.startDate ? `${row.startDate} ~ ${row.endDate ?? ''}` : '—') },
    { title: pick(text.budget), dataIndex: 'budget', align: 'right', render: (budget: string | null) => (budget ? yuan(budget) : '—') },
    { title: pick(text.owner), dataIndex: 'ownerName' },
    { title: pick(text.owningUnit), key: 'owningUnit', render: (_, row) => localName(row.owningOrgUnitName, row.owningOrgUnitNameEn) },
    ...(canWrite
      ? [{
          title: pick(text.actions),
          key: 'actions',
          render: (_: unknown, row: CampaignRow) => (
            <Tooltip title={pick(text.copy)}>
              <Button size="small" icon={<CopyOutlined />} aria-label={`${pick(text.copy)}: ${row.name}`} onClick={() => copy(row)} />
            </Tooltip>
          ),
        }]
      : []),
  ];

  return (
    <Card>
      {error && <Alert type="error" showIcon message={error} style={{ marginBottom: 12 }} />}
      <PagedTable<CampaignRow> columns={columns} result={result} loading={loading} page={paging.page} pageSize={paging.pageSize}
        onPage={(page, pageSize) => setPaging({ page, pageSize })} />
    </Card>
  );
}

/** A month as ISO weeks (their Mondays) across, campaigns down; a bar where a campaign runs, marked where audiences overlap. */
function CampaignCalendarView({ filter }: { filter: Filter }) {
  const { pick, label } = useI18n();
  const showError = useShowError();
  const [month, setMonth] = useState<Dayjs>(dayjs().startOf('month'));
  const [calendar, setCalendar] = useState<Calendar>();
  const [loading, setLoading] = useState(false);
  const monthKey = month.format('YYYY-MM');
  const filterText = JSON.stringify(filter);

  useEffect(() => {
    setLoading(true);
    campaignApi.calendar(monthKey, JSON.parse(filterText) as Filter).then(setCalendar, showError).finally(() => setLoading(false));
  }, [monthKey, filterText, showError]);

  const weeks = useMemo(() => {
    const mondays: string[] = [];
    // The ISO weeks that touch the month: from the Monday on or before the 1st to the last day.
    let monday = month.subtract((month.day() + 6) % 7, 'day');
    while (monday.isBefore(month.endOf('month'))) {
      mondays.push(monday.format('YYYY-MM-DD'));
      monday = monday.add(7, 'day');
    }
    return mondays;
  }, [month]);

  const names = new Map((calendar?.campaigns ?? []).map((c) => [c.id, c.name]));
  const overlapsOf = (id: number) => (calendar?.overlaps ?? []).filter((o) => o.campaignIds.includes(id));
  type Row = Calendar['campaigns'][number];
  const columns: ColumnsType<Row> = [
    {
      title: pick(text.name),
      dataIndex: 'name',
      width: 280,
      render: (name: string, row) => (
        <Space direction="vertical" size={0}>
          <Link to={`/campaigns/${row.id}`}>{name}</Link>
          <Space size={4}>
            <CodeTag code={row.status} labels={STATUS_LABELS} />
            <Typography.Text type="secondary">{label(OBJECTIVE_LABELS, row.objective)}</Typography.Text>
          </Space>
        </Space>
      ),
    },
    ...weeks.map((week) => ({
      title: `${pick(text.week)} ${dayjs(week).format('MM-DD')}`,
      key: week,
      align: 'center' as const,
      render: (_: unknown, row: Row) => {
        if (!row.weeks.includes(week)) return null;
        const shared = overlapsOf(row.id).filter((o) => o.weeks.includes(week));
        if (shared.length === 0) return <div style={WEEK_BAR} aria-label={`${row.name} ${week}`} />;
        const detail = shared
          .map((o) => pick(text.overlapWith, { other: names.get(o.campaignIds.find((id) => id !== row.id) ?? 0) ?? '', weeks: o.weeks.join(', '), count: o.sharedCustomers }))
          .join('; ');
        return (
          <Tooltip title={detail}>
            <div style={{ ...WEEK_BAR, ...OVERLAP_BAR }} data-testid="overlap-mark" tabIndex={0} aria-label={`${pick(text.overlapMark)}: ${detail}`}>
              <WarningOutlined />
            </div>
          </Tooltip>
        );
      },
    })),
  ];

  return (
    <Card
      title={
        <Space>
          <DatePicker picker="month" value={month} allowClear={false} onChange={(value) => value && setMonth(value.startOf('month'))} aria-label={pick(text.month)} />
          <Typography.Text type="secondary">
            <WarningOutlined /> {pick(text.overlapMark)}
          </Typography.Text>
        </Space>
      }
    >
      <Table<Row>
        rowKey="id"
        size="small"
        loading={loading}
        columns={columns}
        dataSource={calendar?.campaigns ?? []}
        pagination={false}
        locale={{ emptyText: <Empty description={pick(text.noCampaignsInMonth)} /> }}
        scroll={{ x: true }}
        data-testid="campaign-calendar"
      />
    </Card>
  );
}
