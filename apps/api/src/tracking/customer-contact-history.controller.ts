import { Controller, Get, Param, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { AuthUser, CurrentUser } from '@lib/auth';
import { IdParam, PageQuery } from '@lib/common';
import { ContactHistory, TrackingService } from '@lib/tracking';

@ApiTags('customers')
@ApiBearerAuth()
@Controller('customers')
export class CustomerContactHistoryController {
  constructor(private readonly tracking: TrackingService) {}

  /** Every contact event of the customer across campaigns and channels, newest first; as scoped as the customer view. */
  @Get(':id/contact-history')
  contactHistory(@CurrentUser() user: AuthUser, @Param() { id }: IdParam, @Query() query: PageQuery): Promise<ContactHistory> {
    return this.tracking.contactHistory(id, user.scope, query.page, query.pageSize);
  }
}
