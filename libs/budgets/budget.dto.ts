import { applyDecorators } from '@nestjs/common';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform, Type } from 'class-transformer';
import {
  ArrayMaxSize,
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
import { IsCalendarDate, IsYuan, NotBlank, PageQuery } from '@lib/common';
import { SPEND_CATEGORIES, SpendCategory } from './budget.view';

/** An amount in yuan as a decimal string ("50000.00"), never a binary float. */
function YuanField(example: string, signed = false): PropertyDecorator {
  return applyDecorators(
    ApiProperty({ type: String, example, description: signed ? 'yuan, at most two decimals; negative to take back' : 'yuan, at most two decimals' }),
    IsString(),
    IsYuan(signed ? { min: -MAX_YUAN, max: MAX_YUAN } : { max: MAX_YUAN }),
  );
}

/** What numeric(14,2) holds. */
const MAX_YUAN = 999_999_999_999;

const routeNumber = () => Transform(({ value }) => (typeof value === 'string' && /^\d+$/.test(value) ? Number(value) : value));

/** `:id` (the campaign) and `:revisionId` of a route. */
export class CampaignRevisionParams {
  @ApiProperty({ minimum: 1 })
  @routeNumber()
  @IsInt()
  @Min(1)
  @Max(2147483647)
  id: number;

  @ApiProperty({ minimum: 1 })
  @routeNumber()
  @IsInt()
  @Min(1)
  @Max(2147483647)
  revisionId: number;
}

/** `:id` (the campaign) and `:lineId` (a spend line) of a route. */
export class SpendLineParams {
  @ApiProperty({ minimum: 1 })
  @routeNumber()
  @IsInt()
  @Min(1)
  @Max(2147483647)
  id: number;

  @ApiProperty({ minimum: 1 })
  @routeNumber()
  @IsInt()
  @Min(1)
  @Max(Number.MAX_SAFE_INTEGER)
  lineId: number;
}

const NoteField = () => applyDecorators(ApiPropertyOptional({ maxLength: 300 }), IsOptional(), IsString(), MaxLength(300));

export class BudgetPoolListQuery {
  @ApiPropertyOptional({ example: 2026 })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(2000)
  @Max(2100)
  fiscalYear?: number;
}

export class CreateBudgetPoolBody {
  @ApiProperty({ example: 2026 })
  @IsInt()
  @Min(2000)
  @Max(2100)
  fiscalYear: number;

  @ApiProperty({ description: 'The org unit the pool belongs to' })
  @IsInt()
  @Min(1)
  orgUnitId: number;

  /** A top pool is funded with it; a sub-pool receives it from the nearest pool above. */
  @YuanField('1000000.00')
  amount: string;

  @NoteField()
  note?: string;
}

export class PoolMovementBody {
  @YuanField('200000.00', true)
  amount: string;

  @NoteField()
  note?: string;
}

export class BranchAllocationDto {
  @ApiProperty()
  @IsInt()
  @Min(1)
  branchId: number;

  @YuanField('30000.00')
  amount: string;
}

export class ChannelAllocationDto {
  @ApiProperty({ enum: STEP_CHANNELS })
  @IsIn(STEP_CHANNELS)
  channel: StepChannel;

  @YuanField('30000.00')
  amount: string;
}

/** The whole split of a revision's budget; it replaces the one before. */
export class SetAllocationsBody {
  @ApiProperty({ type: [BranchAllocationDto] })
  @IsArray()
  @ArrayMaxSize(500)
  @ValidateNested({ each: true })
  @Type(() => BranchAllocationDto)
  branches: BranchAllocationDto[];

  @ApiProperty({ type: [ChannelAllocationDto] })
  @IsArray()
  @ArrayMaxSize(STEP_CHANNELS.length)
  @ValidateNested({ each: true })
  @Type(() => ChannelAllocationDto)
  channels: ChannelAllocationDto[];
}

export class CreateManualSpendBody {
  @ApiProperty()
  @IsInt()
  @Min(1)
  branchId: number;

  @ApiProperty({ enum: SPEND_CATEGORIES })
  @IsIn(SPEND_CATEGORIES)
  category: SpendCategory;

  @YuanField('1280.00')
  amount: string;

  @ApiProperty({ example: '2026-05-12' })
  @IsCalendarDate()
  spentOn: string;

  @ApiPropertyOptional({ maxLength: 100, example: 'FP-2026-0012' })
  @IsOptional()
  @IsString()
  @MaxLength(100)
  reference?: string;

  @ApiPropertyOptional({ enum: STEP_CHANNELS, description: 'The channel the spend served, when it served one' })
  @IsOptional()
  @IsIn(STEP_CHANNELS)
  channel?: StepChannel;

  @NoteField()
  note?: string;
}

export class CampaignBudgetListQuery extends PageQuery {
  @ApiPropertyOptional({ example: 2026 })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(2000)
  @Max(2100)
  fiscalYear?: number;

  @ApiPropertyOptional({ description: 'Only campaigns this branch takes part in' })
  @IsOptional()
  @routeNumber()
  @IsInt()
  @Min(1)
  @Max(2147483647)
  branchId?: number;
}

export class SpendListQuery {
  @ApiPropertyOptional({ description: 'Only this branch' })
  @IsOptional()
  @routeNumber()
  @IsInt()
  @Min(1)
  @Max(2147483647)
  branchId?: number;
}

export class RaiseRequestBody {
  @YuanField('20000.00')
  amount: string;

  @ApiProperty({ maxLength: 1000 })
  @IsString()
  @MaxLength(1000)
  @NotBlank()
  reason: string;
}

export class DecisionBody {
  @ApiPropertyOptional({ maxLength: 1000 })
  @IsOptional()
  @IsString()
  @MaxLength(1000)
  comment?: string;
}
