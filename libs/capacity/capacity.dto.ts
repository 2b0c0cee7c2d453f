import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsIn, IsInt, IsOptional, IsString, Max, MaxLength, Min } from 'class-validator';
import { STEP_CHANNELS, StepChannel } from '@lib/campaigns/campaign-commitment';
import { IsCalendarDate, IsYuan } from '@lib/common';

const routeNumber = () => Transform(({ value }) => (typeof value === 'string' && /^\d+$/.test(value) ? Number(value) : value));

/** Contacts a channel can make at a branch in a day; a million is far beyond any call centre. */
const MAX_DAILY = 1_000_000;

export class ChannelParam {
  @ApiProperty({ enum: STEP_CHANNELS })
  @IsIn(STEP_CHANNELS)
  channel: StepChannel;
}

export class ChannelBranchParams extends ChannelParam {
  @ApiProperty({ minimum: 1 })
  @routeNumber()
  @IsInt()
  @Min(1)
  @Max(2147483647)
  branchId: number;
}

export class ChannelBranchDayParams extends ChannelBranchParams {
  @ApiProperty({ example: '2026-05-01' })
  @IsCalendarDate()
  day: string;
}

export class ChannelCostBody {
  @ApiProperty({ type: String, example: '3.50', description: 'Default cost per contact, yuan' })
  @IsString()
  @IsYuan({ max: 100_000 })
  defaultCostPerContact: string;
}

/** Either seats × contacts per seat (call centre), or a daily capacity (agent visits per county, email, web). */
export class CapacityDefaultBody {
  @ApiPropertyOptional({ example: 40 })
  @IsOptional()
  @IsInt()
  @Min(0)
  @Max(MAX_DAILY)
  seats?: number;

  @ApiPropertyOptional({ example: 60 })
  @IsOptional()
  @IsInt()
  @Min(0)
  @Max(MAX_DAILY)
  contactsPerSeat?: number;

  @ApiPropertyOptional({ example: 2400 })
  @IsOptional()
  @IsInt()
  @Min(0)
  @Max(MAX_DAILY)
  dailyCapacity?: number;
}

export class CapacityOverrideBody {
  @ApiProperty({ example: 800 })
  @IsInt()
  @Min(0)
  @Max(MAX_DAILY)
  dailyCapacity: number;

  @ApiPropertyOptional({ maxLength: 300, example: '国庆假期坐席减半' })
  @IsOptional()
  @IsString()
  @MaxLength(300)
  note?: string;
}

export class CapacityListQuery {
  @ApiPropertyOptional({ enum: STEP_CHANNELS })
  @IsOptional()
  @IsIn(STEP_CHANNELS)
  channel?: StepChannel;
}

export class CalendarQuery {
  @ApiProperty({ example: '2026-05-01' })
  @IsCalendarDate()
  from: string;

  @ApiProperty({ example: '2026-05-31' })
  @IsCalendarDate()
  to: string;

  @ApiPropertyOptional({ description: 'Leave out the bookings of this campaign (the one being edited)' })
  @IsOptional()
  @routeNumber()
  @IsInt()
  @Min(1)
  @Max(2147483647)
  exceptCampaignId?: number;
}
