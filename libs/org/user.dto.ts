import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform, Type } from 'class-transformer';
import {
  ArrayNotEmpty,
  ArrayUnique,
  IsArray,
  IsBoolean,
  IsEnum,
  IsInt,
  IsOptional,
  IsString,
  Matches,
  MaxLength,
  Min,
  MinLength,
} from 'class-validator';
import { Role } from '@lib/auth';
import { NotBlank, OptionalValue, PageQuery, problemCode } from '@lib/common';
import type { UserChanges, UserInput, UserPageView, UserView } from './user.view';

/** At least one letter and one digit. */
const PASSWORD_MIX = /^(?=.*[A-Za-z])(?=.*\d)/;
const USERNAME_PATTERN = /^[A-Za-z0-9._-]+$/;

/** The OpenAPI schema of UserView. */
export class UserViewSchema implements UserView {
  @ApiProperty({ example: 12 })
  id: number;

  @ApiProperty({ example: 'wang.li' })
  username: string;

  @ApiProperty({ example: '王丽' })
  displayName: string;

  @ApiProperty({ enum: Role, isArray: true })
  roles: Role[];

  @ApiProperty({ example: 5 })
  orgUnitId: number;

  @ApiProperty({ example: '南京分公司' })
  orgUnitName: string;

  @ApiProperty({ example: 'Nanjing Branch', nullable: true, type: String })
  orgUnitNameEn: string | null;

  @ApiProperty()
  active: boolean;

  @ApiProperty({ nullable: true, type: String, format: 'date-time' })
  lastLoginAt: Date | null;

  @ApiProperty({ type: String, format: 'date-time' })
  createdAt: Date;
}

/** The OpenAPI schema of UserPageView, one page of the user list. */
export class UserPageSchema implements UserPageView {
  @ApiProperty({ type: UserViewSchema, isArray: true })
  items: UserViewSchema[];

  @ApiProperty({ description: 'Users matching the filters, over all pages' })
  total: number;

  @ApiProperty()
  page: number;

  @ApiProperty()
  pageSize: number;
}

export class UserListQuery extends PageQuery {
  @ApiPropertyOptional({ maxLength: 100, description: 'Part of the user name or display name, any case' })
  @IsOptional()
  @IsString()
  @MaxLength(100)
  q?: string;

  @ApiPropertyOptional({ description: 'Users of this unit and the units below it' })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  orgUnitId?: number;

  @ApiPropertyOptional({ enum: Role })
  @IsOptional()
  @IsEnum(Role)
  role?: Role;

  @ApiPropertyOptional({ type: Boolean })
  @IsOptional()
  // Query strings carry text: only the exact words true/false are booleans.
  @Transform(({ value }) => (value === 'true' ? true : value === 'false' ? false : value))
  @IsBoolean()
  active?: boolean;
}

/** A new user. An orgUnitId outside your subtree answers 404, as if the unit did not exist. */
export class CreateUserBody implements UserInput {
  @ApiProperty({ minLength: 3, maxLength: 50, example: 'wang.li', description: 'Letters, digits, . _ -; unique in any case' })
  @IsString()
  @MinLength(3)
  @MaxLength(50)
  @Matches(USERNAME_PATTERN, problemCode('username_format'))
  username: string;

  @ApiProperty({ maxLength: 100, example: '王丽' })
  @IsString()
  @MinLength(1)
  @MaxLength(100)
  @NotBlank()
  displayName: string;

  @ApiProperty({ minLength: 8, maxLength: 72, description: 'At least 8 characters, mixing letters and digits' })
  @IsString()
  @MinLength(8)
  // bcrypt ignores everything past 72 bytes.
  @MaxLength(72)
  @Matches(PASSWORD_MIX, problemCode('password_mix'))
  password: string;

  @ApiProperty({ example: 5, description: 'Home unit; must lie in your subtree' })
  @IsInt()
  @Min(1)
  orgUnitId: number;

  @ApiProperty({ enum: Role, isArray: true, example: [Role.BranchExecutor] })
  @IsArray()
  @ArrayNotEmpty()
  @ArrayUnique()
  @IsEnum(Role, { each: true })
  roles: Role[];
}

/** Changes to a user. You cannot take away your own admin role nor deactivate yourself. */
export class UpdateUserBody implements UserChanges {
  @ApiPropertyOptional({ maxLength: 100 })
  @OptionalValue()
  @IsString()
  @MinLength(1)
  @MaxLength(100)
  @NotBlank()
  displayName?: string;

  @ApiPropertyOptional({ description: 'New home unit; must lie in your subtree (404 otherwise)' })
  @OptionalValue()
  @IsInt()
  @Min(1)
  orgUnitId?: number;

  @ApiPropertyOptional({ enum: Role, isArray: true })
  @OptionalValue()
  @IsArray()
  @ArrayNotEmpty()
  @ArrayUnique()
  @IsEnum(Role, { each: true })
  roles?: Role[];

  @ApiPropertyOptional({ description: 'false ends every session of the user at once' })
  @OptionalValue()
  @IsBoolean()
  active?: boolean;

  @ApiPropertyOptional({ minLength: 8, maxLength: 72 })
  @OptionalValue()
  @IsString()
  @MinLength(8)
  @MaxLength(72)
  @Matches(PASSWORD_MIX, problemCode('password_mix'))
  password?: string;
}
