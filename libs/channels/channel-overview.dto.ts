import { ApiProperty } from '@nestjs/swagger';
import { IsCalendarDate } from '@lib/common';

export class ChannelOverviewQuery {
  @ApiProperty({ example: '2026-05-01' })
  @IsCalendarDate()
  from: string;

  @ApiProperty({ example: '2026-05-14' })
  @IsCalendarDate()
  to: string;
}
