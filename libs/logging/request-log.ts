interface RequestLike {
  id: unknown;
  method: string;
  url: string;
}

/**
 * What a request line logs: no headers, so no token or cookie, and the path without
 * its query string, as a customer search carries mobiles and names there.
 */
export function requestLine(req: RequestLike): { id: unknown; method: string; url: string } {
  return { id: req.id, method: req.method, url: req.url.split('?')[0] };
}
