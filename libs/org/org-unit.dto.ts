import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsInt, IsOptional, IsString, Matches, MaxLength, Min, MinLength } from 'class-validator';
import { NameField, NotBlank, OptionalValue, problemCode } from '@lib/common';
import type { OrgUnitChanges, OrgUnitInput, OrgUnitView } from './org-unit.view';

const CODE_PATTERN = /^[A-Za-z0-9_-]+$/;

/** The OpenAPI schema of OrgUnitView. */
export class OrgUnitViewSchema implements OrgUnitView {
  @ApiProperty({ example: 5 })
  id: number;

  @ApiProperty({ example: 'CITY_NJ' })
  code: string;

  @ApiProperty({ example: '南京分公司' })
  name: string;

  @ApiProperty({ example: 'Nanjing branch', nullable: true, type: String })
  nameEn: string | null;

  @ApiProperty({ description: '1 head office, 2 province, 3 city, 4 county/district', minimum: 1, maximum: 4 })
  level: number;

  @ApiProperty({ nullable: true, type: Number, example: 2 })
  parentId: number | null;

  @ApiProperty({ description: 'Ids from the root down to this unit', example: '/1/2/5/' })
  path: string;
}

/** A new unit one level below its parent. A parent outside the caller's subtree answers 404, as if it did not exist. */
export class CreateOrgUnitBody implements OrgUnitInput {
  @ApiProperty({ maxLength: 32, example: 'COUNTY_JN', description: 'Unique over the whole tree' })
  @IsString()
  @MinLength(1)
  @MaxLength(32)
  @Matches(CODE_PATTERN, problemCode('org_unit_code_format'))
  code: string;

  @NameField('江宁支公司')
  name: string;

  @ApiPropertyOptional({ maxLength: 100, example: 'Jiangning sub-branch', nullable: true, type: String })
  @IsOptional()
  @IsString()
  @MaxLength(100)
  @NotBlank()
  nameEn?: string | null;

  @ApiProperty({ example: 5, description: 'The parent unit; must lie in your subtree and be above county level' })
  @IsInt()
  @Min(1)
  parentId: number;
}

/**
 * Changes to a unit. A new parentId moves the unit with its whole subtree; the new
 * parent must be one level above the unit, in your subtree, and not below the unit.
 */
export class UpdateOrgUnitBody implements OrgUnitChanges {
  @ApiPropertyOptional({ maxLength: 32 })
  @OptionalValue()
  @IsString()
  @MinLength(1)
  @MaxLength(32)
  @Matches(CODE_PATTERN, problemCode('org_unit_code_format'))
  code?: string;

  @ApiPropertyOptional({ maxLength: 100 })
  @OptionalValue()
  @IsString()
  @MinLength(1)
  @MaxLength(100)
  @NotBlank()
  name?: string;

  @ApiPropertyOptional({ maxLength: 100, nullable: true, type: String, description: 'null clears it' })
  @IsOptional()
  @IsString()
  @MaxLength(100)
  @NotBlank()
  nameEn?: string | null;

  @ApiPropertyOptional({ description: 'Move the unit (and its subtree) under this unit' })
  @OptionalValue()
  @IsInt()
  @Min(1)
  parentId?: number;
}
