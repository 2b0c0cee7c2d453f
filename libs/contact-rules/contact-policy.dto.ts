import { ApiProperty, ApiPropertyOptional, PartialType } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayUnique,
  IsArray,
  IsBoolean,
  IsIn,
  IsInt,
  IsObject,
  IsOptional,
  Matches,
  Max,
  Min,
  ValidateNested,
} from 'class-validator';
import { IsCalendarDate, NameField, OptionalValue, problemCode } from '@lib/common';
import { CONTACT_CHANNELS, ContactChannel } from './contact-channel';
import type { ContactPolicyInput } from './contact-policy.view';

const HH_MM = /^([01]\d|2[0-3]):[0-5]\d$/;

export class ChannelLimitsDto {
  @ApiPropertyOptional({ nullable: true, description: 'null: no limit', example: 1 })
  @IsOptional()
  @IsInt()
  @Min(0)
  @Max(1000)
  maxPer7Days?: number | null;

  @ApiPropertyOptional({ nullable: true, description: 'null: no limit', example: 2 })
  @IsOptional()
  @IsInt()
  @Min(0)
  @Max(1000)
  maxPer30Days?: number | null;
}

export class PerChannelLimitsDto {
  @ApiPropertyOptional({ type: ChannelLimitsDto }) @OptionalValue() @ValidateNested() @Type(() => ChannelLimitsDto) email?: ChannelLimitsDto;
  @ApiPropertyOptional({ type: ChannelLimitsDto }) @OptionalValue() @ValidateNested() @Type(() => ChannelLimitsDto) phone?: ChannelLimitsDto;
  @ApiPropertyOptional({ type: ChannelLimitsDto }) @OptionalValue() @ValidateNested() @Type(() => ChannelLimitsDto) sms?: ChannelLimitsDto;
  @ApiPropertyOptional({ type: ChannelLimitsDto }) @OptionalValue() @ValidateNested() @Type(() => ChannelLimitsDto) agent_visit?: ChannelLimitsDto;
  @ApiPropertyOptional({ type: ChannelLimitsDto }) @OptionalValue() @ValidateNested() @Type(() => ChannelLimitsDto) web?: ChannelLimitsDto;
}

export class QuietWindowDto {
  @ApiProperty({ example: '21:00', description: 'Local time (Asia/Shanghai), HH:MM' })
  @Matches(HH_MM, problemCode('not_a_time'))
  start: string;

  @ApiProperty({ example: '09:00', description: 'Local time, HH:MM; before start = the window wraps past midnight' })
  @Matches(HH_MM, problemCode('not_a_time'))
  end: string;
}

export class QuietHoursDto {
  @ApiPropertyOptional({ type: QuietWindowDto }) @OptionalValue() @ValidateNested() @Type(() => QuietWindowDto) email?: QuietWindowDto;
  @ApiPropertyOptional({ type: QuietWindowDto }) @OptionalValue() @ValidateNested() @Type(() => QuietWindowDto) phone?: QuietWindowDto;
  @ApiPropertyOptional({ type: QuietWindowDto }) @OptionalValue() @ValidateNested() @Type(() => QuietWindowDto) sms?: QuietWindowDto;
  @ApiPropertyOptional({ type: QuietWindowDto }) @OptionalValue() @ValidateNested() @Type(() => QuietWindowDto) agent_visit?: QuietWindowDto;
  @ApiPropertyOptional({ type: QuietWindowDto }) @OptionalValue() @ValidateNested() @Type(() => QuietWindowDto) web?: QuietWindowDto;
}

/** Body of POST /contact-policies; every field left out takes the default policy's value. */
export class CreateContactPolicyBody implements ContactPolicyInput {
  @NameField('续保季接触规则')
  name: string;

  @ApiPropertyOptional({ description: 'Make this the default policy (the previous default stops being one)' })
  @OptionalValue()
  @IsBoolean()
  isDefault?: boolean;

  @ApiPropertyOptional({ example: 2, description: 'Contacts per customer in a rolling 7 days, all campaigns and channels' })
  @OptionalValue()
  @IsInt()
  @Min(0)
  @Max(1000)
  maxPer7Days?: number;

  @ApiPropertyOptional({ example: 4 })
  @OptionalValue()
  @IsInt()
  @Min(0)
  @Max(1000)
  maxPer30Days?: number;

  @ApiPropertyOptional({ type: PerChannelLimitsDto })
  @OptionalValue()
  @IsObject()
  @ValidateNested()
  @Type(() => PerChannelLimitsDto)
  perChannel?: PerChannelLimitsDto;

  @ApiPropertyOptional({ example: 48, description: 'Hours between two contacts of a customer on any channel' })
  @OptionalValue()
  @IsInt()
  @Min(0)
  @Max(720)
  minGapHours?: number;

  @ApiPropertyOptional({ type: QuietHoursDto })
  @OptionalValue()
  @IsObject()
  @ValidateNested()
  @Type(() => QuietHoursDto)
  quietHours?: QuietHoursDto;

  @ApiPropertyOptional({ type: String, isArray: true, format: 'date', example: ['2026-10-01'] })
  @OptionalValue()
  @IsArray()
  @ArrayMaxSize(400)
  @IsCalendarDate({ each: true })
  holidays?: string[];

  @ApiPropertyOptional({ enum: CONTACT_CHANNELS, isArray: true, example: ['phone', 'agent_visit'] })
  @OptionalValue()
  @IsArray()
  @ArrayUnique()
  @IsIn(CONTACT_CHANNELS, { each: true })
  holidayChannels?: ContactChannel[];

  @ApiPropertyOptional({ example: 180, minimum: 180, description: 'Days on the do-not-call list after a refusal (at least six months)' })
  @OptionalValue()
  @IsInt()
  @Min(180)
  @Max(3650)
  refusalBlockDays?: number;

  @ApiPropertyOptional({ example: 40, description: 'Renewal contacts no earlier than this many days before expiry' })
  @OptionalValue()
  @IsInt()
  @Min(0)
  @Max(365)
  renewalEarliestDays?: number;

  @ApiPropertyOptional({ example: true })
  @OptionalValue()
  @IsBoolean()
  requireConsent?: boolean;
}

export class UpdateContactPolicyBody extends PartialType(CreateContactPolicyBody, { skipNullProperties: false }) {}
