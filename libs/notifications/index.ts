export * from './notification-kinds';
export * from './notification.view';
export * from './notification.service';
export * from './notifications.module';
