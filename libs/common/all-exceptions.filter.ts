import { ArgumentsHost, Catch, ExceptionFilter, HttpException, Logger } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { QueryFailedError, EntityNotFoundError } from 'typeorm';
import { DomainError, FieldProblem, TooManyRequestsError } from './domain-error';
import { ErrorCode, ErrorParams, Language, languageOf, missingParams, renderError } from './error-messages';

/** A field problem as answered: its code and params, and its text in the request's language. */
export interface AnsweredFieldProblem {
  field: string;
  code: ErrorCode;
  params: ErrorParams;
  problem: string;
}

interface ErrorBody {
  statusCode: number;
  code: ErrorCode;
  params: ErrorParams;
  message: string;
  details?: AnsweredFieldProblem[];
  errorId?: string;
}

/** What an error is, before it is put into the request's language. */
interface ErrorOutcome {
  statusCode: number;
  code: ErrorCode;
  params?: ErrorParams;
  details?: FieldProblem[];
  errorId?: string;
}

/** PostgreSQL error codes that mean the client sent something wrong, not that we failed. */
const CLIENT_SQL_ERRORS: Record<string, { status: number; code: ErrorCode }> = {
  '23505': { status: 409, code: 'duplicate' },
  '23503': { status: 409, code: 'still_referenced' },
  '22P02': { status: 400, code: 'invalid_value' },
  '22001': { status: 400, code: 'value_too_long' },
  '22003': { status: 400, code: 'value_out_of_range' },
  '22007': { status: 400, code: 'invalid_date' },
  '22008': { status: 400, code: 'invalid_date' },
  // Past STATEMENT_TIMEOUT_MS (or cancelled because the client left): the request asked for more work than one answer may take.
  '57014': { status: 503, code: 'statement_timeout' },
};

/**
 * Turns every error into a JSON answer `{statusCode, code, params, message, details}`,
 * its message and field problems in the language the request's Accept-Language asks
 * for. Domain errors and Nest HTTP exceptions keep their status; client-caused SQL
 * errors become 4xx; anything else is a 500 whose answer carries an error id that is
 * also in the log.
 */
@Catch()
export class AllExceptionsFilter implements ExceptionFilter {
  private readonly logger = new Logger('Errors');

  catch(exception: unknown, host: ArgumentsHost): void {
    const http = host.switchToHttp();
    const reply = http.getResponse();
    const outcome = this.toOutcome(exception);
    this.warnOfMissingParams(outcome);
    const body = localise(outcome, languageOf(http.getRequest()?.headers?.['accept-language']));
    if (exception instanceof TooManyRequestsError) {
      reply.header('Retry-After', String(exception.retryAfterSeconds));
    }
    reply.status(body.statusCode).send(body);
  }

  /** A text with an unfilled `{name}` still answers, but the throw site that forgot the param shows in the log. */
  private warnOfMissingParams(outcome: ErrorOutcome): void {
    for (const { code, params } of [outcome, ...(outcome.details ?? [])]) {
      const missing = missingParams(code, params);
      if (missing.length > 0) this.logger.warn({ code, missing }, `The error ${code} lacks the params ${missing.join(', ')}`);
    }
  }

  private toOutcome(exception: unknown): ErrorOutcome {
    if (exception instanceof DomainError) {
      return { statusCode: exception.status, code: exception.code, params: exception.params, details: exception.details };
    }
    if (exception instanceof HttpException) {
      // Nest's and Fastify's own refusals (no such route, body too large…): their text is English only, so the status says it.
      return { statusCode: exception.getStatus(), code: httpCode(exception.getStatus()) };
    }
    if (exception instanceof EntityNotFoundError) {
      return { statusCode: 404, code: 'record_not_found' };
    }
    if (exception instanceof QueryFailedError) {
      const sqlCode = (exception as QueryFailedError & { code?: string }).code ?? '';
      const known = CLIENT_SQL_ERRORS[sqlCode];
      if (known) {
        return { statusCode: known.status, code: known.code };
      }
    }
    const errorId = randomUUID();
    this.logger.error({ errorId, err: loggable(exception) }, `Unexpected error ${errorId}`);
    return { statusCode: 500, code: 'internal_error', params: { errorId }, errorId };
  }
}

/** The error answer for a code, for routes outside Nest (Fastify hooks) that answer without the filter. */
export function errorAnswer(statusCode: number, code: ErrorCode, acceptLanguage: string | string[] | undefined, params: ErrorParams = {}): ErrorBody {
  return localise({ statusCode, code, params }, languageOf(acceptLanguage));
}

function localise(outcome: ErrorOutcome, language: Language): ErrorBody {
  const params = outcome.params ?? {};
  return {
    statusCode: outcome.statusCode,
    code: outcome.code,
    params,
    message: renderError(outcome.code, params, language),
    details: outcome.details?.map(({ field, code, params: problemParams }) => ({
      field,
      code,
      params: problemParams ?? {},
      problem: renderError(code, problemParams, language),
    })),
    ...(outcome.errorId ? { errorId: outcome.errorId } : {}),
  };
}

/** A failed statement is logged without its bound values and the driver's detail: both may quote personal data. */
function loggable(exception: unknown): unknown {
  if (!(exception instanceof QueryFailedError)) return exception;
  const { code } = exception as QueryFailedError & { code?: string };
  return { type: 'QueryFailedError', message: exception.message, code, query: exception.query, stack: exception.stack };
}

function httpCode(status: number): ErrorCode {
  const codes: Record<number, ErrorCode> = {
    400: 'bad_request',
    401: 'unauthorized',
    403: 'forbidden',
    404: 'route_not_found',
    409: 'conflict',
    413: 'payload_too_large',
    415: 'unsupported_media_type',
    429: 'too_many_requests',
  };
  return codes[status] ?? 'error';
}
