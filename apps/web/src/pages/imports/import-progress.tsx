import { DownloadOutlined, RedoOutlined } from '@ant-design/icons';
import { Alert, Button, Card, Col, Progress, Row, Space, Statistic, Table, Tag, Typography } from 'antd';
import type { Page } from '@lib/common/page';
import type { Serialized } from '@lib/common/serialized';
import type { ImportRejectionView, ImportView } from '@lib/imports/import.view';
import { useEffect, useState } from 'react';
import { api, apiUrl } from '../../api/client';
import { useErrorText } from '../../components/errors';
import { useI18n } from '../../i18n/i18n';
import { FINISHED, ImportStatusTag } from './import-status-tag';
import { KIND, L } from './labels';

const POLL_MS = 1000;

/** An import as the pages hold it. */
export type ImportJob = Serialized<ImportView>;

/** The first block of the UUID is enough for people to tell imports apart. */
export function shortId(id: string): string {
  return id.slice(0, 8);
}

/** Follows one import: polls its status every second until it finishes, then shows the counts and rejected rows. */
export function ImportProgress({ importId, onFinished }: { importId: string; onFinished: (job: ImportJob) => void }) {
  const { pick, label } = useI18n();
  const errorText = useErrorText();
  const [job, setJob] = useState<ImportJob>();
  const [error, setError] = useState<string>();
  /** Counts the reruns asked for here, so that polling starts again after each. */
  const [runs, setRuns] = useState(0);
  const [rerunning, setRerunning] = useState(false);

  useEffect(() => {
    let timer: ReturnType<typeof setTimeout> | undefined;
    let live = true;
    setJob(undefined);
    const poll = async () => {
      try {
        const current = await api.get<ImportView>(`/imports/${importId}`);
        if (!live) return;
        setJob(current);
        setError(undefined);
        if (FINISHED.includes(current.status)) onFinished(current);
        else timer = setTimeout(poll, POLL_MS);
      } catch (e) {
        if (!live) return;
        setError(errorText(e));
        timer = setTimeout(poll, POLL_MS * 3);
      }
    };
    void poll();
    return () => {
      live = false;
      clearTimeout(timer);
    };
  }, [importId, errorText, onFinished, runs]);

  const rerun = () => {
    setRerunning(true);
    api
      .post<ImportView>(`/imports/${importId}/rerun`)
      .then(() => setRuns((n) => n + 1), (e) => setError(errorText(e)))
      .finally(() => setRerunning(false));
  };

  if (!job) return error ? <Alert type="error" showIcon message={error} /> : <Card loading />;

  const finished = FINISHED.includes(job.status);
  const nothingWritten = job.status === 'rejected';
  return (
    <Card
      title={
        <Space>
          {pick(L.progress)}
          <Typography.Text type="secondary" style={{ fontWeight: 'normal' }}>
            {shortId(job.id)} · {label(KIND, job.kind)} · {job.fileName}
          </Typography.Text>
          {job.encoding && (
            <Tag bordered={false} data-testid="import-encoding">
              {pick(job.encoding === 'gb18030' ? L.encodingGb18030 : L.encodingUtf8)}
            </Tag>
          )}
        </Space>
      }
      extra={
        <Space>
          {/* A failed import kept its file: its uploader can run it again once the cause is put right. */}
          {job.status === 'failed' && (
            <Button size="small" icon={<RedoOutlined />} loading={rerunning} onClick={rerun} data-testid="import-rerun">
              {pick(L.rerun)}
            </Button>
          )}
          <ImportStatusTag status={job.status} />
        </Space>
      }
      data-testid="import-progress"
    >
      <Space direction="vertical" size={16} style={{ width: '100%' }}>
        {/* The total row count is unknown until the file is read, so while running the bar only shows activity. */}
        <Progress
          aria-label={pick(L.progress)}
          percent={finished || job.status === 'running' ? 100 : 0}
          status={job.status === 'failed' || nothingWritten ? 'exception' : finished ? 'success' : 'active'}
          strokeColor={finished ? undefined : '#91caff'}
          format={() => (finished ? undefined : pick(L.readSoFar, { rows: job.rowsRead.toLocaleString() }))}
          showInfo={!finished}
        />
        {error && <Alert type="warning" showIcon message={error} />}
        {/* Written in the language the file was uploaded in: why nothing was written, or why the import failed. */}
        {job.error && <Alert type="error" showIcon message={job.error} />}
        <Row gutter={[16, 16]} data-testid="import-counts">
          <Col xs={12} md={4}>
            <Statistic title={pick(L.rowsRead)} value={job.rowsRead} />
          </Col>
          <Col xs={12} md={4}>
            <Statistic title={pick(L.rowsValid)} value={job.rowsValid} valueStyle={{ color: '#389e0d' }} />
          </Col>
          <Col xs={12} md={4}>
            <Statistic title={pick(L.rowsRejected)} value={job.rowsRejected} valueStyle={{ color: job.rowsRejected ? '#cf1322' : undefined }} />
          </Col>
          <Col xs={12} md={4}>
            <Statistic title={pick(L.rowsInserted)} value={job.rowsInserted} />
          </Col>
          <Col xs={12} md={4}>
            <Statistic title={pick(L.rowsUpdated)} value={job.rowsUpdated} />
          </Col>
          <Col xs={12} md={4}>
            <Statistic title={pick(L.rowsUnchanged)} value={job.rowsUnchanged} />
          </Col>
        </Row>
        {finished && job.rowsRejected > 0 && <Rejections importId={job.id} total={job.rowsRejected} />}
      </Space>
    </Card>
  );
}

function Rejections({ importId, total }: { importId: string; total: number }) {
  const { t, pick } = useI18n();
  const errorText = useErrorText();
  const [page, setPage] = useState(1);
  const [pageSize, setPageSize] = useState(10);
  const [rows, setRows] = useState<Page<ImportRejectionView>>();
  const [error, setError] = useState<string>();

  useEffect(() => {
    api.get<Page<ImportRejectionView>>(`/imports/${importId}/rejections`, { page, pageSize }).then(setRows, (e) => setError(errorText(e)));
  }, [importId, page, pageSize, errorText]);

  return (
    <div data-testid="rejections">
      <Space style={{ width: '100%', justifyContent: 'space-between', marginBottom: 8 }}>
        <Typography.Title level={5} style={{ margin: 0 }}>
          {pick(L.rejections)} ({total.toLocaleString()})
        </Typography.Title>
        <Button icon={<DownloadOutlined />} href={apiUrl(`/imports/${importId}/rejections.csv`)} download>
          {pick(L.download)}
        </Button>
      </Space>
      {error && <Alert type="error" showIcon message={error} />}
      <Table<ImportRejectionView>
        rowKey="lineNo"
        size="small"
        loading={!rows && !error}
        dataSource={rows?.items ?? []}
        columns={[
          { title: pick(L.lineNo), dataIndex: 'lineNo', width: 80 },
          { title: pick(L.reason), dataIndex: 'reason', width: '40%' },
          {
            title: pick(L.raw),
            dataIndex: 'raw',
            ellipsis: true,
            render: (raw: string) => <Typography.Text code>{raw}</Typography.Text>,
          },
        ]}
        pagination={{
          current: page,
          pageSize,
          total: rows?.total ?? total,
          showTotal: (n) => t('common.total', { total: n }),
          onChange: (p, size) => {
            setPage(size !== pageSize ? 1 : p);
            setPageSize(size);
          },
        }}
      />
    </div>
  );
}
