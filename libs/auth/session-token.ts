/** Name of the httpOnly cookie that carries the session token for the browser. */
export const SESSION_COOKIE = 'sid';

interface RequestLike {
  headers: Record<string, string | string[] | undefined>;
  cookies?: Record<string, string | undefined>;
}

/** The session token from `Authorization: Bearer …` or, for the browser, the session cookie. */
export function sessionTokenOf(request: RequestLike): string | null {
  const header = request.headers.authorization;
  if (typeof header === 'string' && header.startsWith('Bearer ')) {
    return header.slice('Bearer '.length).trim() || null;
  }
  return request.cookies?.[SESSION_COOKIE] ?? null;
}
