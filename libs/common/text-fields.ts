import { applyDecorators } from '@nestjs/common';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsOptional, IsString, MaxLength, MinLength } from 'class-validator';

/** The display name every named object carries (segments, bundles, policies, units, products): 1–100 characters. */
export function NameField(example: string): PropertyDecorator {
  return applyDecorators(ApiProperty({ maxLength: 100, example }), IsString(), MinLength(1), MaxLength(100));
}

/** A free-text description that may be left out: at most 1,000 characters. */
export function DescriptionField(): PropertyDecorator {
  return applyDecorators(ApiPropertyOptional({ maxLength: 1000 }), IsOptional(), IsString(), MaxLength(1000));
}
