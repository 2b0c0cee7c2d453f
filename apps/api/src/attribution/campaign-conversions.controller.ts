import { Controller, Get, Param } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { AuthUser, CurrentUser, Role, Roles } from '@lib/auth';
import { CampaignConversions, ConversionAttribution } from '@lib/attribution';
import { IdParam } from '@lib/common';

/** The conversions attributed to a launched campaign, treatment against control. */
@ApiTags('campaigns')
@ApiBearerAuth()
@Controller('campaigns')
export class CampaignConversionsController {
  constructor(private readonly attribution: ConversionAttribution) {}

  @Get(':id/conversions')
  @Roles(Role.CampaignManager, Role.Reviewer, Role.Analyst, Role.Admin, Role.BranchExecutor, Role.ChannelManager)
  @ApiOkResponse({ description: 'Members, converters, conversions and premium of the treatment and control groups, in all and per branch, within your scope' })
  conversions(@CurrentUser() user: AuthUser, @Param() { id }: IdParam): Promise<CampaignConversions> {
    return this.attribution.conversionsOf(user.scope, id);
  }
}
