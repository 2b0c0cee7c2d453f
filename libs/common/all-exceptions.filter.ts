import { ArgumentsHost, Catch, ExceptionFilter, HttpException, Logger } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { QueryFailedError, EntityNotFoundError } from 'typeorm';
import { DomainError, TooManyRequestsError } from './domain-error';

interface ErrorBody {
  statusCode: number;
  code: string;
  message: string;
  details?: unknown;
  errorId?: string;
}

/** PostgreSQL error codes that mean the client sent something wrong, not that we failed. */
const CLIENT_SQL_ERRORS: Record<string, { status: number; code: string; message: string }> = {
  '23505': { status: 409, code: 'duplicate', message: 'A record with the same key already exists' },
  '23503': { status: 409, code: 'still_referenced', message: 'The record is referenced by, or refers to, another record' },
  '22P02': { status: 400, code: 'invalid_value', message: 'A value has the wrong format' },
  '22001': { status: 400, code: 'value_too_long', message: 'A value is too long' },
  '22003': { status: 400, code: 'value_out_of_range', message: 'A number is out of range' },
  '22007': { status: 400, code: 'invalid_date', message: 'A date is not valid' },
  '22008': { status: 400, code: 'invalid_date', message: 'A date is out of range' },
};

/**
 * Turns every error into a JSON answer. Domain errors and Nest HTTP exceptions keep
 * their status; client-caused SQL errors become 4xx; anything else is a 500 whose
 * answer carries an error id that is also in the log.
 */
@Catch()
export class AllExceptionsFilter implements ExceptionFilter {
  private readonly logger = new Logger('Errors');

  catch(exception: unknown, host: ArgumentsHost): void {
    const reply = host.switchToHttp().getResponse();
    const body = this.toBody(exception);
    if (exception instanceof TooManyRequestsError) {
      reply.header('Retry-After', String(exception.retryAfterSeconds));
    }
    reply.status(body.statusCode).send(body);
  }

  private toBody(exception: unknown): ErrorBody {
    if (exception instanceof DomainError) {
      return { statusCode: exception.status, code: exception.code, message: exception.message, details: exception.details };
    }
    if (exception instanceof HttpException) {
      const status = exception.getStatus();
      const response = exception.getResponse();
      const payload = typeof response === 'object' ? (response as Record<string, unknown>) : { message: response };
      return {
        statusCode: status,
        code: (payload.code as string) ?? httpCode(status),
        message: Array.isArray(payload.message) ? 'The request has invalid fields' : String(payload.message ?? exception.message),
        details: payload.details ?? (Array.isArray(payload.message) ? payload.message : undefined),
      };
    }
    if (exception instanceof EntityNotFoundError) {
      return { statusCode: 404, code: 'not_found', message: 'The record was not found' };
    }
    if (exception instanceof QueryFailedError) {
      const sqlCode = (exception as QueryFailedError & { code?: string }).code ?? '';
      const known = CLIENT_SQL_ERRORS[sqlCode];
      if (known) {
        return { statusCode: known.status, code: known.code, message: known.message };
      }
    }
    const errorId = randomUUID();
    this.logger.error({ errorId, err: loggable(exception) }, `Unexpected error ${errorId}`);
    return { statusCode: 500, code: 'internal_error', message: 'Something went wrong on our side', errorId };
  }
}

/** A failed statement is logged without its bound values and the driver's detail: both may quote personal data. */
function loggable(exception: unknown): unknown {
  if (!(exception instanceof QueryFailedError)) return exception;
  const { code } = exception as QueryFailedError & { code?: string };
  return { type: 'QueryFailedError', message: exception.message, code, query: exception.query, stack: exception.stack };
}

function httpCode(status: number): string {
  const codes: Record<number, string> = {
    400: 'bad_request',
    401: 'unauthorized',
    403: 'forbidden',
    404: 'not_found',
    409: 'conflict',
    413: 'payload_too_large',
    415: 'unsupported_media_type',
    429: 'too_many_requests',
  };
  return codes[status] ?? 'error';
}
