import { Body, Controller, Get, Put } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { AuthUser, CurrentUser, ProvinceWide, Roles } from '@lib/auth';
import { ApprovalThresholdsBody, ApprovalThresholdService, ApprovalThresholdsView, THRESHOLD_SETTERS } from '@lib/campaigns';

/** What a city and a province reviewer approve alone; every role reads them, the province sets them. */
@ApiTags('campaigns')
@ApiBearerAuth()
@Controller('approval-thresholds')
export class ApprovalThresholdsController {
  constructor(private readonly thresholds: ApprovalThresholdService) {}

  @Get()
  get(): Promise<ApprovalThresholdsView> {
    return this.thresholds.view();
  }

  @Put()
  @ProvinceWide()
  @Roles(...THRESHOLD_SETTERS)
  set(@CurrentUser() user: AuthUser, @Body() body: ApprovalThresholdsBody): Promise<ApprovalThresholdsView> {
    return this.thresholds.set(user.id, body);
  }
}
