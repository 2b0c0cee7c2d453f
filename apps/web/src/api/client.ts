/**
 * The one way pages talk to the API. The browser is authenticated by the httpOnly
 * `sid` cookie the login sets, so requests only need `credentials: 'include'`.
 * Every request names the reader's language (Accept-Language), so the API's error
 * messages and field problems come in it. Error answers ({statusCode, code, params,
 * message, details}) become an ApiError.
 */
import type { Serialized } from '@lib/common/serialized';

/** A field the API refused: its stable code and params, and `problem`, the text in the request's language. */
export interface FieldProblem {
  field: string;
  code?: string;
  params?: Record<string, unknown>;
  problem: string;
}

export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly details: FieldProblem[] = [],
    readonly retryAfterSeconds?: number,
  ) {
    super(message);
  }

  /** The message with each field problem, for showing to the user as it is. */
  get fullText(): string {
    if (this.details.length === 0) return this.message;
    return `${this.message}: ${this.details.map((d) => `${d.field}: ${d.problem}`).join('; ')}`;
  }
}

export type QueryValue = string | number | boolean | null | undefined;
export type Query = Record<string, QueryValue>;

interface RequestOptions {
  query?: Query;
  body?: unknown;
  form?: FormData;
  /** Aborting it drops the request; the server then stops the work it started for it. */
  signal?: AbortSignal;
}

let onUnauthorized: () => void = () => undefined;
let requestLanguage: 'zh' | 'en' = 'zh';

/** The i18n provider tells the client the UI's language whenever it changes. */
export function setRequestLanguage(language: 'zh' | 'en'): void {
  requestLanguage = language;
}

/** The session registers what to do when the API says the session has ended. */
export function setUnauthorizedHandler(handler: () => void): void {
  onUnauthorized = handler;
}

/** Paths where a 401 is an answer for the page, not an ended session. */
const NO_REDIRECT_ON_401 = ['/auth/login', '/auth/me'];

export function apiUrl(path: string, query?: Query): string {
  const search = new URLSearchParams();
  for (const [key, value] of Object.entries(query ?? {})) {
    if (value !== undefined && value !== null && value !== '') search.set(key, String(value));
  }
  const qs = search.toString();
  return `/api${path}${qs ? `?${qs}` : ''}`;
}

export async function request<T>(method: string, path: string, options: RequestOptions = {}): Promise<T> {
  const headers: Record<string, string> = { accept: 'application/json', 'accept-language': requestLanguage === 'zh' ? 'zh-CN' : 'en' };
  let body: BodyInit | undefined;
  if (options.form) {
    body = options.form;
  } else if (options.body !== undefined) {
    headers['content-type'] = 'application/json';
    body = JSON.stringify(options.body);
  }
  let response: Response;
  try {
    response = await fetch(apiUrl(path, options.query), { method, headers, body, credentials: 'include', signal: options.signal });
  } catch (error) {
    if (options.signal?.aborted) throw error;
    throw new ApiError(0, 'network_error', 'The server cannot be reached');
  }
  if (response.status === 401 && !NO_REDIRECT_ON_401.includes(path)) onUnauthorized();
  const text = await response.text();
  const data = text ? parseJson(text) : undefined;
  if (!response.ok) throw toApiError(response, data);
  return data as T;
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}

function toApiError(response: Response, data: unknown): ApiError {
  const body = (typeof data === 'object' && data !== null ? data : {}) as Partial<{ code: string; message: string; details: unknown }>;
  const details = Array.isArray(body.details) ? (body.details as FieldProblem[]) : [];
  const retryAfter = Number(response.headers.get('retry-after'));
  return new ApiError(
    response.status,
    body.code ?? 'http_error',
    body.message ?? `${response.status} ${response.statusText}`,
    details,
    Number.isFinite(retryAfter) && retryAfter > 0 ? retryAfter : undefined,
  );
}

/**
 * T is the server's answer type, shared from its lib (`@lib/<domain>/<name>.view`);
 * pages receive it as JSON delivers it (dates as ISO strings).
 */
export const api = {
  get: <T>(path: string, query?: Query) => request<Serialized<T>>('GET', path, { query }),
  post: <T>(path: string, body?: unknown, query?: Query) => request<Serialized<T>>('POST', path, { body, query }),
  patch: <T>(path: string, body: unknown) => request<Serialized<T>>('PATCH', path, { body }),
  put: <T>(path: string, body: unknown) => request<Serialized<T>>('PUT', path, { body }),
  delete: <T = void>(path: string) => request<Serialized<T>>('DELETE', path),
  upload: <T>(path: string, form: FormData, query?: Query) => request<Serialized<T>>('POST', path, { form, query }),
};
