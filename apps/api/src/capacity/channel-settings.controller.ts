import { Body, Controller, Get, Param, Put } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { AuthUser, CurrentUser, ProvinceWide, Roles } from '@lib/auth';
import { CAPACITY_MANAGERS, ChannelCapacityService, ChannelCostBody, ChannelParam, ChannelSettingView } from '@lib/capacity';

/** Each channel's default cost per contact, the same for the whole province. */
@ApiTags('capacity')
@ApiBearerAuth()
@Controller('channel-settings')
export class ChannelSettingsController {
  constructor(private readonly capacity: ChannelCapacityService) {}

  @Get()
  settings(): Promise<ChannelSettingView[]> {
    return this.capacity.settings();
  }

  @Put(':channel')
  @Roles(...CAPACITY_MANAGERS)
  @ProvinceWide()
  setCost(@CurrentUser() user: AuthUser, @Param() { channel }: ChannelParam, @Body() body: ChannelCostBody): Promise<ChannelSettingView> {
    return this.capacity.setCost(user.id, channel, body.defaultCostPerContact);
  }
}
