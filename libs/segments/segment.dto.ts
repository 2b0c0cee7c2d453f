import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import {
  ArrayMaxSize, ArrayMinSize, ArrayUnique, IsArray, IsIn, IsInt, IsObject, IsOptional, IsString, Max, MaxLength, Min, MinLength,
} from 'class-validator';
import { DescriptionField, NameField, NotBlank, OptionalValue, PageQuery } from '@lib/common';
import { RuleNode } from './rule';
import type * as View from './segment.view';
import type { SegmentKind } from './segment.view';

const RULE_DOC = 'Rule JSON: groups {type:"group", op:"all"|"any"|"not", children} and conditions {type:"condition", field, operator, value, params?}; fields at GET /api/segments/fields';

export class SegmentListQuery extends PageQuery {
  @ApiPropertyOptional({ description: 'Part of the name', maxLength: 100 })
  @IsOptional()
  @IsString()
  @MaxLength(100)
  q?: string;

  @ApiPropertyOptional({ enum: ['dynamic', 'static'], description: 'Only segments of this kind' })
  @IsOptional()
  @IsIn(['dynamic', 'static'])
  kind?: SegmentKind;
}

export class RuleBody implements View.RuleRequest {
  @ApiProperty({ description: RULE_DOC, type: Object })
  @IsObject()
  rule: RuleNode;
}

export class CreateSegmentBody implements View.SegmentInput {
  @NameField('车险客户无家财险')
  name: string;

  @DescriptionField()
  description?: string;

  @ApiProperty({ enum: ['dynamic', 'static'] })
  @IsIn(['dynamic', 'static'])
  kind: SegmentKind;

  @ApiPropertyOptional({ description: `${RULE_DOC}. Required for dynamic segments, refused for static ones.`, type: Object })
  @OptionalValue()
  @IsObject()
  rule?: RuleNode;
}

export class UpdateSegmentBody implements View.SegmentChanges {
  @ApiPropertyOptional({ maxLength: 100 })
  @OptionalValue()
  @IsString()
  @MinLength(1)
  @MaxLength(100)
  @NotBlank()
  name?: string;

  @DescriptionField()
  description?: string;

  @ApiPropertyOptional({ description: RULE_DOC, type: Object })
  @OptionalValue()
  @IsObject()
  rule?: RuleNode;
}

export const MAX_UPLOAD = 100000;

export class CustomerNumbersBody implements View.CustomerNumbersRequest {
  @ApiProperty({ type: [String], description: `Customer numbers, at most ${MAX_UPLOAD} per call` })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(MAX_UPLOAD)
  @IsString({ each: true })
  @MaxLength(32, { each: true })
  customerNos: string[];
}

export class OverlapBody implements View.OverlapRequest {
  @ApiProperty({ type: [Number], minItems: 2, maxItems: 4 })
  @IsArray()
  @ArrayMinSize(2)
  @ArrayMaxSize(4)
  @ArrayUnique()
  @IsInt({ each: true })
  @Min(1, { each: true })
  @Max(2147483647, { each: true })
  segmentIds: number[];
}
