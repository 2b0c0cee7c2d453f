import { ApiProperty } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsNumber, IsObject, Max, Min, ValidateNested } from 'class-validator';
import { IsExactDecimal, IsYuan } from '@lib/common';
import type { ScoreWeightsInput, ValueTierSettingsInput } from './value-tier.view';

export class ScoreWeights implements ScoreWeightsInput {
  @ApiProperty({ description: 'Points per 1,000 yuan of annual premium (active policies)', example: 1 })
  @IsNumber()
  @IsExactDecimal(4)
  @Min(0)
  @Max(1000)
  annualPremium: number;

  @ApiProperty({ description: 'Points per 1,000 yuan of margin (3-year premiums minus claims paid)', example: 0.3 })
  @IsNumber()
  @IsExactDecimal(4)
  @Min(0)
  @Max(1000)
  margin: number;

  @ApiProperty({ description: 'Points per whole year since the first policy started', example: 0.5 })
  @IsNumber()
  @IsExactDecimal(4)
  @Min(0)
  @Max(1000)
  tenureYears: number;

  @ApiProperty({ description: 'Points per product line held (active policies)', example: 1 })
  @IsNumber()
  @IsExactDecimal(4)
  @Min(0)
  @Max(1000)
  productLines: number;
}

export class TierThresholds {
  @ApiProperty({ description: 'Lowest score of a gold customer', example: 20 })
  @IsNumber()
  @IsExactDecimal(4)
  @Min(-1_000_000)
  @Max(1_000_000)
  gold: number;

  @ApiProperty({ description: 'Lowest score of a silver customer (at most the gold threshold)', example: 12 })
  @IsNumber()
  @IsExactDecimal(4)
  @Min(-1_000_000)
  @Max(1_000_000)
  silver: number;
}

export class DoNotServeRule {
  @ApiProperty({ description: 'Do not serve when claims paid / premiums over 3 years is above this', example: 1.5 })
  @IsNumber()
  @IsExactDecimal(4)
  @Min(0.01)
  @Max(1000)
  claimsRatioAbove: number;

  @ApiProperty({ description: 'Do not serve when the 3-year margin (yuan) is below this', example: -5000 })
  @IsYuan({ min: -100_000_000, max: 100_000_000 })
  minMarginBelow: number;
}

/** Body of PUT /value-tiers/settings (the whole settings, as GET returns them). */
export class ValueTierSettingsBody implements ValueTierSettingsInput {
  @ApiProperty({ type: ScoreWeights })
  @IsObject()
  @ValidateNested()
  @Type(() => ScoreWeights)
  weights: ScoreWeights;

  @ApiProperty({ type: TierThresholds })
  @IsObject()
  @ValidateNested()
  @Type(() => TierThresholds)
  thresholds: TierThresholds;

  @ApiProperty({ type: DoNotServeRule })
  @IsObject()
  @ValidateNested()
  @Type(() => DoNotServeRule)
  doNotServe: DoNotServeRule;
}
