import { Body, Controller, Get, HttpCode, Post, Put, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiPropertyOptional, ApiTags } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsInt, IsOptional, Max, Min } from 'class-validator';
import { ALL_ROLES, AuthUser, CurrentUser, ProvinceWide, Roles } from '@lib/auth';
import {
  RecomputeQueued,
  TierDistribution,
  VALUE_TIER_WRITERS,
  ValueTierService,
  ValueTierSettingsBody,
  ValueTierSettingsView,
  ValueTierStatus,
} from '@lib/value-tiers';

class DistributionQuery {
  @ApiPropertyOptional({ description: 'Break down below this unit (default: your own unit)', example: 3 })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(2147483647)
  orgUnitId?: number;
}

@ApiTags('value-tiers')
@ApiBearerAuth()
@Controller('value-tiers')
export class ValueTiersController {
  constructor(private readonly valueTiers: ValueTierService) {}

  @Get('settings')
  @Roles(...ALL_ROLES)
  settings(): Promise<ValueTierSettingsView> {
    return this.valueTiers.getSettings();
  }

  @Put('settings')
  @Roles(...VALUE_TIER_WRITERS)
  @ProvinceWide()
  updateSettings(@Body() body: ValueTierSettingsBody, @CurrentUser() user: AuthUser): Promise<ValueTierSettingsView> {
    return this.valueTiers.updateSettings(body, user.id);
  }

  /** Queues a recomputation of every customer's tier; the worker runs it. */
  @Post('recompute')
  @HttpCode(202)
  @Roles(...VALUE_TIER_WRITERS)
  @ProvinceWide()
  async recompute(@CurrentUser() user: AuthUser): Promise<RecomputeQueued> {
    await this.valueTiers.requestRecompute(user.id);
    return { status: 'queued' };
  }

  @Get('status')
  @Roles(...ALL_ROLES)
  status(@CurrentUser() user: AuthUser): Promise<ValueTierStatus> {
    return this.valueTiers.status(user.scope);
  }

  @Get('distribution')
  @Roles(...ALL_ROLES)
  distribution(@Query() query: DistributionQuery, @CurrentUser() user: AuthUser): Promise<TierDistribution> {
    return this.valueTiers.distribution(user.scope, query.orgUnitId);
  }
}
