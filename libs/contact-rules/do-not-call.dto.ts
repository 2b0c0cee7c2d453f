import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsInt, IsISO8601, IsOptional, IsString, Max, MaxLength, Min, MinLength } from 'class-validator';

export class AddDoNotCallBody {
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
  reason: string;

  @ApiPropertyOptional({ example: '2026-12-31T00:00:00+08:00', description: 'Left out: until removed by hand' })
  @IsOptional()
  @IsISO8601({ strict: true })
  until?: string;
}

export interface DoNotCallEntry {
  customerId: number;
  customerNo: string;
  name: string;
  reason: string;
  since: Date;
  until: Date | null;
}
