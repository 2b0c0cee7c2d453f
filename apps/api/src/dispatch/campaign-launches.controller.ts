import { Controller, Get, HttpCode, Param, Post } from '@nestjs/common';
import { ApiAcceptedResponse, ApiBearerAuth, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { AuthUser, CurrentUser, Role, Roles } from '@lib/auth';
import { CAMPAIGN_MOVERS } from '@lib/campaigns';
import { IdParam } from '@lib/common';
import { CampaignLaunchService, LaunchFigures, LaunchQueued, LaunchRequestService } from '@lib/dispatch';

/** The launch of a campaign by hand, and what it froze, left out, held out and created. */
@ApiTags('campaigns')
@ApiBearerAuth()
@Controller('campaigns')
export class CampaignLaunchesController {
  constructor(
    private readonly launches: CampaignLaunchService,
    private readonly requests: LaunchRequestService,
  ) {}

  @Post(':id/launch')
  @HttpCode(202)
  @Roles(...CAMPAIGN_MOVERS)
  @ApiAcceptedResponse({ description: 'The launch is queued for the worker; 409 when the campaign is not scheduled' })
  launch(@CurrentUser() user: AuthUser, @Param() { id }: IdParam): Promise<LaunchQueued> {
    return this.requests.queueLaunch(user, id);
  }

  @Get(':id/launch')
  @Roles(Role.CampaignManager, Role.Reviewer, Role.Analyst, Role.Admin, Role.BranchExecutor)
  @ApiOkResponse({ description: 'The frozen audience, who was left out of each step and why, the control group and the contacts per step and branch' })
  figures(@CurrentUser() user: AuthUser, @Param() { id }: IdParam): Promise<LaunchFigures> {
    return this.launches.figures(user.scope, id);
  }
}
