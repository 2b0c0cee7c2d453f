import { ApiProperty, ApiPropertyOptional, PartialType } from '@nestjs/swagger';
import { Transform, Type } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayMinSize,
  IsArray,
  IsBoolean,
  IsObject,
  IsOptional,
  IsString,
  Matches,
  Max,
  MaxLength,
  Min,
  MinLength,
  ValidateNested,
} from 'class-validator';
import { DescriptionField, IsCalendarDate, IsExactDecimal, IsYuan, NameField, OptionalValue, problemCode } from '@lib/common';
import type { RuleNode } from '@lib/segments';
import type { BundleGuidance, BundleInput, BundleView } from './bundle.view';
import type { Bilingual, NextBestOfferView } from './next-best-offer.view';

export class ObjectionDto {
  @ApiProperty({ example: '我已经有车险了，不需要别的保险' })
  @IsString()
  @MinLength(1)
  @MaxLength(300)
  objection: string;

  @ApiProperty({ example: '车险只保车，家里的房子和财物出了事车险不赔；组合购买还能再省 15%。' })
  @IsString()
  @MinLength(1)
  @MaxLength(1000)
  answer: string;
}

/** How the call centre, field agents, email and web sell the bundle. */
export class GuidanceDto implements BundleGuidance {
  @ApiProperty({ type: [String], maxItems: 20 })
  @IsArray()
  @ArrayMaxSize(20)
  @IsString({ each: true })
  @MaxLength(300, { each: true })
  talkingPoints: string[];

  @ApiProperty({ type: [ObjectionDto], maxItems: 20 })
  @IsArray()
  @ArrayMaxSize(20)
  @ValidateNested({ each: true })
  @Type(() => ObjectionDto)
  objections: ObjectionDto[];

  @ApiProperty({ description: 'Short text for email and web', maxLength: 500 })
  @IsString()
  @MaxLength(500)
  shortText: string;
}

export class CreateBundleBody implements BundleInput {
  @ApiProperty({ example: 'MOTOR_HOME', description: 'Upper-case letters, digits, _ and -' })
  @IsString()
  @Matches(/^[A-Z0-9][A-Z0-9_-]{1,31}$/, problemCode('bundle_code_format'))
  code: string;

  @NameField('车险+家财 安居组合')
  name: string;

  @DescriptionField()
  description?: string;

  @ApiProperty({ type: [String], example: ['SYX', 'JCX'], minItems: 2, maxItems: 10 })
  @IsArray()
  @ArrayMinSize(2)
  @ArrayMaxSize(10)
  @IsString({ each: true })
  @MaxLength(20, { each: true })
  productCodes: string[];

  @ApiProperty({ example: 4200, minimum: 0, maximum: 100_000_000, description: 'List price of the bundle (annual premium), yuan with at most two decimals' })
  @IsYuan({ min: 0, max: 100_000_000 })
  price: number;

  @ApiPropertyOptional({ example: 15, minimum: 0, maximum: 100, default: 0 })
  @OptionalValue()
  @IsExactDecimal(2)
  @Min(0)
  @Max(100)
  discountPct?: number;

  @ApiProperty({ description: 'Rule JSON of the segment rule language (GET /api/segments/fields)' })
  @IsObject()
  eligibilityRule: RuleNode;

  @ApiProperty({ example: '2026-01-01', format: 'date' })
  @IsCalendarDate()
  validFrom: string;

  @ApiProperty({ example: '2026-12-31', format: 'date' })
  @IsCalendarDate()
  validTo: string;

  @ApiPropertyOptional({ default: true })
  @OptionalValue()
  @IsBoolean()
  active?: boolean;

  @ApiPropertyOptional({ type: GuidanceDto })
  @OptionalValue()
  @ValidateNested()
  @Type(() => GuidanceDto)
  guidance?: GuidanceDto;
}

// Left out means unchanged; null is validated like any value, so it cannot blank a column.
export class UpdateBundleBody extends PartialType(CreateBundleBody, { skipNullProperties: false }) {}

export class BundleListQuery {
  @ApiPropertyOptional({ description: 'true: only active bundles; false: only inactive ones' })
  @IsOptional()
  @Transform(({ value }) => (value === 'true' ? true : value === 'false' ? false : value))
  @IsBoolean()
  active?: boolean;
}

/** The OpenAPI schema of BundleGuidance. */
export class GuidanceViewSchema implements BundleGuidance {
  @ApiProperty({ type: [String] })
  talkingPoints: string[];

  @ApiProperty({ type: [ObjectionDto] })
  objections: { objection: string; answer: string }[];

  @ApiProperty()
  shortText: string;
}

/** The OpenAPI schema of BundleView. */
export class BundleViewSchema implements BundleView {
  @ApiProperty()
  id: number;

  @ApiProperty()
  code: string;

  @ApiProperty()
  name: string;

  @ApiProperty()
  description: string;

  @ApiProperty({ type: [String] })
  productCodes: string[];

  @ApiProperty()
  price: number;

  @ApiProperty()
  discountPct: number;

  @ApiProperty({ type: 'object', additionalProperties: true, description: 'Rule JSON' })
  eligibilityRule: RuleNode;

  @ApiProperty({ example: '2026-01-01' })
  validFrom: string;

  @ApiProperty({ example: '2026-12-31' })
  validTo: string;

  @ApiProperty()
  active: boolean;

  @ApiProperty({ type: GuidanceViewSchema })
  guidance: GuidanceViewSchema;

  @ApiProperty()
  ownerOrgUnitId: number;

  @ApiProperty()
  updatedAt: Date;
}

/** The OpenAPI schema of Bilingual. */
export class BilingualSchema implements Bilingual {
  @ApiProperty()
  zh: string;

  @ApiProperty()
  en: string;
}

/** The OpenAPI schema of NextBestOfferView. */
export class NextBestOfferViewSchema implements NextBestOfferView {
  @ApiProperty()
  bundleId: number;

  @ApiProperty()
  code: string;

  @ApiProperty()
  name: string;

  @ApiProperty()
  price: number;

  @ApiProperty()
  discountPct: number;

  @ApiProperty({ description: 'price × (1 − discountPct / 100): what the customer pays' })
  bundlePremium: number;

  @ApiProperty({ description: 'Share of customers of the same value tier expected to accept (0–1)' })
  acceptanceRate: number;

  @ApiProperty({ description: 'bundlePremium × acceptanceRate: the ranking key' })
  expectedValue: number;

  @ApiProperty({ type: BilingualSchema, description: 'The conditions that made the customer eligible, then the tier and rate used' })
  reason: BilingualSchema;

  @ApiProperty()
  shortText: string;

  @ApiProperty({ type: [String] })
  talkingPoints: string[];
}
