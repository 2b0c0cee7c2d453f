import { EntityName, ErrorCode, ErrorParams, renderError } from './error-messages';

/**
 * Errors the domain raises on purpose. Each carries a stable code and its params for
 * clients, and the HTTP status the global filter answers with; the filter renders the
 * code's text (error-messages.ts) in the request's language. `message` is the English
 * text for logs. Services never import Nest's HTTP exceptions.
 */
export interface FieldProblem {
  /** The field, as a path into the request (`rule.children[2].value`). */
  field: string;
  code: ErrorCode;
  /** The values the code's texts name (`{max}`). */
  params?: ErrorParams;
}

export class DomainError extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly status: number,
    readonly details?: FieldProblem[],
    readonly params: ErrorParams = {},
  ) {
    super(message);
    this.name = new.target.name;
  }
}

export class NotFoundError extends DomainError {
  constructor(entity: EntityName, id: string | number) {
    super('not_found', renderError('not_found', { entity, id }, 'en'), 404, undefined, { entity, id });
  }
}

export class ValidationError extends DomainError {
  constructor(details: FieldProblem[], message = 'The request has invalid fields', code: ErrorCode = 'validation_failed', params: ErrorParams = {}) {
    super(code, message, 400, details, params);
  }
}

export class ForbiddenError extends DomainError {
  constructor(message = 'You may not do this', code: ErrorCode = 'forbidden', params: ErrorParams = {}) {
    super(code, message, 403, undefined, params);
  }
}

export class ConflictError extends DomainError {
  constructor(message: string, code: ErrorCode = 'conflict', params: ErrorParams = {}) {
    super(code, message, 409, undefined, params);
  }
}

export class UnauthorizedError extends DomainError {
  constructor(message = 'Please log in', code: ErrorCode = 'unauthorized', params: ErrorParams = {}) {
    super(code, message, 401, undefined, params);
  }
}

export class TooManyRequestsError extends DomainError {
  constructor(
    message: string,
    readonly retryAfterSeconds: number,
    code: ErrorCode = 'too_many_requests',
    params: ErrorParams = {},
  ) {
    super(code, message, 429, undefined, params);
  }
}
