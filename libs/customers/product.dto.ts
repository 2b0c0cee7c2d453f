import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsBoolean, IsEnum, IsOptional, IsString, Matches, MaxLength, MinLength } from 'class-validator';
import { NameField, NotBlank, OptionalValue, problemCode } from '@lib/common';
import { ProductLine } from './product-line';
import type { ProductChanges, ProductInput } from './product.view';

const CODE_PATTERN = /^[A-Z0-9_]{2,20}$/;
const LINE_NOTE =
  'Segments and cross-sell bundles read a product’s line live (no copy is kept), so a change applies to their next preview, count or launch.';


/** The `:code` of a product route. */
export class ProductCodeParam {
  @ApiProperty({ maxLength: 20, example: 'JQX' })
  @IsString()
  @MaxLength(20)
  code: string;
}

/** A new product of the province-wide catalogue. */
export class CreateProductBody implements ProductInput {
  @ApiProperty({ minLength: 2, maxLength: 20, pattern: CODE_PATTERN.source, example: 'YWX_SENIOR', description: 'Unique; cannot be changed later' })
  @IsString()
  @Matches(CODE_PATTERN, problemCode('product_code_format'))
  code: string;

  @NameField('老年意外险')
  name: string;

  @ApiPropertyOptional({ maxLength: 100, example: 'Senior accident cover', nullable: true, type: String })
  @IsOptional()
  @IsString()
  @MaxLength(100)
  @NotBlank()
  nameEn?: string | null;

  @ApiProperty({ enum: ProductLine, example: ProductLine.Accident })
  @IsEnum(ProductLine)
  line: ProductLine;
}

/** Corrections to a product; the code is its key and stays. */
export class UpdateProductBody implements ProductChanges {
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

  @ApiPropertyOptional({ enum: ProductLine, description: `Allowed while policies use the product. ${LINE_NOTE}` })
  @OptionalValue()
  @IsEnum(ProductLine)
  line?: ProductLine;

  @ApiPropertyOptional({ description: 'Inactive products stay on their policies but are left out of the pickers for new segment rules' })
  @OptionalValue()
  @IsBoolean()
  active?: boolean;
}
