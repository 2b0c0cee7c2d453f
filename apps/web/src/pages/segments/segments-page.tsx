import { BlockOutlined, PlusOutlined, UnorderedListOutlined } from '@ant-design/icons';
import type { Page } from '@lib/common/page';
import { Button, Card, Flex, Input, Segmented, Space, Table, Tag, Typography } from 'antd';
import dayjs from 'dayjs';
import { useEffect, useState } from 'react';
import { Link, useNavigate } from 'react-router-dom';
import { useShowError } from '../../components/errors';
import { PageTitle } from '../../components/page-container';
import { useI18n } from '../../i18n/i18n';
import { useSession } from '../../session/session';
import { PLANNING_WRITERS, segmentApi, type SegmentKind, type SegmentRow } from './segment-api';
import { segmentText as text } from './segment-text';

export function KindTag({ kind }: { kind: SegmentKind }) {
  const { pick } = useI18n();
  return kind === 'dynamic' ? <Tag color="blue">{pick(text.dynamic)}</Tag> : <Tag color="purple">{pick(text.static)}</Tag>;
}

/** The segments the user can see, with search, and the ways to create one. */
export default function SegmentsPage() {
  const { pick, localName } = useI18n();
  const { hasAnyRole } = useSession();
  const navigate = useNavigate();
  const showError = useShowError();
  const canWrite = hasAnyRole(PLANNING_WRITERS);
  const [query, setQuery] = useState<{ q: string; kind?: SegmentKind; page: number; pageSize: number }>({ q: '', page: 1, pageSize: 20 });
  const [data, setData] = useState<Page<SegmentRow>>();
  const [loading, setLoading] = useState(false);

  useEffect(() => {
    setLoading(true);
    segmentApi
      .list(query)
      .then(setData, showError)
      .finally(() => setLoading(false));
  }, [query, showError]);

  return (
    <Space direction="vertical" size={16} style={{ width: '100%' }}>
      <Flex justify="space-between" align="flex-end" wrap gap={12}>
        <PageTitle title={pick(text.title)} subtitle={pick(text.subtitle)} />
        <Space wrap>
          <Button icon={<BlockOutlined />} onClick={() => navigate('/segments/overlap')}>{pick(text.overlap)}</Button>
          {canWrite && (
            <>
              <Button icon={<UnorderedListOutlined />} onClick={() => navigate('/segments/new?kind=static')} data-testid="new-static-segment">
                {pick(text.newStatic)}
              </Button>
              <Button type="primary" icon={<PlusOutlined />} onClick={() => navigate('/segments/new')} data-testid="new-segment">
                {pick(text.newDynamic)}
              </Button>
            </>
          )}
        </Space>
      </Flex>
      <Card>
        <Flex gap={12} wrap style={{ marginBottom: 16 }}>
          <Input.Search
            allowClear
            style={{ width: 280 }}
            placeholder={pick(text.search)}
            maxLength={100}
            onSearch={(q) => setQuery({ ...query, q, page: 1 })}
          />
          <Segmented<SegmentKind | 'all'>
            value={query.kind ?? 'all'}
            // The server filters, so that the rows, the total and the pages all count the same segments.
            onChange={(kind) => setQuery({ ...query, kind: kind === 'all' ? undefined : kind, page: 1 })}
            options={[
              { value: 'all', label: pick(text.allKinds) },
              { value: 'dynamic', label: pick(text.dynamic) },
              { value: 'static', label: pick(text.static) },
            ]}
          />
        </Flex>
        <Table<SegmentRow>
          rowKey="id"
          loading={loading}
          dataSource={data?.items ?? []}
          columns={[
            {
              title: pick(text.name),
              dataIndex: 'name',
              render: (name: string, row) => (
                <Space direction="vertical" size={0}>
                  <Link to={`/segments/${row.id}`}>{name}</Link>
                  {row.description && <Typography.Text type="secondary" style={{ fontSize: 12 }}>{row.description}</Typography.Text>}
                </Space>
              ),
            },
            { title: pick(text.kind), dataIndex: 'kind', width: 100, render: (value: SegmentKind) => <KindTag kind={value} /> },
            { title: pick(text.owner), dataIndex: 'ownerOrgUnitName', width: 160, render: (name: string, row) => localName(name, row.ownerOrgUnitNameEn) },
            { title: pick(text.createdBy), dataIndex: 'createdByName', width: 120 },
            { title: pick(text.updatedAt), dataIndex: 'updatedAt', width: 170, render: (value: string) => dayjs(value).format('YYYY-MM-DD HH:mm') },
          ]}
          pagination={{
            current: query.page,
            pageSize: query.pageSize,
            total: data?.total ?? 0,
            showTotal: (total) => pick(text.total, { total }),
            onChange: (page, pageSize) => setQuery({ ...query, page, pageSize }),
          }}
        />
      </Card>
    </Space>
  );
}
