import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsBoolean, IsInt, IsOptional, IsString, MaxLength, Min, MinLength, ValidateNested } from 'class-validator';
import { OptionalValue, PageQuery } from '@lib/common';
import type { ValueTier } from '../value-tiers/value-tier-name';
import type * as View from './customer.view';
import { ProductLine } from './product-line';
import type { ProductView } from './product.view';

export class CustomerSearchQuery extends PageQuery {
  @ApiPropertyOptional({
    description: 'Customer number (any case), mobile (in any notation: +86, spaces, dashes), the last four digits of a mobile, or the start of the name',
  })
  @IsOptional()
  @IsString()
  @MinLength(1)
  @MaxLength(100)
  q?: string;

  @ApiPropertyOptional({ description: 'Customer number, any case' })
  @IsOptional()
  @IsString()
  @MaxLength(32)
  customerNo?: string;

  @ApiPropertyOptional({ description: 'Start of the name' })
  @IsOptional()
  @IsString()
  @MinLength(1)
  @MaxLength(100)
  name?: string;

  @ApiPropertyOptional({ description: 'A mobile in any common notation, or its last four digits' })
  @IsOptional()
  @IsString()
  @MaxLength(30)
  mobile?: string;

  @ApiPropertyOptional({ description: "Only customers of this unit's subtree (a unit in your scope)" })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  orgUnitId?: number;
}

export class ConsentsBody implements Partial<View.Consents> {
  @ApiPropertyOptional() @OptionalValue() @IsBoolean() email?: boolean;
  @ApiPropertyOptional() @OptionalValue() @IsBoolean() phone?: boolean;
  @ApiPropertyOptional() @OptionalValue() @IsBoolean() sms?: boolean;
  @ApiPropertyOptional() @OptionalValue() @IsBoolean() agentVisit?: boolean;
}

export class UpdateCustomerBody implements View.CustomerChanges {
  @ApiPropertyOptional({ type: ConsentsBody })
  @OptionalValue()
  @ValidateNested()
  @Type(() => ConsentsBody)
  consents?: ConsentsBody;

  @ApiPropertyOptional({ description: 'Turning it on records when (doNotContactAt)' })
  @OptionalValue()
  @IsBoolean()
  doNotContact?: boolean;
}

/** The OpenAPI schema of CustomerListItem. */
export class CustomerListItemSchema implements View.CustomerListItem {
  @ApiProperty() id: number;
  @ApiProperty() customerNo: string;
  @ApiProperty() name: string;
  @ApiProperty({ nullable: true, enum: ['M', 'F'] }) gender: 'M' | 'F' | null;
  @ApiProperty({ nullable: true, example: '1980-05-01' }) birthDate: string | null;
  @ApiProperty({ nullable: true, example: '138****5678', description: 'Always masked in lists' }) mobile: string | null;
  @ApiProperty({ nullable: true }) city: string | null;
  @ApiProperty() orgUnitId: number;
  @ApiProperty() orgUnitName: string;
  @ApiProperty({ nullable: true, type: String }) orgUnitNameEn: string | null;
  @ApiProperty({ nullable: true, enum: ['gold', 'silver', 'ordinary', 'do_not_serve'] }) valueTier: ValueTier | null;
  @ApiProperty() doNotContact: boolean;
}

/** The OpenAPI schema of Consents. */
export class ConsentsSchema implements View.Consents {
  @ApiProperty() email: boolean;
  @ApiProperty() phone: boolean;
  @ApiProperty() sms: boolean;
  @ApiProperty() agentVisit: boolean;
}

/** The OpenAPI schema of CustomerProfile. */
export class CustomerProfileSchema extends CustomerListItemSchema implements View.CustomerProfile {
  @ApiProperty({ nullable: true, description: 'Masked unless your role works with personal data' }) idNumber: string | null;
  @ApiProperty({ nullable: true }) age: number | null;
  @ApiProperty({ nullable: true }) email: string | null;
  @ApiProperty() consents: ConsentsSchema;
  @ApiProperty({ nullable: true }) doNotContactAt: Date | null;
  @ApiProperty({ nullable: true }) valueScore: number | null;
  @ApiProperty({ description: 'True when mobile and idNumber are masked for your role' }) personalDataMasked: boolean;
}

/** The OpenAPI schema of CustomerPolicy. */
export class CustomerPolicySchema implements View.CustomerPolicy {
  @ApiProperty() id: number;
  @ApiProperty() policyNo: string;
  @ApiProperty() productCode: string;
  @ApiProperty() productName: string;
  @ApiProperty({ nullable: true, type: String }) productNameEn: string | null;
  @ApiProperty() line: string;
  @ApiProperty() premium: number;
  @ApiProperty() startDate: string;
  @ApiProperty() endDate: string;
  @ApiProperty() status: string;
  @ApiProperty() channel: string;
}

/** The OpenAPI schema of CustomerClaim. */
export class CustomerClaimSchema implements View.CustomerClaim {
  @ApiProperty() id: number;
  @ApiProperty() claimNo: string;
  @ApiProperty() policyNo: string;
  @ApiProperty() claimDate: string;
  @ApiProperty() amount: number;
  @ApiProperty() status: string;
}

/** The OpenAPI schema of CustomerView. */
export class CustomerViewSchema implements View.CustomerView {
  @ApiProperty() customer: CustomerProfileSchema;
  @ApiProperty({ type: [CustomerPolicySchema] }) policies: CustomerPolicySchema[];
  @ApiProperty({ type: [CustomerClaimSchema] }) claims: CustomerClaimSchema[];
}

/** The OpenAPI schema of ProductView. */
export class ProductViewSchema implements ProductView {
  @ApiProperty() code: string;
  @ApiProperty() name: string;
  @ApiProperty({ nullable: true }) nameEn: string | null;
  @ApiProperty({ enum: ProductLine }) line: ProductLine;
  @ApiProperty() active: boolean;
}
