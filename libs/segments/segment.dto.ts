import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import {
  ArrayMaxSize, ArrayMinSize, ArrayUnique, IsArray, IsIn, IsInt, IsObject, IsOptional, IsString, Max, MaxLength, Min, MinLength,
} from 'class-validator';
import { DescriptionField, NameField, NotBlank, OptionalValue, PageQuery } from '@lib/common';
import { RuleNode } from './rule';
import { SegmentKind } from './segment.entity';

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

export class RuleBody {
  @ApiProperty({ description: RULE_DOC, type: Object })
  @IsObject()
  rule: RuleNode;
}

export class CreateSegmentBody {
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

export class UpdateSegmentBody {
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

export class CustomerNumbersBody {
  @ApiProperty({ type: [String], description: `Customer numbers, at most ${MAX_UPLOAD} per call` })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(MAX_UPLOAD)
  @IsString({ each: true })
  @MaxLength(32, { each: true })
  customerNos: string[];
}

export class OverlapBody {
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

export interface SegmentView {
  id: number;
  name: string;
  description: string | null;
  kind: SegmentKind;
  ownerOrgUnitId: number;
  ownerOrgUnitName: string;
  ownerOrgUnitNameEn: string | null;
  createdByName: string | null;
  createdAt: Date;
  updatedAt: Date;
}

export interface SegmentDetail extends SegmentView {
  rule: RuleNode | null;
}

/** A customer as segment lists show them; the mobile number is masked. */
export interface AudienceMember {
  id: number;
  customerNo: string;
  name: string;
  mobile: string | null;
  orgUnitName: string;
  orgUnitNameEn: string | null;
  valueTier: string | null;
}

export interface AudiencePreview {
  count: number;
  sample: AudienceMember[];
  byOrgUnit: { orgUnitId: number; orgUnitName: string; orgUnitNameEn: string | null; count: number }[];
  byTier: { tier: string; count: number }[];
  elapsedMs: number;
}

export interface MemberUploadResult {
  added: number;
  alreadyMembers: number;
  unknown: string[];
}

export interface MemberRemovalResult {
  removed: number;
  /** Numbers that were not on the list (or not in the caller's scope). */
  notMembers: string[];
}

export interface SnapshotView {
  id: number;
  segmentId: number | null;
  segmentName: string;
  takenAt: Date;
  memberCount: number;
  rule: RuleNode | null;
}

export interface OverlapResult {
  segments: { id: number; name: string; count: number }[];
  intersections: { segmentIds: number[]; count: number }[];
}
