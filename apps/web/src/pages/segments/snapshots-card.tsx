import { CameraOutlined } from '@ant-design/icons';
import { App, Button, Card, Modal, Table, Typography } from 'antd';
import dayjs from 'dayjs';
import { useCallback, useEffect, useState } from 'react';
import { useShowError } from '../../components/errors';
import { useI18n } from '../../i18n/i18n';
import { MemberTable } from './member-table';
import { segmentApi, type Snapshot } from './segment-api';
import { segmentText as text } from './segment-text';

/** The segment's snapshots (members frozen at a moment) and the button to take one. */
export function SnapshotsCard({ segmentId, canWrite }: { segmentId?: number; canWrite: boolean }) {
  const { pick } = useI18n();
  const { message } = App.useApp();
  const showError = useShowError();
  const [snapshots, setSnapshots] = useState<Snapshot[]>([]);
  const [taking, setTaking] = useState(false);
  const [open, setOpen] = useState<Snapshot>();

  const reload = useCallback(() => {
    if (segmentId) segmentApi.snapshots(segmentId).then(setSnapshots, showError);
  }, [segmentId, showError]);
  useEffect(reload, [reload]);

  const take = async () => {
    if (!segmentId) return;
    setTaking(true);
    try {
      const snapshot = await segmentApi.takeSnapshot(segmentId);
      message.success(pick(text.snapshotTaken, { count: snapshot.memberCount.toLocaleString() }));
      reload();
    } catch (error) {
      showError(error);
    } finally {
      setTaking(false);
    }
  };

  const loadMembers = useCallback(
    (page: number, pageSize: number) => segmentApi.snapshotMembers(open!.id, page, pageSize),
    [open],
  );

  return (
    <Card
      title={pick(text.snapshots)}
      extra={
        canWrite && (
          <Button icon={<CameraOutlined />} loading={taking} disabled={!segmentId} onClick={take} data-testid="take-snapshot">
            {pick(text.takeSnapshot)}
          </Button>
        )
      }
    >
      <Typography.Paragraph type="secondary" style={{ marginTop: 0 }}>
        {segmentId ? pick(text.snapshotHint) : pick(text.saveFirst)}
      </Typography.Paragraph>
      <Table<Snapshot>
        size="small"
        rowKey="id"
        dataSource={snapshots}
        pagination={snapshots.length > 10 ? { pageSize: 10, size: 'small' } : false}
        data-testid="snapshot-table"
        columns={[
          { title: '#', dataIndex: 'id', width: 60 },
          { title: pick(text.takenAt), dataIndex: 'takenAt', render: (value: string) => dayjs(value).format('YYYY-MM-DD HH:mm:ss') },
          { title: pick(text.memberCount), dataIndex: 'memberCount', align: 'right', render: (n: number) => n.toLocaleString() },
          {
            title: '',
            key: 'members',
            width: 100,
            render: (_, row) => <Button type="link" size="small" onClick={() => setOpen(row)}>{pick(text.viewMembers)}</Button>,
          },
        ]}
      />
      <Modal
        open={!!open}
        width={900}
        footer={null}
        title={open && `${pick(text.snapshotMembers)} · ${dayjs(open.takenAt).format('YYYY-MM-DD HH:mm')}`}
        onCancel={() => setOpen(undefined)}
        destroyOnHidden
      >
        {open && <MemberTable load={loadMembers} />}
      </Modal>
    </Card>
  );
}
