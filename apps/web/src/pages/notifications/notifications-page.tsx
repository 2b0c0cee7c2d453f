import { Badge, Button, Card, List, Space, Typography } from 'antd';
import { useCallback, useEffect, useState } from 'react';
import { useNavigate } from 'react-router-dom';
import { useShowError } from '../../components/errors';
import { LoadFailure } from '../../components/load-failure';
import { PageContainer } from '../../components/page-container';
import { useI18n } from '../../i18n/i18n';
import { notificationApi, UNREAD_CHANGED } from './notification-api';

const PAGE_SIZE = 20;

/** The user's own inbox: what needs them (approvals to give, plans returned, campaigns their branch takes part in). */
export default function NotificationsPage() {
  const { pick, locale } = useI18n();
  const navigate = useNavigate();
  const showError = useShowError();
  const [page, setPage] = useState(1);
  const [data, setData] = useState<Awaited<ReturnType<typeof notificationApi.inbox>>>();
  const [error, setError] = useState<unknown>();

  const load = useCallback(() => {
    setError(undefined);
    notificationApi.inbox(page, PAGE_SIZE).then(setData, setError);
  }, [page]);
  useEffect(load, [load]);

  const changed = () => {
    window.dispatchEvent(new Event(UNREAD_CHANGED));
    load();
  };
  const open = async (id: string, link: string | null, unread: boolean) => {
    try {
      if (unread) await notificationApi.markRead(id);
      changed();
      if (link) navigate(link);
    } catch (e) {
      showError(e);
    }
  };
  const readAll = () => notificationApi.markAllRead().then(changed, showError);
  const when = (iso: string) => new Date(iso).toLocaleString(locale === 'zh' ? 'zh-CN' : 'en-GB', { dateStyle: 'medium', timeStyle: 'short' });

  return (
    <PageContainer
      title={pick({ zh: '通知', en: 'Notifications' })}
      extra={<Button onClick={readAll}>{pick({ zh: '全部标为已读', en: 'Mark all read' })}</Button>}
    >
      {error ? (
        <LoadFailure error={error} backTo="/" backLabel={pick({ zh: '返回工作台', en: 'Back to home' })} />
      ) : (
        <Card>
          <List
            loading={!data}
            dataSource={data?.items ?? []}
            locale={{ emptyText: pick({ zh: '暂无通知', en: 'No notifications' }) }}
            pagination={data && data.total > PAGE_SIZE ? { current: page, pageSize: PAGE_SIZE, total: data.total, onChange: setPage } : false}
            renderItem={(item) => (
              <List.Item
                data-testid="notification"
                actions={[
                  <Button key="open" type="link" onClick={() => open(item.id, item.link, !item.readAt)}>
                    {item.link ? pick({ zh: '打开', en: 'Open' }) : pick({ zh: '标为已读', en: 'Mark read' })}
                  </Button>,
                ]}
              >
                <List.Item.Meta
                  title={
                    <Space>
                      {!item.readAt && (
                        <span role="img" aria-label={pick({ zh: '未读', en: 'Unread' })}>
                          <Badge status="processing" />
                        </span>
                      )}
                      <Typography.Text strong={!item.readAt}>{pick(item.title)}</Typography.Text>
                    </Space>
                  }
                  description={
                    <>
                      <div>{pick(item.body)}</div>
                      <Typography.Text type="secondary">{when(item.createdAt)}</Typography.Text>
                    </>
                  }
                />
              </List.Item>
            )}
          />
        </Card>
      )}
    </PageContainer>
  );
}
