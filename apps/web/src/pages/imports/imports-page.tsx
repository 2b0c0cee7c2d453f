import { InboxOutlined, ReloadOutlined } from '@ant-design/icons';
import { App, Button, Card, Form, Radio, Table, Typography, Upload } from 'antd';
import type { UploadProps } from 'antd';
import dayjs from 'dayjs';
import { useCallback, useEffect, useState } from 'react';
import type { Page } from '@lib/common/page';
import type { ImportKindName, ImportModeName, ImportUploadQuery, ImportView } from '@lib/imports/import.view';
import { api } from '../../api/client';
import { useShowError } from '../../components/errors';
import { PageContainer } from '../../components/page-container';
import { useI18n } from '../../i18n/i18n';
import { type ImportJob, ImportProgress, shortId } from './import-progress';
import { ImportStatusTag } from './import-status-tag';
import { CSV_COLUMNS, KIND, L } from './labels';

function time(value: string | null): string {
  return value ? dayjs(value).format('YYYY-MM-DD HH:mm:ss') : '—';
}

/** Bulk import of customers, policies and claims: upload, follow the progress, read the rejected rows. */
export default function ImportsPage() {
  const { t, pick, label, locale } = useI18n();
  const { message } = App.useApp();
  const showError = useShowError();
  const [kind, setKind] = useState<ImportKindName>('customers');
  const [mode, setMode] = useState<ImportModeName>('all_or_nothing');
  const [uploading, setUploading] = useState(false);
  const [currentId, setCurrentId] = useState<string>();
  const [recent, setRecent] = useState<Page<ImportJob>>();
  const [page, setPage] = useState(1);

  const loadRecent = useCallback(() => {
    api.get<Page<ImportView>>('/imports', { page, pageSize: 10 }).then(setRecent, showError);
  }, [page, showError]);
  useEffect(loadRecent, [loadRecent]);

  const upload: UploadProps['customRequest'] = ({ file, onSuccess, onError }) => {
    const form = new FormData();
    form.append('file', file as Blob);
    setUploading(true);
    api
      .upload<ImportView>('/imports', form, { kind, mode, language: locale } satisfies ImportUploadQuery)
      .then((job) => {
        onSuccess?.(job);
        message.success(pick(L.uploaded));
        setCurrentId(job.id);
        loadRecent();
      })
      .catch((e) => {
        onError?.(e);
        showError(e);
      })
      .finally(() => setUploading(false));
  };

  return (
    <PageContainer title={pick(L.title)}>
      <Card title={pick(L.newImport)}>
        <Form layout="horizontal" labelCol={{ flex: '96px' }}>
          <Form.Item label={pick(L.kind)}>
            <Radio.Group value={kind} onChange={(e) => setKind(e.target.value)} optionType="button" buttonStyle="solid">
              {(['customers', 'policies', 'claims'] as ImportKindName[]).map((k) => (
                <Radio.Button key={k} value={k}>
                  {pick(KIND[k])}
                </Radio.Button>
              ))}
            </Radio.Group>
          </Form.Item>
          <Form.Item label={pick(L.mode)} extra={pick(mode === 'all_or_nothing' ? L.allOrNothingHint : L.goodRowsHint)}>
            <Radio.Group value={mode} onChange={(e) => setMode(e.target.value)}>
              <Radio value="all_or_nothing">{pick(L.allOrNothing)}</Radio>
              <Radio value="good_rows">{pick(L.goodRows)}</Radio>
            </Radio.Group>
          </Form.Item>
          <Form.Item label=" " colon={false} style={{ marginBottom: 0 }}>
            <Upload.Dragger accept=".csv,text/csv" multiple={false} showUploadList={false} customRequest={upload} disabled={uploading}>
              <p className="ant-upload-drag-icon">
                <InboxOutlined />
              </p>
              <p className="ant-upload-text">{pick(L.drop)}</p>
              <p className="ant-upload-hint">{pick(L.dropHint)}</p>
            </Upload.Dragger>
            <Typography.Paragraph type="secondary" style={{ marginTop: 8, marginBottom: 0, fontSize: 12 }}>
              {pick(L.columns)}: <Typography.Text code>{CSV_COLUMNS[kind]}</Typography.Text>
            </Typography.Paragraph>
          </Form.Item>
        </Form>
      </Card>

      {currentId !== undefined && <ImportProgress importId={currentId} onFinished={loadRecent} />}

      <Card title={pick(L.recent)} extra={<Button icon={<ReloadOutlined />} onClick={loadRecent} aria-label={t('common.refresh')} />}>
        <Table<ImportJob>
          rowKey="id"
          size="small"
          dataSource={recent?.items ?? []}
          loading={!recent}
          onRow={(job) => ({ onClick: () => setCurrentId(job.id), style: { cursor: 'pointer' } })}
          rowClassName={(job) => (job.id === currentId ? 'ant-table-row-selected' : '')}
          columns={[
            { title: 'ID', dataIndex: 'id', width: 100, render: (id: string) => <Typography.Text title={id}>{shortId(id)}</Typography.Text> },
            { title: pick(L.file), dataIndex: 'fileName', ellipsis: true },
            { title: pick(L.kind), dataIndex: 'kind', render: (k: string) => label(KIND, k) },
            { title: pick(L.mode), dataIndex: 'mode', render: (m: ImportModeName) => pick(m === 'good_rows' ? L.goodRows : L.allOrNothing) },
            { title: pick(L.status), dataIndex: 'status', render: (s: ImportJob['status']) => <ImportStatusTag status={s} /> },
            { title: pick(L.rowsRead), dataIndex: 'rowsRead', align: 'right', render: (n: number) => n.toLocaleString() },
            { title: pick(L.rowsRejected), dataIndex: 'rowsRejected', align: 'right', render: (n: number) => n.toLocaleString() },
            { title: pick(L.createdAt), dataIndex: 'createdAt', render: time },
            { title: pick(L.finishedAt), dataIndex: 'finishedAt', render: time },
          ]}
          pagination={{ current: page, pageSize: 10, total: recent?.total ?? 0, onChange: setPage, showTotal: (n) => t('common.total', { total: n }) }}
        />
      </Card>
    </PageContainer>
  );
}
