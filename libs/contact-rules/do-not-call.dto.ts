import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsInt, IsString, Max, MaxLength, Min, MinLength } from 'class-validator';
import { IsDateOrDateTime, NotBlank, OptionalValue } from '@lib/common';
import type { DoNotCallInput } from './do-not-call.view';

export class AddDoNotCallBody implements DoNotCallInput {
  @ApiProperty({ example: 1024 })
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(Number.MAX_SAFE_INTEGER)
  customerId: number;

  @ApiProperty({ example: '客户来电要求不再致电' })
  @IsString()
  @MinLength(1)
  @MaxLength(200)
  @NotBlank()
  reason: string;

  @ApiPropertyOptional({ example: '2026-12-31T00:00:00+08:00', format: 'date-time', description: 'A date-time, or a date YYYY-MM-DD; left out: until removed by hand' })
  @OptionalValue()
  @IsDateOrDateTime()
  until?: string;
}
