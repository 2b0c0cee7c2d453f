import { ApiProperty, ApiPropertyOptional, IntersectionType } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsIn, IsInt, Max, Min } from 'class-validator';
import type { LaunchGroup } from '@lib/attribution/campaign-conversions.view';
import { STEP_CHANNELS, StepChannel } from '@lib/campaigns/campaign-commitment';
import { IsCalendarDate, Language, OptionalValue, PageQuery } from '@lib/common';
import { VALUE_TIERS } from '@lib/value-tiers/value-tier.service';
import type { ValueTier } from '@lib/value-tiers/value-tier-name';
import { DRILL_DOWN_FORMATS, DRILL_DOWN_KINDS, DrillDownFilter, DrillDownFormat, DrillDownKind } from './customer-drill-down.view';

const GROUPS = ['treatment', 'control'] as const satisfies readonly LaunchGroup[];

/** Which customers: the kind of line and the breakdown line's keys. */
export class DrillDownFilterQuery implements DrillDownFilter {
  @ApiProperty({ enum: DRILL_DOWN_KINDS, description: 'members of the group, contacts made, contacts with a response, or policies attributed' })
  @IsIn(DRILL_DOWN_KINDS)
  kind: DrillDownKind;

  @ApiPropertyOptional({ enum: GROUPS, default: 'treatment', description: 'The control group has members and converters only' })
  @OptionalValue()
  @IsIn(GROUPS)
  group?: LaunchGroup;

  @ApiPropertyOptional({ example: 12, description: 'An org unit of your scope: its own lines, as the branch breakdown shows them' })
  @OptionalValue()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(2_147_483_647)
  branch?: number;

  @ApiPropertyOptional({ example: 31, description: 'A step of the launched plan' })
  @OptionalValue()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(2_147_483_647)
  step?: number;

  @ApiPropertyOptional({ enum: STEP_CHANNELS })
  @OptionalValue()
  @IsIn(STEP_CHANNELS)
  channel?: StepChannel;

  @ApiPropertyOptional({ enum: VALUE_TIERS, description: 'As frozen at launch' })
  @OptionalValue()
  @IsIn(VALUE_TIERS)
  valueTier?: ValueTier;

  @ApiPropertyOptional({ example: 7, description: 'An include segment of the launched plan: members who matched it at launch' })
  @OptionalValue()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(2_147_483_647)
  segment?: number;

  @ApiPropertyOptional({ example: '2026-11-20', description: 'The local day of the contact, the response or the policy start' })
  @OptionalValue()
  @IsCalendarDate()
  day?: string;
}

export class DrillDownListQuery extends IntersectionType(DrillDownFilterQuery, PageQuery) {}

export class DrillDownExportQuery extends DrillDownFilterQuery {
  @ApiPropertyOptional({ enum: DRILL_DOWN_FORMATS, default: 'csv' })
  @OptionalValue()
  @IsIn(DRILL_DOWN_FORMATS)
  format?: DrillDownFormat;

  @ApiPropertyOptional({ enum: ['zh', 'en'], description: "The headers' language; the request's Accept-Language when left out (a download link sends the browser's)" })
  @OptionalValue()
  @IsIn(['zh', 'en'])
  lang?: Language;
}
