import { ValidateIf } from 'class-validator';

/**
 * The field may be left out, but not sent as null: unlike @IsOptional(), null is
 * validated (and refused by the field's type rule), so a NOT NULL column is never
 * set to null by a PATCH.
 */
export const OptionalValue = () => ValidateIf((_object, value) => value !== undefined);
