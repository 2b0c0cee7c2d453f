import { ValidationError as ClassValidationError, ValidationPipe } from '@nestjs/common';
import { getMetadataStorage, ValidationOptions } from 'class-validator';
import { FieldProblem, ValidationError } from './domain-error';
import { ErrorCode, ErrorParams } from './error-messages';

/** How a class-validator constraint becomes a field problem: its code, and params from the decorator's arguments. */
interface ConstraintProblem {
  code: ErrorCode;
  params?: (args: unknown[]) => ErrorParams;
}

const first = (name: string) => (args: unknown[]) => ({ [name]: args[0] as number });
const values = (list: unknown) => (Array.isArray(list) ? list.map(String) : []);

/** class-validator's constraint names (the keys of its `constraints`) and what each means in our catalogue. */
const CONSTRAINT_PROBLEMS: Record<string, ConstraintProblem> = {
  whitelistValidation: { code: 'unknown_field' },
  isDefined: { code: 'required' },
  isNotEmpty: { code: 'required' },
  isString: { code: 'not_text' },
  isInt: { code: 'not_whole_number' },
  isNumber: { code: 'not_number' },
  isBoolean: { code: 'not_boolean' },
  isObject: { code: 'not_object' },
  nestedValidation: { code: 'not_object' },
  isArray: { code: 'not_list' },
  min: { code: 'below_min', params: first('min') },
  max: { code: 'above_max', params: first('max') },
  minLength: { code: 'too_short', params: first('min') },
  maxLength: { code: 'too_long', params: first('max') },
  arrayMinSize: { code: 'too_few_items', params: first('min') },
  arrayMaxSize: { code: 'too_many_items', params: first('max') },
  arrayNotEmpty: { code: 'too_few_items', params: () => ({ min: 1 }) },
  arrayUnique: { code: 'items_not_unique' },
  isIn: { code: 'not_one_of', params: (args) => ({ values: values(args[0]) }) },
  isEnum: { code: 'not_one_of', params: (args) => ({ values: values(args[1]) }) },
  isIso8601: { code: 'not_a_date' },
  isDateString: { code: 'not_a_date' },
  matches: { code: 'wrong_format' },
};

/**
 * Gives a decorator's failure its own catalogue code instead of the constraint's
 * general one: `@Matches(HH_MM, problemCode('not_a_time'))`.
 */
export function problemCode(code: ErrorCode, params?: ErrorParams, options: ValidationOptions = {}): ValidationOptions {
  return { ...options, context: { code, params } };
}

/** The arguments a decorator was given (`@Max(100)` → [100]), read back from class-validator's metadata. */
function constraintArgs(error: ClassValidationError, constraint: string): unknown[] {
  const target = error.target?.constructor;
  if (!target) return [];
  const metadata = getMetadataStorage()
    .getTargetValidationMetadatas(target, '', true, false)
    .find((entry) => entry.propertyName === error.property && entry.name === constraint);
  return metadata?.constraints ?? [];
}

/** Flattens class-validator's nested errors into field problems with catalogue codes. */
export function toFieldProblems(errors: ClassValidationError[], parent = ''): FieldProblem[] {
  return errors.flatMap((error) => {
    const field = parent ? `${parent}.${error.property}` : error.property;
    const own = Object.keys(error.constraints ?? {}).map((constraint): FieldProblem => {
      const context = error.contexts?.[constraint] as { code: ErrorCode; params?: ErrorParams } | undefined;
      if (context) return { field, code: context.code, params: context.params ?? {} };
      const known = CONSTRAINT_PROBLEMS[constraint];
      if (!known) return { field, code: 'invalid_field', params: { constraint } };
      return { field, code: known.code, params: known.params?.(constraintArgs(error, constraint)) ?? {} };
    });
    return own.concat(toFieldProblems(error.children ?? [], field));
  });
}

/**
 * The one validation pipe for every request body and query: unknown fields are
 * refused, types are converted, and the 400 answer names each bad field.
 */
export function createValidationPipe(): ValidationPipe {
  return new ValidationPipe({
    whitelist: true,
    forbidNonWhitelisted: true,
    transform: true,
    // The target lets toFieldProblems read a constraint's arguments; values stay out, they may be personal data.
    validationError: { target: true, value: false },
    exceptionFactory: (errors) => new ValidationError(toFieldProblems(errors)),
  });
}
