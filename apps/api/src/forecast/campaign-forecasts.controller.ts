import { Body, Controller, HttpCode, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { AuthUser, CurrentUser, Role, Roles } from '@lib/auth';
import { CampaignForecast, ForecastBody, ForecastResult } from '@lib/forecast';

/** The forecast beside the plan: planners see it while editing, reviewers and analysts when judging a plan. */
@ApiTags('campaigns')
@ApiBearerAuth()
@Controller('campaign-forecasts')
export class CampaignForecastsController {
  constructor(private readonly forecasts: CampaignForecast) {}

  @Post()
  @HttpCode(200)
  @Roles(Role.CampaignManager, Role.Reviewer, Role.Analyst, Role.Admin)
  @ApiOkResponse({ description: 'Reach after contact rules, contacts within capacity and budget, expected cost, responses, conversions, premium and ROI' })
  forecast(@CurrentUser() user: AuthUser, @Body() body: ForecastBody): Promise<ForecastResult> {
    return this.forecasts.forecast(user.scope, body);
  }
}
