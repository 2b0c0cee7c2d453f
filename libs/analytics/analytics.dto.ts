import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform, Type } from 'class-transformer';
import { ArrayMaxSize, ArrayMinSize, IsArray, IsIn, IsInt, IsOptional, IsString, Matches, Max, MaxLength, Min, ValidateNested } from 'class-validator';
import { CAMPAIGN_OBJECTIVES, CAMPAIGN_STATUSES } from '@lib/campaigns/campaign-status';
import type { CampaignObjective, CampaignStatus } from '@lib/campaigns/campaign-status';
import { IsCalendarDate, problemCode } from '@lib/common';
import { ProductLine } from '@lib/customers/product-line';
import { ROI_BREAKDOWNS } from './campaign-roi.view';
import type { RoiBreakdown } from './campaign-roi.view';
import type { MarginRatesUpdate } from './margin-rate.view';
import { PORTFOLIO_EVALUATIONS, PORTFOLIO_SORTS } from './portfolio.view';
import type { PortfolioEvaluationFilter, PortfolioQuery, PortfolioSort } from './portfolio.view';

export class RoiBreakdownQuery {
  @ApiPropertyOptional({ enum: ROI_BREAKDOWNS, description: 'Break the figures down; without it, the campaign whole' })
  @IsOptional()
  @IsIn(ROI_BREAKDOWNS)
  by?: RoiBreakdown;
}

/** 0 to 100 with at most two decimals, written as a decimal string. */
const PERCENT = /^(100(\.0{1,2})?|\d{1,2}(\.\d{1,2})?)$/;

export class MarginRateInput {
  @ApiProperty({ enum: ProductLine, example: ProductLine.Home })
  @IsIn(Object.values(ProductLine))
  productLine: ProductLine;

  @ApiProperty({ description: 'Percent of premium, at most two decimals', example: '30.00' })
  @IsString()
  @Matches(PERCENT, problemCode('margin_rate_pct'))
  ratePct: string;
}

export class MarginRatesBody implements MarginRatesUpdate {
  @ApiProperty({ type: [MarginRateInput], description: 'The lines to change; lines left out keep their rate' })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(Object.values(ProductLine).length)
  @ValidateNested({ each: true })
  @Type(() => MarginRateInput)
  rates: MarginRateInput[];
}

const listOf = ({ value }: { value: unknown }) => (typeof value === 'string' ? value.split(',').filter(Boolean) : value);

export class PortfolioQueryDto implements PortfolioQuery {
  @ApiPropertyOptional({ description: 'Campaigns running on or after this day', example: '2026-01-01' })
  @IsOptional()
  @IsCalendarDate()
  from?: string;

  @ApiPropertyOptional({ description: 'Campaigns running on or before this day', example: '2026-12-31' })
  @IsOptional()
  @IsCalendarDate()
  to?: string;

  @ApiPropertyOptional({ description: 'An org unit of your scope: campaigns owned or worked in its subtree, figures of its subtree' })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(2147483647)
  unit?: number;

  @ApiPropertyOptional({ description: 'Comma-separated campaign statuses', example: 'completed,closed' })
  @IsOptional()
  @Transform(listOf)
  @IsArray()
  @IsIn(CAMPAIGN_STATUSES, { each: true })
  status?: CampaignStatus[];

  @ApiPropertyOptional({ enum: CAMPAIGN_OBJECTIVES })
  @IsOptional()
  @IsIn(CAMPAIGN_OBJECTIVES)
  objective?: CampaignObjective;

  @ApiPropertyOptional({ description: 'Code or name contains' })
  @IsOptional()
  @IsString()
  @MaxLength(100)
  q?: string;

  @ApiPropertyOptional({ enum: PORTFOLIO_EVALUATIONS, description: 'Campaigns with no report yet, every report approved, a report returned, a report overdue' })
  @IsOptional()
  @IsIn(PORTFOLIO_EVALUATIONS)
  evaluation?: PortfolioEvaluationFilter;

  @ApiPropertyOptional({ enum: PORTFOLIO_SORTS, default: 'start_date' })
  @IsOptional()
  @IsIn(PORTFOLIO_SORTS)
  sort?: PortfolioSort;

  @ApiPropertyOptional({ enum: ['asc', 'desc'], default: 'desc' })
  @IsOptional()
  @IsIn(['asc', 'desc'])
  order?: 'asc' | 'desc';
}
