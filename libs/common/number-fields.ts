import { ValidateBy, ValidationOptions } from 'class-validator';
import { Fen, parseYuan } from './money';
import { problemCode } from './validation';

/**
 * An amount of money in yuan with at most two decimals, between `min` and `max` yuan.
 * parseYuan decides, so 1e-9 or 0.30000000000000004 are refused instead of being
 * rounded by PostgreSQL. The field's declared type says how it travels: a `string`
 * field takes decimal strings ("50000.00"), a `number` field JSON numbers.
 */
export function IsYuan(range: { min?: number; max?: number } = {}, options: ValidationOptions = {}): PropertyDecorator {
  const minFen: Fen = (range.min ?? 0) * 100;
  const maxFen: Fen | undefined = range.max === undefined ? undefined : range.max * 100;
  return ValidateBy(
    {
      name: 'isYuan',
      validator: {
        validate(value, args) {
          const declared = args && Reflect.getMetadata('design:type', args.object, args.property);
          const travelsAs = declared === String ? ['string'] : declared === Number ? ['number'] : ['string', 'number'];
          if (!travelsAs.includes(typeof value)) return false;
          const fen = parseYuan(value);
          return fen !== null && fen >= minFen && (maxFen === undefined || fen <= maxFen);
        },
      },
    },
    { ...problemCode('not_yuan'), ...options },
  );
}

/**
 * A JSON number as people write one, with at most `places` decimals: a value whose
 * shortest form needs an exponent (1e-9) or many digits (0.1 + 0.2) is not what
 * anyone typed, and class-validator's maxDecimalPlaces lets exponents through.
 */
export function IsExactDecimal(places: number, options: ValidationOptions = {}): PropertyDecorator {
  const written = new RegExp(`^-?\\d+(\\.\\d{1,${places}})?$`);
  return ValidateBy(
    { name: 'isExactDecimal', validator: { validate: (value) => typeof value === 'number' && written.test(String(value)) } },
    { ...problemCode('too_many_decimals', { places }), ...options },
  );
}
