import { ArgumentMetadata, Injectable, PipeTransform } from '@nestjs/common';
import { FieldProblem, ValidationError } from './domain-error';
import { textProblem } from './text-fields';

/** Deeper than any body of ours (a segment rule of the deepest allowed groups is about 20), far below what overflows the stack. */
export const MAX_INPUT_DEPTH = 32;

/** Enough to show what is wrong without answering a huge body with a huge list. */
const MAX_PROBLEMS = 20;

/** What a handler may declare as a body without naming a DTO: those are not held to being an object. */
const OPEN_TYPES: unknown[] = [Object, Array, String, Number, Boolean];

/**
 * The checks every request's body, query and path params pass before any DTO rule
 * reads them: at most MAX_INPUT_DEPTH levels of nesting (validation and class-transformer
 * recurse and would overflow the stack), the one string rule (textProblem) for every
 * value and key, and a body for a DTO that is an object, not null, an array or a bare
 * value (the validation pipe would take those as an empty change or drop their
 * contents). The walk is iterative, so depth itself cannot overflow it.
 */
@Injectable()
export class RequestInputPipe implements PipeTransform {
  transform(value: unknown, metadata: ArgumentMetadata): unknown {
    if (metadata.type === 'custom') return value;
    const root = metadata.data ?? '';
    if (metadata.type === 'body' && !root && value !== undefined && expectsObject(metadata.metatype) && !isPlainObject(value)) {
      throw new ValidationError([{ field: 'body', code: 'not_object', params: {} }]);
    }
    const problems = inputProblems(value, root);
    if (problems.length > 0) throw new ValidationError(problems);
    return value;
  }
}

/** The problems of a request value, each at its field path (`guidance.objections.0.answer`). */
export function inputProblems(value: unknown, root = ''): FieldProblem[] {
  const problems: FieldProblem[] = [];
  const pending: { value: unknown; field: string; depth: number }[] = [{ value, field: root, depth: 0 }];
  while (pending.length > 0 && problems.length < MAX_PROBLEMS) {
    const { value: current, field, depth } = pending.pop()!;
    if (typeof current === 'string') {
      const code = textProblem(current);
      if (code) problems.push({ field: field || 'body', code, params: {} });
      continue;
    }
    if (current === null || typeof current !== 'object') continue;
    if (depth >= MAX_INPUT_DEPTH) {
      // The top-level field names where it happened; the full path would be as long as the nesting.
      problems.push({ field: field.split('.')[0] || 'body', code: 'nested_too_deep', params: { max: MAX_INPUT_DEPTH } });
      continue;
    }
    for (const [key, child] of Object.entries(current)) {
      const childField = field ? `${field}.${key}` : key;
      const keyCode = textProblem(key);
      if (keyCode) problems.push({ field: childField, code: keyCode, params: {} });
      pending.push({ value: child, field: childField, depth: depth + 1 });
    }
  }
  return problems;
}

function expectsObject(metatype: unknown): boolean {
  return typeof metatype === 'function' && !OPEN_TYPES.includes(metatype);
}

function isPlainObject(value: unknown): boolean {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
