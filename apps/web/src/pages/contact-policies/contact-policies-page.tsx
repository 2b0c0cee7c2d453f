import { PlusOutlined } from '@ant-design/icons';
import { Alert, Button, Card, Col, List, Row, Space, Tabs, Tag, Typography } from 'antd';
import { useCallback, useEffect, useState } from 'react';
import { useShowError } from '../../components/errors';
import { PageTitle } from '../../components/page-container';
import { useI18n } from '../../i18n/i18n';
import { useSession } from '../../session/session';
import { PLANNING_WRITERS } from '../segments/segment-api';
import { AudienceCheck } from './audience-check';
import { contactApi, type ContactPolicy, type ContactPolicyDraft } from './contact-api';
import { contactText as text } from './contact-text';
import { DoNotCallList } from './do-not-call-list';
import { NEW_POLICY, PolicyEditor } from './policy-editor';

/** The segment manager's contact rules: policies, the audience check, and the do-not-call list. */
export default function ContactPoliciesPage() {
  const { pick } = useI18n();
  const { hasAnyRole } = useSession();
  const canWrite = hasAnyRole(PLANNING_WRITERS);
  const showError = useShowError();
  const [policies, setPolicies] = useState<ContactPolicy[]>([]);
  const [selected, setSelected] = useState<ContactPolicy | ContactPolicyDraft>();

  const reload = useCallback(
    (keep?: number) =>
      contactApi.list().then((list) => {
        setPolicies(list);
        setSelected((current) => list.find((p) => p.id === (keep ?? (current && 'id' in current ? current.id : undefined))) ?? list.find((p) => p.isDefault) ?? list[0]);
      }, showError),
    [showError],
  );
  useEffect(() => {
    reload();
  }, [reload]);

  const selectedId = selected && 'id' in selected ? selected.id : undefined;
  const policiesTab = (
    <Row gutter={16}>
      <Col xs={24} xl={6}>
        <Card
          title={pick(text.policies)}
          extra={canWrite && <Button size="small" icon={<PlusOutlined />} onClick={() => setSelected({ ...NEW_POLICY })}>{pick(text.newPolicy)}</Button>}
          styles={{ body: { padding: 0 } }}
        >
          <List
            dataSource={policies}
            renderItem={(policy) => (
              <List.Item
                onClick={() => setSelected(policy)}
                style={{ cursor: 'pointer', padding: '12px 16px', background: policy.id === selectedId ? '#e6f4ff' : undefined }}
              >
                <Space direction="vertical" size={2}>
                  <Space>
                    <Typography.Text strong>{policy.name}</Typography.Text>
                    {policy.isDefault && <Tag color="blue">{pick(text.default)}</Tag>}
                  </Space>
                  <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                    7d ≤ {policy.maxPer7Days} · 30d ≤ {policy.maxPer30Days} · {policy.minGapHours}h
                  </Typography.Text>
                </Space>
              </List.Item>
            )}
          />
        </Card>
      </Col>
      <Col xs={24} xl={18}>
        {selected && <PolicyEditor policy={selected} canWrite={canWrite} onSaved={(saved) => reload(saved.id)} />}
      </Col>
    </Row>
  );

  return (
    <Space direction="vertical" size={16} style={{ width: '100%' }}>
      <PageTitle title={pick(text.title)} subtitle={pick(text.subtitle)} />
      {!canWrite && <Alert type="info" showIcon message={pick(text.readOnly)} />}
      <Tabs
        items={[
          { key: 'policies', label: pick(text.policies), children: policiesTab },
          { key: 'check', label: pick(text.check), children: <AudienceCheck policies={policies} /> },
          { key: 'dnc', label: pick(text.doNotCall), children: <DoNotCallList /> },
        ]}
      />
    </Space>
  );
}
