import { applyDecorators } from '@nestjs/common';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize, ArrayUnique, IsArray, IsIn, IsInt, IsOptional, IsString, Matches, Max, MaxLength, Min, MinLength, ValidateNested,
} from 'class-validator';
import { ProductLine } from '@lib/customers/product-line';
import { DescriptionField, IsCalendarDate, IsExactDecimal, IsYuan, NameField, NotBlank, OptionalValue, PageQuery, problemCode } from '@lib/common';
import { STEP_CHANNELS, StepChannel } from './campaign-commitment';
import { CAMPAIGN_MOVES, CampaignMove } from './campaign-life-cycle';
import { CAMPAIGN_OBJECTIVES, CAMPAIGN_STATUSES, CampaignObjective, CampaignStatus } from './campaign-status';

const HH_MM = /^([01]\d|2[0-3]):[0-5]\d$/;
const MAX_INT = 2147483647;
const MAX_STEPS = 20;
const MAX_IDS = 500;
const MAX_CHECKPOINTS = 12;

/** An amount in yuan, best as a decimal string ("50000.00"); answers always give strings, so money is never a binary float. */
function YuanField(description: string): PropertyDecorator {
  return applyDecorators(
    ApiPropertyOptional({ type: String, example: '50000.00', description: `${description}, yuan with at most two decimals`, nullable: true }),
    IsOptional(),
    IsYuan({ max: 9_999_999_999 }),
  );
}

function DateField(description: string): PropertyDecorator {
  return applyDecorators(
    ApiPropertyOptional({ type: String, example: '2026-03-01', description: `${description}, local date YYYY-MM-DD`, nullable: true }),
    IsOptional(),
    IsCalendarDate(),
  );
}

function IdListField(description: string): PropertyDecorator {
  return applyDecorators(
    ApiPropertyOptional({ type: [Number], description }),
    OptionalValue(),
    IsArray(),
    ArrayMaxSize(MAX_IDS),
    ArrayUnique(),
    IsInt({ each: true }),
    Min(1, { each: true }),
    Max(MAX_INT, { each: true }),
  );
}

function TimeField(description: string): PropertyDecorator {
  return applyDecorators(
    ApiPropertyOptional({ type: String, example: '09:00', description: `${description}, local time HH:MM`, nullable: true }),
    IsOptional(),
    Matches(HH_MM, problemCode('not_a_time')),
  );
}

/** One channel step, as the planner writes it; its place in the list is its position. */
export class StepBody {
  @ApiPropertyOptional({ description: 'An existing step of this revision to change; leave out for a new step' })
  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(MAX_INT)
  id?: number;

  @ApiProperty({ enum: STEP_CHANNELS, description: "'phone' is the call centre, 'agent_visit' field agents" })
  @IsIn(STEP_CHANNELS)
  channel: StepChannel;

  @ApiPropertyOptional({ maxLength: 100, nullable: true, description: 'The template of the channel (email template, call script, web offer, task form)' })
  @IsOptional()
  @IsString()
  @MinLength(1)
  @MaxLength(100)
  templateRef?: string | null;

  @ApiPropertyOptional({ minimum: 0, nullable: true, description: 'Days after the campaign start; or give startDate' })
  @IsOptional()
  @IsInt()
  @Min(0)
  @Max(3660)
  startOffsetDays?: number | null;

  @DateField('When the step starts, instead of startOffsetDays')
  startDate?: string | null;

  @ApiPropertyOptional({ type: [Number], example: [1, 2, 3, 4, 5], description: 'ISO days of the week, 1 = Monday; all seven when left out' })
  @OptionalValue()
  @IsArray()
  @ArrayUnique()
  @IsInt({ each: true })
  @Min(1, { each: true })
  @Max(7, { each: true })
  daysOfWeek?: number[];

  @TimeField('Daily window start')
  windowStart?: string | null;

  @TimeField('Daily window end')
  windowEnd?: string | null;

  @ApiPropertyOptional({ type: String, example: '0.50', description: 'Cost per contact, yuan with at most two decimals; 0 when left out' })
  @OptionalValue()
  @IsYuan({ max: 9_999_999_999 })
  costPerContact?: string;

  @ApiPropertyOptional({ minimum: 0, nullable: true, description: 'Contacts per day in each branch the step covers' })
  @IsOptional()
  @IsInt()
  @Min(0)
  @Max(MAX_INT)
  dailyCapacity?: number | null;

  @IdListField('Participating branches the step covers; empty = all of them')
  branchIds?: number[];
}

export class KpiTargetsBody {
  @ApiPropertyOptional({ minimum: 0, nullable: true })
  @IsOptional()
  @IsInt()
  @Min(0)
  @Max(MAX_INT)
  contacts?: number | null;

  @ApiPropertyOptional({ minimum: 0, maximum: 100, nullable: true, description: 'Percent of contacts that respond' })
  @IsOptional()
  @IsExactDecimal(2)
  @Min(0)
  @Max(100)
  responseRatePct?: number | null;

  @ApiPropertyOptional({ minimum: 0, nullable: true })
  @IsOptional()
  @IsInt()
  @Min(0)
  @Max(MAX_INT)
  conversions?: number | null;

  @YuanField('Premium written')
  premium?: string | null;
}

/** The plan's fields besides name and objective: all may be filled in later, and submit checks the plan whole. */
export class PlanFields {
  @DescriptionField()
  description?: string;

  @DateField('First day')
  startDate?: string | null;

  @DateField('Last day')
  endDate?: string | null;

  @IdListField('Segments whose customers the campaign targets')
  includeSegmentIds?: number[];

  @IdListField('Segments whose customers are left out')
  excludeSegmentIds?: number[];

  @ApiPropertyOptional({ nullable: true, description: 'The cross-sell bundle offered' })
  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(MAX_INT)
  bundleId?: number | null;

  @ApiPropertyOptional({ minimum: 0, maximum: 100, default: 10, description: 'Percent of the audience held out as control group (0-50 on submit)' })
  @OptionalValue()
  @IsExactDecimal(2)
  @Min(0)
  @Max(100)
  controlSharePct?: number;

  @ApiPropertyOptional({ default: 0, description: 'Higher wins when campaigns compete for a customer' })
  @OptionalValue()
  @IsInt()
  @Min(0)
  @Max(1000)
  priority?: number;

  @ApiPropertyOptional({ type: KpiTargetsBody })
  @IsOptional()
  @ValidateNested()
  @Type(() => KpiTargetsBody)
  kpiTargets?: KpiTargetsBody;

  @ApiPropertyOptional({ minimum: 1, maximum: 365, default: 30, description: "Days after the campaign's end in which a new policy still counts as its conversion" })
  @OptionalValue()
  @IsInt()
  @Min(1)
  @Max(365)
  attributionWindowDays?: number;

  @ApiPropertyOptional({ enum: ProductLine, isArray: true, default: [], description: "Product lines whose new policies count as conversions besides the bundle's products" })
  @OptionalValue()
  @IsArray()
  @ArrayUnique()
  @IsIn(Object.values(ProductLine), { each: true })
  attributionProductLines?: ProductLine[];

  @ApiPropertyOptional({ maxLength: 100, nullable: true, description: 'The evaluation form the branches fill' })
  @IsOptional()
  @IsString()
  @MaxLength(100)
  evaluationFormRef?: string | null;

  @ApiPropertyOptional({ type: [String], example: ['2026-03-15'], description: "Checkpoint dates within the campaign's span, on which every branch files an interim report" })
  @OptionalValue()
  @IsArray()
  @ArrayMaxSize(MAX_CHECKPOINTS)
  @ArrayUnique()
  @IsCalendarDate({ each: true })
  evaluationCheckpoints?: string[];

  @ApiPropertyOptional({ minimum: 1, maximum: 90, nullable: true, description: 'Days the branches have to file a report after completion or a checkpoint; the installation default when null' })
  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(90)
  evaluationDueDays?: number | null;

  @YuanField('Budget')
  budget?: string | null;

  @IdListField("Participating branches (org units in the owner's subtree)")
  branchIds?: number[];

  @ApiPropertyOptional({ type: [StepBody], description: 'The channel steps in order; the list replaces the steps of the draft' })
  @OptionalValue()
  @IsArray()
  @ArrayMaxSize(MAX_STEPS)
  @ValidateNested({ each: true })
  @Type(() => StepBody)
  steps?: StepBody[];
}

/** A new draft: a name and an objective are enough to start. */
export class CreateCampaignBody extends PlanFields {
  @NameField('车险客户交叉销售家财险')
  name: string;

  @ApiProperty({ enum: CAMPAIGN_OBJECTIVES })
  @IsIn(CAMPAIGN_OBJECTIVES)
  objective: CampaignObjective;
}

/** Changes to a draft: fields left out stay; null clears a field that may be empty and is refused for the others. */
export class UpdateCampaignBody extends PlanFields {
  @ApiPropertyOptional({ maxLength: 100 })
  @OptionalValue()
  @IsString()
  @MinLength(1)
  @MaxLength(100)
  @NotBlank()
  name?: string;

  @ApiPropertyOptional({ enum: CAMPAIGN_OBJECTIVES })
  @OptionalValue()
  @IsIn(CAMPAIGN_OBJECTIVES)
  objective?: CampaignObjective;
}

export class CampaignListQuery extends PageQuery {
  @ApiPropertyOptional({ description: 'Part of the name or the code', maxLength: 100 })
  @OptionalValue()
  @IsString()
  @MaxLength(100)
  q?: string;

  @ApiPropertyOptional({ enum: CAMPAIGN_OBJECTIVES })
  @IsOptional()
  @IsIn(CAMPAIGN_OBJECTIVES)
  objective?: CampaignObjective;

  @ApiPropertyOptional({ enum: CAMPAIGN_STATUSES })
  @IsOptional()
  @IsIn(CAMPAIGN_STATUSES)
  status?: CampaignStatus;

  @ApiPropertyOptional({ description: 'Campaigns this org unit (or a unit below it) takes part in or owns' })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(MAX_INT)
  branchId?: number;

  @ApiPropertyOptional({ description: 'The owner (user id)' })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(MAX_INT)
  ownerId?: number;
}

export class CalendarQuery {
  @ApiProperty({ example: '2026-03', description: 'The month, YYYY-MM' })
  @Matches(/^\d{4}-(0[1-9]|1[0-2])$/, problemCode('wrong_format'))
  month: string;

  @ApiPropertyOptional({ enum: CAMPAIGN_OBJECTIVES })
  @IsOptional()
  @IsIn(CAMPAIGN_OBJECTIVES)
  objective?: CampaignObjective;

  @ApiPropertyOptional({ enum: CAMPAIGN_STATUSES })
  @IsOptional()
  @IsIn(CAMPAIGN_STATUSES)
  status?: CampaignStatus;

  @ApiPropertyOptional()
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(MAX_INT)
  branchId?: number;

  @ApiPropertyOptional()
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(MAX_INT)
  ownerId?: number;
}

export class SharedCustomersQuery extends PageQuery {
  @ApiPropertyOptional({ description: 'Only the customers shared with this campaign' })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(MAX_INT)
  campaignId?: number;
}

export class FieldCommentBody {
  @ApiProperty({ example: 'budget', maxLength: 100 })
  @IsString()
  @MinLength(1)
  @MaxLength(100)
  field: string;

  @ApiProperty({ maxLength: 1000 })
  @IsString()
  @MinLength(1)
  @MaxLength(1000)
  comment: string;
}

/** A move of the life cycle, with an optional comment (and, for a return, comments on fields). */
export class MoveBody {
  @ApiPropertyOptional({ maxLength: 2000 })
  @IsOptional()
  @IsString()
  @MaxLength(2000)
  comment?: string;

  @ApiPropertyOptional({ type: [FieldCommentBody], description: 'For a return: what to fix, by field' })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(100)
  @ValidateNested({ each: true })
  @Type(() => FieldCommentBody)
  fieldComments?: FieldCommentBody[];
}

export class MoveParam {
  @ApiProperty({ example: 5 })
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(MAX_INT)
  id: number;

  @ApiProperty({ enum: CAMPAIGN_MOVES })
  @IsIn(CAMPAIGN_MOVES)
  move: CampaignMove;
}

export class RevisionParam {
  @ApiProperty({ example: 5 })
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(MAX_INT)
  id: number;

  @ApiProperty({ example: 2 })
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(MAX_INT)
  number: number;
}

export class ApprovalThresholdsBody {
  @ApiProperty({ example: '50000.00', description: 'What a city reviewer approves alone, yuan' })
  @IsYuan({ max: 9_999_999_999 })
  cityMax: string;

  @ApiProperty({ example: '500000.00', description: 'Up to this the province approves; above, the head office approves too' })
  @IsYuan({ max: 9_999_999_999 })
  provinceMax: string;
}
