import { DeleteOutlined, EditOutlined, PlusOutlined } from '@ant-design/icons';
import { Alert, App, Button, Card, Col, Descriptions, Empty, Input, Row, Space, Tag, Tree, Typography } from 'antd';
import { useMemo, useState } from 'react';
import { api } from '../../api/client';
import type { OrgUnitView } from '@lib/org/org-unit.view';
import { useErrorText, useShowError } from '../../components/errors';
import { buildOrgTree, OrgTreeNode, useOrgUnits } from '../../components/org-units';
import { PageContainer } from '../../components/page-container';
import { useI18n } from '../../i18n/i18n';
import { MessageKey } from '../../i18n/messages';
import { L } from './labels';
import { OrgUnitForm } from './org-unit-form';

type Editing = { unit: OrgUnitView } | { parent: OrgUnitView } | null;

/** Keeps the nodes whose name or code contains the filter, with their ancestors. */
const TREE_HEIGHT = 560;

function filterTree(nodes: OrgTreeNode[], filter: string): OrgTreeNode[] {
  if (!filter) return nodes;
  const needle = filter.toLowerCase();
  return nodes.flatMap((node) => {
    const children = filterTree(node.children, filter);
    const hit = node.title.toLowerCase().includes(needle) || node.unit.code.toLowerCase().includes(needle);
    return hit || children.length ? [{ ...node, children }] : [];
  });
}

/** The org tree for admins: head office → province → city → county, with create, edit, move and delete. */
export default function OrgUnitsPage() {
  const { t, pick, locale, localName } = useI18n();
  const { modal, message } = App.useApp();
  const errorText = useErrorText();
  const showError = useShowError();
  const { units, loading, error, reload } = useOrgUnits();
  const [selectedId, setSelectedId] = useState<number>();
  const [editing, setEditing] = useState<Editing>(null);
  const [filter, setFilter] = useState('');

  const tree = useMemo(() => filterTree(buildOrgTree(units, locale), filter.trim()), [units, locale, filter]);
  const selected = units.find((u) => u.id === selectedId);
  const parentOf = (unit: OrgUnitView) => units.find((u) => u.id === unit.parentId);

  const remove = (unit: OrgUnitView) =>
    modal.confirm({
      title: t('common.confirmDelete', { name: localName(unit.name, unit.nameEn) }),
      content: pick(L.deleteHint),
      okText: t('common.delete'),
      okButtonProps: { danger: true },
      cancelText: t('common.cancel'),
      onOk: async () => {
        try {
          await api.delete(`/org-units/${unit.id}`);
          message.success(t('common.deleted'));
          setSelectedId(unit.parentId ?? undefined);
          reload();
        } catch (e) {
          showError(e);
        }
      },
    });

  return (
    <PageContainer title={pick(L.title)}>
      {error !== undefined && <Alert type="error" showIcon message={errorText(error)} />}
      <Row gutter={16}>
        <Col xs={24} md={10} lg={8}>
          <Card title={pick(L.tree)} loading={loading && units.length === 0}>
            <Input.Search allowClear placeholder={pick(L.search)} onChange={(e) => setFilter(e.target.value)} style={{ marginBottom: 12 }} />
            <Tree<OrgTreeNode>
              treeData={tree}
              key={`${filter}-${units.length}`}
              defaultExpandAll
              blockNode
              showLine
              // A province has hundreds of units: the tree scrolls inside its card instead of stretching the page past the details.
              height={TREE_HEIGHT}
              selectedKeys={selectedId ? [selectedId] : []}
              onSelect={(keys) => setSelectedId(keys.length ? Number(keys[0]) : undefined)}
              titleRender={(node) => (
                <span>
                  {node.title} <Typography.Text type="secondary">{node.unit.code}</Typography.Text>
                </span>
              )}
            />
          </Card>
        </Col>
        <Col xs={24} md={14} lg={16}>
          <Card
            style={{ position: 'sticky', top: 80 }}
            title={pick(L.details)}
            extra={
              selected && (
                <Space>
                  <Button type="primary" icon={<PlusOutlined />} onClick={() => setEditing({ parent: selected })} disabled={selected.level >= 4}>
                    {pick(L.addChild)}
                  </Button>
                  <Button icon={<EditOutlined />} onClick={() => setEditing({ unit: selected })}>
                    {t('common.edit')}
                  </Button>
                  <Button danger icon={<DeleteOutlined />} onClick={() => remove(selected)}>
                    {t('common.delete')}
                  </Button>
                </Space>
              )
            }
          >
            {selected ? (
              <Descriptions column={1} bordered size="small" styles={{ label: { width: 140 } }}>
                <Descriptions.Item label={pick(L.code)}>{selected.code}</Descriptions.Item>
                <Descriptions.Item label={pick(L.name)}>{selected.name}</Descriptions.Item>
                <Descriptions.Item label={pick(L.nameEn)}>{selected.nameEn || '—'}</Descriptions.Item>
                <Descriptions.Item label={pick(L.level)}>
                  <Tag color="blue">{t(`level.${selected.level}` as MessageKey)}</Tag>
                </Descriptions.Item>
                <Descriptions.Item label={pick(L.parent)}>{parentOf(selected) ? localName(parentOf(selected)!.name, parentOf(selected)!.nameEn) : '—'}</Descriptions.Item>
              </Descriptions>
            ) : (
              <Empty description={pick(L.pick)} />
            )}
          </Card>
        </Col>
      </Row>
      {editing && (
        <OrgUnitForm
          {...editing}
          units={units}
          onClose={() => setEditing(null)}
          onSaved={(saved) => {
            message.success(t('common.saved'));
            setEditing(null);
            setSelectedId(saved.id);
            reload();
          }}
        />
      )}
    </PageContainer>
  );
}
