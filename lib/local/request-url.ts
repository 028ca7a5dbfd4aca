import type { IncomingMessage } from 'node:http';

/** The request's URL, resolved once per request (the route, the event and the request line share it). */
export function requestUrl(req: IncomingMessage): URL {
  return new URL(req.url ?? '/', 'http://local');
}

/** {@link requestUrl}, or `undefined` for a target it cannot resolve (`//`): the server answers 400. */
export function tryRequestUrl(req: IncomingMessage): URL | undefined {
  try {
    return requestUrl(req);
  } catch {
    return undefined;
  }
}
