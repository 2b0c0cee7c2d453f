import { ApiProperty } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsInt, Max, Min } from 'class-validator';

/** The numeric `:id` of a route; anything else is a 400 naming `id`. */
export class IdParam {
  @ApiProperty({ minimum: 1, example: 5 })
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(2147483647)
  id: number;
}
