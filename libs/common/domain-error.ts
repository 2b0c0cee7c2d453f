/**
 * Errors the domain raises on purpose. Each carries a stable code for clients and
 * the HTTP status the global filter answers with; services never import Nest's
 * HTTP exceptions.
 */
export interface FieldProblem {
  /** The field, as a path into the request (`rule.children[2].value`). */
  field: string;
  problem: string;
}

export class DomainError extends Error {
  constructor(
    readonly code: string,
    message: string,
    readonly status: number,
    readonly details?: FieldProblem[],
  ) {
    super(message);
    this.name = new.target.name;
  }
}

export class NotFoundError extends DomainError {
  constructor(what: string, id: string | number) {
    super('not_found', `${what} ${id} was not found`, 404);
  }
}

export class ValidationError extends DomainError {
  constructor(details: FieldProblem[], message = 'The request has invalid fields') {
    super('validation_failed', message, 400, details);
  }
}

export class ForbiddenError extends DomainError {
  constructor(message = 'You may not do this') {
    super('forbidden', message, 403);
  }
}

export class ConflictError extends DomainError {
  constructor(message: string, code = 'conflict') {
    super(code, message, 409);
  }
}

export class UnauthorizedError extends DomainError {
  constructor(message = 'Please log in') {
    super('unauthorized', message, 401);
  }
}

export class TooManyRequestsError extends DomainError {
  constructor(message: string, readonly retryAfterSeconds: number) {
    super('too_many_requests', message, 429);
  }
}
