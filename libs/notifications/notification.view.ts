import type { BilingualText, NotificationKind } from './notification-kinds';

/** One notification in a user's inbox. */
export interface NotificationView {
  id: string;
  kind: NotificationKind;
  title: BilingualText;
  body: BilingualText;
  /** Path in the web UI to open, e.g. /campaigns/12. */
  link: string | null;
  createdAt: string;
  readAt: string | null;
}

export interface UnreadCount {
  unread: number;
}
