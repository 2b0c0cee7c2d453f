import { UploadOutlined, UserAddOutlined } from '@ant-design/icons';
import { Alert, Button, Card, Flex, Input, Space, Tag, Typography, Upload } from 'antd';
import { useCallback, useState } from 'react';
import { useShowError } from '../../components/errors';
import { useI18n } from '../../i18n/i18n';
import { MemberTable } from './member-table';
import { parseCustomerNos, segmentApi, type MemberUpload } from './segment-api';
import { segmentText as text } from './segment-text';

const MAX_SHOWN_UNKNOWN = 200;

/** A static list's members: paste or upload customer numbers, see which were unknown, page through the list. */
export function StaticMembers({ segmentId, canWrite, onChanged }: { segmentId: number; canWrite: boolean; onChanged: () => void }) {
  const { pick } = useI18n();
  const showError = useShowError();
  const [pasted, setPasted] = useState('');
  const [result, setResult] = useState<MemberUpload>();
  const [sending, setSending] = useState(false);
  const [version, setVersion] = useState(0);
  const numbers = parseCustomerNos(pasted);

  const send = async () => {
    setSending(true);
    try {
      setResult(await segmentApi.addMembers(segmentId, numbers));
      setPasted('');
      setVersion((v) => v + 1);
      onChanged();
    } catch (error) {
      showError(error);
    } finally {
      setSending(false);
    }
  };

  const loadMembers = useCallback((page: number, pageSize: number) => segmentApi.members(segmentId, page, pageSize), [segmentId]);

  return (
    <Space direction="vertical" size={16} style={{ width: '100%' }}>
      {canWrite && (
        <Card title={pick(text.addMembers)}>
          <Typography.Paragraph type="secondary" style={{ marginTop: 0 }}>{pick(text.pasteHint)}</Typography.Paragraph>
          <Input.TextArea
            rows={5}
            value={pasted}
            onChange={(e) => setPasted(e.target.value)}
            placeholder={'C00000001\nC00000002'}
            data-testid="member-numbers"
          />
          <Flex justify="space-between" align="center" style={{ marginTop: 12 }} wrap gap={8}>
            <Space>
              <Upload
                accept=".txt,.csv"
                showUploadList={false}
                beforeUpload={(file) => {
                  file.text().then((content) => setPasted((current) => [current, content].filter(Boolean).join('\n')));
                  return false;
                }}
              >
                <Button icon={<UploadOutlined />}>{pick(text.upload)}</Button>
              </Upload>
              <Typography.Text type="secondary">{pick(text.numbersFound, { count: numbers.length })}</Typography.Text>
            </Space>
            <Button type="primary" icon={<UserAddOutlined />} disabled={numbers.length === 0} loading={sending} onClick={send} data-testid="add-members">
              {pick(text.addToList)}
            </Button>
          </Flex>
          {result && (
            <Alert
              style={{ marginTop: 12 }}
              type={result.unknown.length ? 'warning' : 'success'}
              showIcon
              data-testid="member-upload-result"
              message={pick(text.uploadResult, { added: result.added, already: result.alreadyMembers, unknown: result.unknown.length })}
              description={
                result.unknown.length > 0 && (
                  <div>
                    <div style={{ marginBottom: 6 }}>{pick(text.unknownNumbers)}</div>
                    <Flex wrap gap={4}>
                      {result.unknown.slice(0, MAX_SHOWN_UNKNOWN).map((no) => <Tag key={no} color="orange">{no}</Tag>)}
                      {result.unknown.length > MAX_SHOWN_UNKNOWN && <Tag>… +{result.unknown.length - MAX_SHOWN_UNKNOWN}</Tag>}
                    </Flex>
                  </div>
                )
              }
            />
          )}
        </Card>
      )}
      <Card title={pick(text.members)}>
        <MemberTable load={loadMembers} version={version} />
      </Card>
    </Space>
  );
}
