import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsIn, IsInt, IsString, Max, MaxLength, Min } from 'class-validator';
import { IsDateOrDateTime, NotBlank, OptionalValue } from '@lib/common';
import { Disposition, DISPOSITIONS } from './call-centre.view';

export class RecordCallBody {
  @ApiProperty({ enum: DISPOSITIONS, example: 'callback' })
  @IsIn(DISPOSITIONS)
  disposition: Disposition;

  @ApiPropertyOptional({ format: 'date-time', example: '2026-12-02T10:30:00+08:00', description: "For 'callback': when to call again (in the future)" })
  @OptionalValue()
  @IsDateOrDateTime()
  callbackAt?: string;

  @ApiPropertyOptional({ example: 'P2026120100042', description: "For 'converted': the policy the customer bought" })
  @OptionalValue()
  @IsString()
  @MaxLength(40)
  @NotBlank()
  policyNo?: string;

  @ApiPropertyOptional({ example: '客户下午三点方便' })
  @OptionalValue()
  @IsString()
  @MaxLength(500)
  note?: string;
}

export class ContactIdParam {
  @ApiProperty({ example: 4096 })
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(Number.MAX_SAFE_INTEGER)
  contactId: number;
}

export class BranchIdParam {
  @ApiProperty({ example: 12 })
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(2_147_483_647)
  branchId: number;
}

export class CallListExportQuery {
  @ApiPropertyOptional({ enum: ['csv', 'xlsx'], default: 'csv' })
  @OptionalValue()
  @IsIn(['csv', 'xlsx'])
  format?: 'csv' | 'xlsx';
}
