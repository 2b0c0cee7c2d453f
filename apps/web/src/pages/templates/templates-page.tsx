import { PlusOutlined } from '@ant-design/icons';
import { Button, Card, Flex, Input, Select, Space, Table, Tag, Typography } from 'antd';
import dayjs from 'dayjs';
import { useEffect, useState } from 'react';
import { Link, useNavigate } from 'react-router-dom';
import { useShowError } from '../../components/errors';
import { PageTitle } from '../../components/page-container';
import { useI18n } from '../../i18n/i18n';
import { useSession } from '../../session/session';
import { campaignText, OBJECTIVE_LABELS } from '../campaigns/campaign-text';
import { CHANNELS, templateApi, TEMPLATE_WRITERS, type MessageTemplate, type TemplateChannel } from './template-api';
import { channelText, templateText as text } from './template-text';

type ListItem = Omit<MessageTemplate, 'subject' | 'html' | 'text' | 'body'>;

/** The templates of the user's subtree and of the units above it, and the file templates everyone may name. */
export default function TemplatesPage() {
  const { pick, localName } = useI18n();
  const { hasAnyRole } = useSession();
  const canWrite = hasAnyRole(TEMPLATE_WRITERS);
  const navigate = useNavigate();
  const showError = useShowError();
  const [channel, setChannel] = useState<TemplateChannel>();
  const [q, setQ] = useState('');
  const [items, setItems] = useState<ListItem[]>([]);
  const [files, setFiles] = useState<{ ref: string; channel: TemplateChannel }[]>([]);
  const [loading, setLoading] = useState(false);

  useEffect(() => {
    setLoading(true);
    const timer = setTimeout(() => {
      templateApi
        .list({ channel, q: q.trim() || undefined })
        .then((list) => {
          setItems(list.items);
          setFiles(list.files);
        }, showError)
        .finally(() => setLoading(false));
    }, 250);
    return () => clearTimeout(timer);
  }, [channel, q, showError]);

  return (
    <Space direction="vertical" size={16} style={{ width: '100%' }}>
      <Flex justify="space-between" align="flex-end" wrap gap={12}>
        <PageTitle title={pick(text.title)} subtitle={pick(text.subtitle)} />
        {canWrite && (
          <Button type="primary" icon={<PlusOutlined />} onClick={() => navigate('/templates/new')} data-testid="new-template">{pick(text.newTemplate)}</Button>
        )}
      </Flex>
      <Card>
        <Space style={{ marginBottom: 16 }} wrap>
          <Select<TemplateChannel | 'all'>
            aria-label={pick(text.channel)}
            style={{ width: 160 }}
            value={channel ?? 'all'}
            onChange={(value) => setChannel(value === 'all' ? undefined : value)}
            options={[{ value: 'all', label: pick(text.allChannels) }, ...CHANNELS.map((c) => ({ value: c, label: pick(channelText[c]) }))]}
          />
          <Input.Search aria-label={pick(text.search)} placeholder={pick(text.search)} allowClear value={q} onChange={(event) => setQ(event.target.value)} style={{ width: 260 }} />
        </Space>
        <Table<ListItem>
          rowKey="id"
          loading={loading}
          dataSource={items}
          pagination={{ pageSize: 20, hideOnSinglePage: true }}
          columns={[
            { title: pick(text.key), dataIndex: 'key', render: (key: string, row) => <Link to={`/templates/${row.id}`}>{key}</Link> },
            { title: pick(text.name), dataIndex: 'name' },
            { title: pick(text.channel), dataIndex: 'channel', className: 'no-wrap', render: (c: string) => <Tag>{pick(channelText[c])}</Tag> },
            { title: pick(text.objective), dataIndex: 'objective', className: 'no-wrap', render: (o: string | null) => (o ? pick(OBJECTIVE_LABELS[o]) : '—') },
            { title: pick(text.owner), key: 'owner', render: (_, row) => localName(row.ownerOrgUnitName, row.ownerOrgUnitNameEn) },
            { title: pick(text.version), dataIndex: 'version', align: 'right', width: 80 },
            { title: pick(text.updated), key: 'updated', className: 'no-wrap', render: (_, row) => `${dayjs(row.updatedAt).format('YYYY-MM-DD HH:mm')} · ${row.updatedByName}` },
          ]}
        />
        {files.length > 0 && (
          <div style={{ marginTop: 16 }}>
            <Typography.Text type="secondary">{pick(text.files)}</Typography.Text>
            <div style={{ marginTop: 8 }}>
              {files.map((file) => (
                <Tag key={`${file.channel}:${file.ref}`} style={{ marginBottom: 4 }}>
                  {pick(channelText[file.channel])} · {OBJECTIVE_LABELS[file.ref] ? pick(campaignText.objectiveRef, { objective: pick(OBJECTIVE_LABELS[file.ref]), ref: file.ref }) : file.ref}
                </Tag>
              ))}
            </div>
          </div>
        )}
      </Card>
    </Space>
  );
}
