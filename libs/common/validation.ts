import { BadRequestException, ValidationError as ClassValidationError, ValidationPipe } from '@nestjs/common';
import { FieldProblem } from './domain-error';

/** Flattens class-validator's nested errors into `field: problem` pairs. */
export function toFieldProblems(errors: ClassValidationError[], parent = ''): FieldProblem[] {
  return errors.flatMap((error) => {
    const field = parent ? `${parent}.${error.property}` : error.property;
    const own = Object.values(error.constraints ?? {}).map((problem) => ({ field, problem }));
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
    exceptionFactory: (errors) =>
      new BadRequestException({
        code: 'validation_failed',
        message: 'The request has invalid fields',
        details: toFieldProblems(errors),
      }),
  });
}
