import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayMinSize,
  ArrayUnique,
  IsArray,
  IsIn,
  IsInt,
  IsOptional,
  IsString,
  Max,
  MaxLength,
  Min,
  ValidateNested,
} from 'class-validator';
import { STEP_CHANNELS, StepChannel } from '@lib/campaigns/campaign-commitment';
import { IsCalendarDate } from '@lib/common';
import { CAMPAIGN_OBJECTIVES, CampaignObjective } from '@lib/campaigns/campaign-status';
import type { ForecastInput, ForecastStepInput } from './forecast.view';
const MAX_ID = 2147483647;

export class ForecastStepBody implements ForecastStepInput {
  @ApiProperty({ enum: STEP_CHANNELS })
  @IsIn(STEP_CHANNELS)
  channel: StepChannel;

  @ApiPropertyOptional({ minimum: 0, maximum: 366, nullable: true })
  @IsOptional()
  @IsInt()
  @Min(0)
  @Max(366)
  startOffsetDays?: number | null;

  @ApiPropertyOptional({ example: '2027-03-08', format: 'date', nullable: true })
  @IsOptional()
  @IsCalendarDate()
  startDate?: string | null;

  @ApiPropertyOptional({ type: [Number], example: [1, 2, 3, 4, 5] })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(7)
  @ArrayUnique()
  @IsInt({ each: true })
  @Min(1, { each: true })
  @Max(7, { each: true })
  daysOfWeek?: number[];

  @ApiProperty({ example: '3.50', description: 'Yuan per contact' })
  @IsString()
  @MaxLength(20)
  costPerContact: string;

  @ApiPropertyOptional({ minimum: 0, example: 200, nullable: true })
  @IsOptional()
  @IsInt()
  @Min(0)
  @Max(10_000_000)
  dailyCapacity?: number | null;

  @ApiPropertyOptional({ type: [Number] })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(500)
  @IsInt({ each: true })
  @Min(1, { each: true })
  @Max(MAX_ID, { each: true })
  branchIds?: number[];
}

/** Body of POST /campaign-forecasts: the plan as it stands in the editor. */
export class ForecastBody implements ForecastInput {
  @ApiProperty({ enum: CAMPAIGN_OBJECTIVES })
  @IsIn(CAMPAIGN_OBJECTIVES)
  objective: CampaignObjective;

  @ApiProperty({ example: '2027-03-01', format: 'date' })
  @IsCalendarDate()
  startDate: string;

  @ApiProperty({ example: '2027-03-31', format: 'date' })
  @IsCalendarDate()
  endDate: string;

  @ApiProperty({ type: [Number], example: [1] })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(20)
  @IsInt({ each: true })
  @Min(1, { each: true })
  @Max(MAX_ID, { each: true })
  includeSegmentIds: number[];

  @ApiPropertyOptional({ type: [Number] })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(20)
  @IsInt({ each: true })
  @Min(1, { each: true })
  @Max(MAX_ID, { each: true })
  excludeSegmentIds?: number[];

  @ApiProperty({ type: [Number], example: [2] })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(500)
  @IsInt({ each: true })
  @Min(1, { each: true })
  @Max(MAX_ID, { each: true })
  branchIds: number[];

  @ApiPropertyOptional({ nullable: true })
  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(MAX_ID)
  bundleId?: number | null;

  @ApiProperty({ minimum: 0, maximum: 50, example: 10 })
  @IsInt()
  @Min(0)
  @Max(50)
  controlSharePct: number;

  @ApiPropertyOptional({ example: 0 })
  @IsOptional()
  @IsInt()
  @Min(-1000)
  @Max(1000)
  priority?: number;

  @ApiPropertyOptional({ nullable: true })
  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(MAX_ID)
  campaignId?: number | null;

  @ApiPropertyOptional({ example: '50000.00', description: 'Yuan', nullable: true })
  @IsOptional()
  @IsString()
  @MaxLength(20)
  budget?: string | null;

  @ApiProperty({ type: [ForecastStepBody] })
  @IsArray()
  @ArrayMaxSize(20)
  @ValidateNested({ each: true })
  @Type(() => ForecastStepBody)
  steps: ForecastStepBody[];
}
