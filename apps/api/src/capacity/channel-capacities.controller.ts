import { Body, Controller, Delete, Get, Param, Put, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { AuthUser, CurrentUser, Roles } from '@lib/auth';
import {
  CalendarQuery,
  CAPACITY_MANAGERS,
  CapacityCalendarView,
  CapacityDefaultBody,
  CapacityDefaultView,
  CapacityListQuery,
  CapacityOverrideBody,
  ChannelBranchDayParams,
  ChannelBranchParams,
  ChannelCapacityService,
} from '@lib/capacity';

/**
 * Channel capacity per branch and day: every role reads it for the branches of its
 * subtree (the planner sees what is left while editing); channel managers set it.
 */
@ApiTags('capacity')
@ApiBearerAuth()
@Controller('channel-capacities')
export class ChannelCapacitiesController {
  constructor(private readonly capacity: ChannelCapacityService) {}

  @Get()
  defaults(@CurrentUser() user: AuthUser, @Query() query: CapacityListQuery): Promise<CapacityDefaultView[]> {
    return this.capacity.defaults(user.scope, query.channel);
  }

  @Put(':channel/branches/:branchId')
  @Roles(...CAPACITY_MANAGERS)
  setDefault(@CurrentUser() user: AuthUser, @Param() { channel, branchId }: ChannelBranchParams, @Body() body: CapacityDefaultBody): Promise<CapacityDefaultView> {
    return this.capacity.setDefault(user.scope, user.id, channel, branchId, body);
  }

  @Get(':channel/branches/:branchId/calendar')
  @ApiOkResponse({ description: 'Capacity, booked and left for each day from `from` to `to`' })
  calendar(@CurrentUser() user: AuthUser, @Param() { channel, branchId }: ChannelBranchParams, @Query() query: CalendarQuery): Promise<CapacityCalendarView> {
    return this.capacity.calendar(user.scope, channel, branchId, query.from, query.to, query.exceptCampaignId);
  }

  @Put(':channel/branches/:branchId/days/:day')
  @Roles(...CAPACITY_MANAGERS)
  setOverride(
    @CurrentUser() user: AuthUser,
    @Param() { channel, branchId, day }: ChannelBranchDayParams,
    @Body() body: CapacityOverrideBody,
  ): Promise<CapacityCalendarView> {
    return this.capacity.setOverride(user.scope, user.id, channel, branchId, day, body);
  }

  @Delete(':channel/branches/:branchId/days/:day')
  @Roles(...CAPACITY_MANAGERS)
  removeOverride(@CurrentUser() user: AuthUser, @Param() { channel, branchId, day }: ChannelBranchDayParams): Promise<CapacityCalendarView> {
    return this.capacity.removeOverride(user.scope, channel, branchId, day);
  }
}
