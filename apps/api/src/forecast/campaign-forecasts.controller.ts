import { Body, Controller, Get, HttpCode, Param, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { AuthUser, CurrentUser, Role, Roles } from '@lib/auth';
import { IdParam } from '@lib/common';
import { CampaignForecast, ForecastBody, ForecastResult } from '@lib/forecast';

const FORECAST_READERS = [Role.CampaignManager, Role.Reviewer, Role.Analyst, Role.Admin];

/** The forecast beside the plan: planners see it while editing, reviewers and analysts when judging a plan. */
@ApiTags('campaigns')
@ApiBearerAuth()
@Controller()
export class CampaignForecastsController {
  constructor(private readonly forecasts: CampaignForecast) {}

  @Post('campaign-forecasts')
  @HttpCode(200)
  @Roles(...FORECAST_READERS)
  @ApiOkResponse({ description: 'Reach after contact rules, contacts within capacity and budget, expected cost, responses, conversions, premium and ROI' })
  forecast(@CurrentUser() user: AuthUser, @Body() body: ForecastBody): Promise<ForecastResult> {
    return this.forecasts.forecast(user.scope, body);
  }

  @Get('campaigns/:id/forecast')
  @Roles(...FORECAST_READERS)
  @ApiOkResponse({ description: 'The forecast of a saved campaign: its revision being drafted or reviewed, else the plan in force' })
  forecastOf(@CurrentUser() user: AuthUser, @Param() { id }: IdParam): Promise<ForecastResult> {
    return this.forecasts.forecastOf(user.scope, id);
  }
}
