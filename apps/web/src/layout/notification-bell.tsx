import { BellOutlined } from '@ant-design/icons';
import { Badge, Button } from 'antd';
import { useEffect, useState } from 'react';
import { useNavigate } from 'react-router-dom';
import { useI18n } from '../i18n/i18n';
import { notificationApi, UNREAD_CHANGED } from '../pages/notifications/notification-api';

/** How often the header asks for the unread count while the page is open. */
const POLL_MS = 30_000;

/** The header's bell: the unread count, and the way to the inbox. */
export function NotificationBell() {
  const { pick } = useI18n();
  const navigate = useNavigate();
  const [unread, setUnread] = useState(0);

  useEffect(() => {
    let stopped = false;
    // A failed count keeps the last one: the bell is no place for an error.
    const count = () => notificationApi.unreadCount().then((answer) => !stopped && setUnread(answer.unread), () => undefined);
    count();
    const timer = window.setInterval(count, POLL_MS);
    window.addEventListener(UNREAD_CHANGED, count);
    return () => {
      stopped = true;
      window.clearInterval(timer);
      window.removeEventListener(UNREAD_CHANGED, count);
    };
  }, []);

  const label = pick({ zh: `通知（${unread} 条未读）`, en: `Notifications (${unread} unread)` });
  return (
    <Badge count={unread} size="small" offset={[-4, 4]}>
      <Button type="text" icon={<BellOutlined />} aria-label={label} title={label} onClick={() => navigate('/notifications')} data-testid="notification-bell" />
    </Badge>
  );
}
