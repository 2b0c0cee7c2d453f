import { Controller, Get, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { AuthUser, CurrentUser, Roles } from '@lib/auth';
import { CAPACITY_MANAGERS } from '@lib/capacity';
import { ChannelOverviewQuery, ChannelOverviewService, ChannelsOverviewView } from '@lib/channels';

/** The channel manager's screen: every channel's capacity, load, rules, costs and dead letters in one answer. */
@ApiTags('channels')
@ApiBearerAuth()
@Controller('channels')
export class ChannelOverviewController {
  constructor(private readonly overview: ChannelOverviewService) {}

  @Get('overview')
  @Roles(...CAPACITY_MANAGERS)
  @ApiOkResponse({ description: 'Per channel: booked capacity and contacts planned and made by day and branch, quiet hours, holidays, cost per contact of running steps, dead letters; within your scope' })
  read(@CurrentUser() user: AuthUser, @Query() query: ChannelOverviewQuery): Promise<ChannelsOverviewView> {
    return this.overview.overview(user.scope, query.from, query.to);
  }
}
