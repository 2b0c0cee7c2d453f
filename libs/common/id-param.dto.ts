import { ApiProperty } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsInt, Max, Min } from 'class-validator';

/** The numeric `:id` of a route; anything but plain digits ('abc', '1e3') is a 400 naming `id`. */
export class IdParam {
  @ApiProperty({ minimum: 1, example: 5 })
  @Transform(({ value }) => (typeof value === 'string' && /^\d+$/.test(value) ? Number(value) : value))
  @IsInt()
  @Min(1)
  @Max(2147483647)
  id: number;
}
