import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2, Context } from 'aws-lambda';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { HttpError, PayloadTooLargeError } from '../http/http-error.js';
import { jsonResponse } from '../http/json-response.js';
import { answerClientError } from './answer-client-error.js';
import { localContext, toApiGatewayEvent } from './api-gateway-event.js';
import { declaredTooLarge, readBody } from './read-body.js';
import { tryRequestUrl } from './request-url.js';
import type { AnsweredRequest } from './request-line.js';
import { PROXY_SUFFIX, routeKey } from './route-key.js';

/** A Lambda handler as exported by `functions/*.ts` (no result means 204). */
export type LambdaHttpHandler = (event: APIGatewayProxyEventV2, context: Context) => Promise<APIGatewayProxyStructuredResultV2 | undefined>;

/** Options of the local server. */
export interface LocalServerOptions {
  /**
   * Route path (e.g. `/flux`) → handler. A path ending in `/{proxy+}` (as in API Gateway) also
   * takes every longer path under it: `/deliveries/{proxy+}` answers `/deliveries/app.js`.
   */
  routes: Readonly<Record<string, LambdaHttpHandler>>;
  /** Bodies above this size are refused with 413 before they are read whole. */
  maxBodyBytes: number;
  /** Time budget given to each invocation, like the Lambda timeout. */
  timeoutMs?: number;
  /** Told of every answer written on a route (health checks aside), e.g. to print a line per request. */
  onAnswer?: (answer: AnsweredRequest) => void;
}

/** What a request was answered, and on which route (none when the path matched no route). */
interface Answer {
  route?: string;
  result: APIGatewayProxyStructuredResultV2;
  /** Health checks are not reported: probes would drown the request lines. */
  quiet?: boolean;
}

/**
 * Writes a handler-shaped result: the handlers' own responses and the server's few answers alike.
 * @returns whether it was written (not when the client is gone or an answer already started).
 */
function writeResult(res: ServerResponse, result: APIGatewayProxyStructuredResultV2): boolean {
  if (res.headersSent || res.destroyed) return false;
  const status = result.statusCode ?? 200;
  const body = status === 204 ? '' : (result.body ?? '');
  const headers = Object.fromEntries(Object.entries(result.headers ?? {}).map(([name, value]) => [name, String(value)]));
  // A length rather than chunked encoding, except where a 204 must not carry one (RFC 9110 §8.6).
  const length = status === 204 ? {} : { 'content-length': String(Buffer.byteLength(body)) };
  res.writeHead(status, { 'content-type': 'application/json', ...headers, ...length });
  res.end(body);
  return true;
}

/** The `{error, status}` answer the handlers' error responder gives for the same error. */
function errorResult(error: HttpError): APIGatewayProxyStructuredResultV2 {
  return jsonResponse(error.statusCode, { error: error.message, status: error.statusCode }, error.headers);
}

async function route(options: LocalServerOptions, req: IncomingMessage, url: URL | undefined): Promise<Answer> {
  // A target no URL can be made of (`//`): the caller's text is not repeated.
  if (!url) return { result: errorResult(new HttpError(400, 'request target is not a valid path; send e.g. POST /flux')) };
  const path = url.pathname;
  const method = req.method ?? 'GET';
  if (path === '/healthz' && (method === 'GET' || method === 'HEAD')) {
    return { result: jsonResponse(200, { status: 'ok', routes: Object.keys(options.routes) }), quiet: true };
  }
  const key = routeKey(options.routes, path);
  const handler = key === undefined ? undefined : options.routes[key];
  // The path is the caller's text: the answer lists the routes instead of repeating it.
  if (!handler) return { result: errorResult(new HttpError(404, `no such route; the routes are ${Object.keys(options.routes).filter((r) => !r.endsWith(PROXY_SUFFIX)).join(', ')}`)) };
  // Only the size is checked here, early, so a huge body is never held in memory; the method and
  // the size again are checked by the handler (lib/http/read-request.ts), as on Lambda. The 413
  // answer is built only when needed: an error built for every request cost ~3 % of the bridge's CPU.
  if (declaredTooLarge(req, options.maxBodyBytes)) return tooLarge(options, key);
  const body = await readBody(req, options.maxBodyBytes);
  if (!body) return tooLarge(options, key);
  const event = toApiGatewayEvent(method, url, req.headers, body, req.socket.remoteAddress ?? '127.0.0.1');
  const result = await handler(event, localContext(path.slice(1), options.timeoutMs ?? 15_000));
  const answered = result ?? { statusCode: 204 };
  // A read that worked is not reported, like a health check: an open deliveries page polls every
  // few seconds and would drown the request lines.
  return { route: key, result: answered, quiet: method === 'GET' && (answered.statusCode ?? 200) < 400 };
}

function tooLarge(options: LocalServerOptions, route: string | undefined): Answer {
  return { route, result: errorResult(new PayloadTooLargeError(options.maxBodyBytes)) };
}

/** The request's route when its path is one, for answers given before the route was known. */
function knownRoute(options: LocalServerOptions, url: URL | undefined): string | undefined {
  return url ? routeKey(options.routes, url.pathname) : undefined;
}

/** Writes the answer and tells `onAnswer` what was written. */
function respond(options: LocalServerOptions, req: IncomingMessage, url: URL | undefined, res: ServerResponse, answer: Answer): void {
  if (!writeResult(res, answer.result) || answer.quiet) return;
  const { statusCode, body } = answer.result;
  const route = answer.route ?? knownRoute(options, url);
  try {
    options.onAnswer?.({ method: req.method ?? 'GET', route, status: statusCode ?? 200, body, at: new Date() });
  } catch {
    // Reporting is a side show: it never breaks serving.
  }
}

/** How long an idle kept-alive connection stays open (Go's http.Transport default idle timeout is 90 s). */
const KEEP_ALIVE_TIMEOUT_MS = 95_000;

/**
 * An HTTP server that serves the Lambda handlers locally through API Gateway v2 events. Any
 * failure outside the handlers' own error handling answers `500 {error, status}` without detail;
 * a client that leaves mid-request only ends its own request.
 */
export function createLocalServer(options: LocalServerOptions): Server {
  const server = createServer((req, res) => {
    const url = tryRequestUrl(req);
    route(options, req, url).then(
      (answer) => respond(options, req, url, res, answer),
      () => {
        if (res.headersSent) res.destroy();
        else respond(options, req, url, res, { result: errorResult(new HttpError(500, 'internal error')) });
      },
    );
  });
  server.on('clientError', answerClientError);
  // Keep idle connections longer than Node's 5 s default: Go clients (Flux, Argo CD) keep them up
  // to 90 s and resend nothing when a reused one is closed under a POST, so a short server timeout
  // races with every pause in the traffic.
  server.keepAliveTimeout = KEEP_ALIVE_TIMEOUT_MS;
  server.headersTimeout = KEEP_ALIVE_TIMEOUT_MS + 1_000;
  return server;
}
