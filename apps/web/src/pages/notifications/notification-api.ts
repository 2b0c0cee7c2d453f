import type { Page } from '@lib/common/page';
import type { NotificationView, UnreadCount } from '@lib/notifications/notification.view';
import { api } from '../../api/client';

export const notificationApi = {
  inbox: (page: number, pageSize: number) => api.get<Page<NotificationView>>('/notifications', { page, pageSize }),
  unreadCount: () => api.get<UnreadCount>('/notifications/unread-count'),
  markRead: (id: string) => api.post<void>(`/notifications/${id}/read`),
  markAllRead: () => api.post<void>('/notifications/read-all'),
};

/** Pages that change what is unread tell the header's bell to count again. */
export const UNREAD_CHANGED = 'notifications:unread-changed';
