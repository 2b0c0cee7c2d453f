import { applyDecorators } from '@nestjs/common';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsString, Matches, MaxLength, MinLength } from 'class-validator';
import { ErrorCode } from './error-messages';
import { OptionalValue } from './optional-value';
import { problemCode } from './validation';

/** A NUL, or a UTF-16 surrogate without its partner: PostgreSQL stores neither (22021, 22P05), and no text means them. */
const NUL = /\u0000/;
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

/** The one string rule for every text a request carries (bodies, keys, query strings, path params, file names). */
export function textProblem(text: string): ErrorCode | undefined {
  if (NUL.test(text)) return 'contains_nul';
  if (LONE_SURROGATE.test(text)) return 'lone_surrogate';
  return undefined;
}

/** Refuses a text of white space only (full-width spaces included): a name or reason that says nothing. */
export function NotBlank(): PropertyDecorator {
  return Matches(/\S/, problemCode('blank'));
}

/** The display name every named object carries (segments, bundles, policies, units, products): 1–100 characters, not blank. */
export function NameField(example: string): PropertyDecorator {
  return applyDecorators(ApiProperty({ maxLength: 100, example }), IsString(), MinLength(1), MaxLength(100), NotBlank());
}

/** A free-text description that may be left out (an empty text clears it): at most 1,000 characters. */
export function DescriptionField(): PropertyDecorator {
  return applyDecorators(ApiPropertyOptional({ maxLength: 1000 }), OptionalValue(), IsString(), MaxLength(1000));
}
