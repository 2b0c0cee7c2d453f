import { ArgumentMetadata, Injectable, PipeTransform } from '@nestjs/common';
import { FieldProblem, ValidationError } from './domain-error';
import { textProblem } from './text-fields';

/** Deeper than any body of ours (a segment rule of the deepest allowed groups is about 20), far below what overflows the stack. */
export const MAX_INPUT_DEPTH = 32;

/** Enough to show what is wrong without answering a huge body with a huge list. */
const MAX_PROBLEMS = 20;

/** What a handler may declare as a body without naming a DTO: those are not held to being an object. */
const OPEN_TYPES: unknown[] = [Object, Array, String, Number, Boolean];

/** Where @nestjs/swagger keeps what @ApiProperty documents: the OpenAPI document is the contract of which fields may be null. */
const DOCUMENTED_NAMES = 'swagger/apiModelPropertiesArray';
const DOCUMENTED_PROPERTY = 'swagger/apiModelProperties';

interface DocumentedProperty {
  type?: unknown;
  nullable?: boolean;
}

/**
 * The one pipe every request's body, query and path params pass. First what no field
 * rule may read: more than MAX_INPUT_DEPTH levels of nesting (validation and
 * class-transformer recurse and would overflow the stack), a string or key the one
 * string rule (textProblem) refuses, and a body for a DTO that is not an object (the
 * validation pipe would take null as an empty change and drop an array's contents);
 * the walk is iterative, so depth cannot overflow it. Then the validation pipe it
 * wraps, whose answer also names every body field holding a `null` the API does not
 * document as nullable, nested DTOs included, whatever the field's decorators say
 * (@IsOptional lets null through).
 */
@Injectable()
export class RequestInputPipe implements PipeTransform {
  constructor(private readonly validation: PipeTransform) {}

  async transform(value: unknown, metadata: ArgumentMetadata): Promise<unknown> {
    if (metadata.type === 'custom') return value;
    const root = metadata.data ?? '';
    if (metadata.type === 'body' && !root && value !== undefined && expectsObject(metadata.metatype) && !isPlainObject(value)) {
      throw new ValidationError([{ field: 'body', code: 'not_object', params: {} }]);
    }
    const problems = inputProblems(value, root);
    if (problems.length > 0) throw new ValidationError(problems);
    const nulls = metadata.type === 'body' ? nullProblems(value, metadata.metatype, root) : [];
    let validated: unknown;
    try {
      validated = await this.validation.transform(value, metadata);
    } catch (err) {
      if (!(err instanceof ValidationError) || nulls.length === 0) throw err;
      // One answer names every bad field: the validator's problems, and the nulls it let through.
      const named = new Set((err.details ?? []).map((problem) => problem.field));
      throw new ValidationError([...(err.details ?? []), ...nulls.filter((problem) => !named.has(problem.field))], err.message, err.code, err.params);
    }
    if (nulls.length > 0) throw new ValidationError(nulls);
    return validated;
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

/** The fields of a body holding null where the DTO (`type`) does not document them as nullable. */
export function nullProblems(value: unknown, type: unknown, root = ''): FieldProblem[] {
  const problems: FieldProblem[] = [];
  const pending: { value: unknown; type: unknown; field: string }[] = [{ value, type, field: root }];
  while (pending.length > 0 && problems.length < MAX_PROBLEMS) {
    const { value: current, type: currentType, field } = pending.pop()!;
    if (current === null || typeof current !== 'object' || Array.isArray(current)) continue;
    for (const [name, documented] of documentedProperties(currentType)) {
      const child = (current as Record<string, unknown>)[name];
      const childField = field ? `${field}.${name}` : name;
      if (child === null && !documented.nullable) problems.push({ field: childField, code: 'not_nullable', params: {} });
      const childType = dtoClass(documented.type);
      if (!childType || child === null || typeof child !== 'object') continue;
      if (Array.isArray(child)) child.forEach((item, index) => pending.push({ value: item, type: childType, field: `${childField}.${index}` }));
      else pending.push({ value: child, type: childType, field: childField });
    }
  }
  return problems;
}

function documentedProperties(type: unknown): [string, DocumentedProperty][] {
  const prototype = typeof type === 'function' ? type.prototype : undefined;
  const names: string[] = (prototype && Reflect.getMetadata(DOCUMENTED_NAMES, prototype)) ?? [];
  // Swagger keeps the names as ':name'.
  return names.map((key) => key.slice(1)).map((name) => [name, Reflect.getMetadata(DOCUMENTED_PROPERTY, prototype, name) ?? {}]);
}

/** The DTO class a documented type names (`type: X` or `type: () => X`), or undefined for a primitive or a free-form object. */
function dtoClass(type: unknown): unknown {
  if (typeof type !== 'function') return undefined;
  // A lazy type is an arrow function: it has no prototype.
  const lazy = type.prototype ? type : (type as () => unknown)();
  const resolved = Array.isArray(lazy) ? lazy[0] : lazy;
  return documentedProperties(resolved).length > 0 ? resolved : undefined;
}

function expectsObject(metatype: unknown): boolean {
  return typeof metatype === 'function' && !OPEN_TYPES.includes(metatype);
}

function isPlainObject(value: unknown): boolean {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
