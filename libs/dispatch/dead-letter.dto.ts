import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { ArrayMaxSize, ArrayMinSize, IsArray, IsIn, IsInt, IsOptional, Min } from 'class-validator';
import { STEP_CHANNELS, StepChannel } from '@lib/campaigns/campaign-commitment';
import { PageQuery } from '@lib/common';

export class DeadLetterQuery extends PageQuery {
  @ApiPropertyOptional({ enum: STEP_CHANNELS })
  @IsOptional()
  @IsIn(STEP_CHANNELS)
  channel?: StepChannel;
}

export class RetryDeadLettersBody {
  @ApiProperty({ type: [Number], description: 'Contacts of the dead-letter list to send again' })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(1000)
  @IsInt({ each: true })
  @Min(1, { each: true })
  contactIds: number[];
}
