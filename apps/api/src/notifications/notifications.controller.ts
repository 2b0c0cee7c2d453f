import { Controller, Get, HttpCode, Param, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { ALL_ROLES, AuthUser, CurrentUser, Roles } from '@lib/auth';
import { IdParam, Page, PageQuery } from '@lib/common';
import { NotificationService, NotificationView, UnreadCount } from '@lib/notifications';

/** Every user's own inbox: nobody reads or marks another user's notifications. */
@ApiTags('notifications')
@ApiBearerAuth()
@Controller('notifications')
@Roles(...ALL_ROLES)
export class NotificationsController {
  constructor(private readonly notifications: NotificationService) {}

  @Get()
  @ApiOkResponse({ description: 'Your notifications, newest first' })
  inbox(@CurrentUser() user: AuthUser, @Query() page: PageQuery): Promise<Page<NotificationView>> {
    return this.notifications.inbox(user.id, page);
  }

  @Get('unread-count')
  unreadCount(@CurrentUser() user: AuthUser): Promise<UnreadCount> {
    return this.notifications.unreadCount(user.id);
  }

  @Post('read-all')
  @HttpCode(204)
  markAllRead(@CurrentUser() user: AuthUser): Promise<void> {
    return this.notifications.markAllRead(user.id);
  }

  @Post(':id/read')
  @HttpCode(204)
  markRead(@CurrentUser() user: AuthUser, @Param() { id }: IdParam): Promise<void> {
    return this.notifications.markRead(user.id, String(id));
  }
}
