import { ArrowLeftOutlined, BlockOutlined } from '@ant-design/icons';
import { Button, Card, Col, Flex, Row, Select, Space, Table, Tag, Typography } from 'antd';
import { useMemo, useState } from 'react';
import { useNavigate } from 'react-router-dom';
import { barOption, EChart } from '../../components/rule-builder/echart';
import { useShowError } from '../../components/errors';
import { useI18n } from '../../i18n/i18n';
import { segmentApi, type Overlap } from './segment-api';
import { segmentText as text } from './segment-text';
import { useSegmentOptions } from './use-segment-options';
import { PageHeading } from '../../components/page-container';

// Dark enough for white text on each segment's tag (4.5:1 and more).
const COLORS = ['#0958d9', '#006d75', '#ad4e00', '#722ed1'];

/** Counts the customers shared by 2 to 4 segments, for every intersection. */
export default function SegmentOverlapPage() {
  const { pick } = useI18n();
  const navigate = useNavigate();
  const showError = useShowError();
  const segmentOptions = useSegmentOptions();
  const [chosen, setChosen] = useState<number[]>([]);
  const [overlap, setOverlap] = useState<Overlap>();
  const [loading, setLoading] = useState(false);

  const compute = async () => {
    setLoading(true);
    try {
      setOverlap(await segmentApi.overlap(chosen));
    } catch (error) {
      showError(error);
    } finally {
      setLoading(false);
    }
  };

  const indexOf = (id: number) => Math.max(0, overlap?.segments.findIndex((s) => s.id === id) ?? 0);
  const colorOf = (id: number) => COLORS[indexOf(id) % COLORS.length];
  // Each segment gets a letter (A-D) beside its name, so four-way intersections fit on a chart axis as "A ∩ B ∩ C".
  const letterOf = (id: number) => String.fromCharCode(65 + indexOf(id));
  const nameOf = (id: number) => overlap?.segments.find((s) => s.id === id)?.name ?? String(id);
  const tagOf = (id: number) => <Tag color={colorOf(id)} style={{ marginInlineEnd: 0 }}>{letterOf(id)} · {nameOf(id)}</Tag>;
  const rows = useMemo(
    () =>
      (overlap?.intersections ?? []).map((row) => {
        const smallest = Math.min(...row.segmentIds.map((id) => overlap!.segments.find((s) => s.id === id)?.count ?? 0));
        return { ...row, key: row.segmentIds.join('-'), share: smallest ? row.count / smallest : 0 };
      }),
    [overlap],
  );
  const chart = useMemo(
    () => barOption(rows.map((row) => ({ label: row.segmentIds.map(letterOf).join(' ∩ '), value: row.count })), pick(text.customers)),
    [rows, pick],
  );

  return (
    <Space direction="vertical" size={16} style={{ width: '100%' }}>
      <Space align="center">
        <Button type="text" icon={<ArrowLeftOutlined />} onClick={() => navigate('/segments')} aria-label={pick(text.back)} />
        <PageHeading>{pick(text.overlapTitle)}</PageHeading>
      </Space>
      <Card>
        <Typography.Paragraph type="secondary" style={{ marginTop: 0 }}>{pick(text.overlapHint)}</Typography.Paragraph>
        <Flex gap={12} wrap>
          <Select
            mode="multiple"
            style={{ minWidth: 420, flex: 1 }}
            placeholder={pick(text.pickSegments)}
            aria-label={pick(text.pickSegments)}
            value={chosen}
            onChange={(ids: number[]) => setChosen(ids.slice(0, 4))}
            optionFilterProp="label"
            options={segmentOptions}
            data-testid="overlap-segments"
          />
          <Button type="primary" icon={<BlockOutlined />} disabled={chosen.length < 2} loading={loading} onClick={compute} data-testid="compute-overlap">
            {pick(text.compute)}
          </Button>
        </Flex>
      </Card>
      {overlap && (
        <Row gutter={16}>
          <Col xs={24} xl={12}>
            <Card title={pick(text.segmentsCounts)} style={{ marginBottom: 16 }}>
              <Table
                size="small"
                rowKey="id"
                pagination={false}
                dataSource={overlap.segments}
                columns={[
                  { title: pick(text.name), dataIndex: 'name', render: (_: string, row) => tagOf(row.id) },
                  { title: pick(text.customers), dataIndex: 'count', align: 'right', render: (n: number) => n.toLocaleString() },
                ]}
              />
            </Card>
            <Card title={pick(text.intersection)}>
              <Table
                size="small"
                pagination={false}
                dataSource={rows}
                data-testid="overlap-table"
                columns={[
                  {
                    title: pick(text.intersection),
                    dataIndex: 'segmentIds',
                    render: (ids: number[]) => (
                      <Flex wrap gap={4} align="center">
                        {ids.map((id, i) => (
                          <span key={id}>
                            {i > 0 && <span style={{ margin: '0 4px', color: '#595959' }}>∩</span>}
                            {tagOf(id)}
                          </span>
                        ))}
                      </Flex>
                    ),
                  },
                  { title: pick(text.customers), dataIndex: 'count', align: 'right', render: (n: number) => n.toLocaleString() },
                  { title: pick(text.shareOfSmallest), dataIndex: 'share', align: 'right', render: (share: number) => `${(share * 100).toFixed(1)}%` },
                ]}
              />
            </Card>
          </Col>
          <Col xs={24} xl={12}>
            <Card title={pick(text.intersection)}>
              <EChart option={chart} height={Math.max(200, rows.length * 36 + 40)} />
            </Card>
          </Col>
        </Row>
      )}
    </Space>
  );
}
