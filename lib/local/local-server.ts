import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2, Context } from 'aws-lambda';
import { createServer, STATUS_CODES, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { Duplex } from 'node:stream';
import { HttpError, PayloadTooLargeError } from '../http/http-error.js';
import { jsonResponse } from '../http/json-response.js';
import { localContext, toApiGatewayEvent } from './api-gateway-event.js';

/** A Lambda handler as exported by `functions/*.ts` (no result means 204). */
export type LambdaHttpHandler = (event: APIGatewayProxyEventV2, context: Context) => Promise<APIGatewayProxyStructuredResultV2 | undefined>;

/** Options of the local server. */
export interface LocalServerOptions {
  /** Route path (e.g. `/flux`) → handler. */
  routes: Readonly<Record<string, LambdaHttpHandler>>;
  /** Bodies above this size are refused with 413 before they are read whole. */
  maxBodyBytes: number;
  /** Time budget given to each invocation, like the Lambda timeout. */
  timeoutMs?: number;
}

/** Writes a handler-shaped result: the handlers' own responses and the server's few answers alike. */
function writeResult(res: ServerResponse, result: APIGatewayProxyStructuredResultV2): void {
  if (res.headersSent || res.destroyed) return;
  const status = result.statusCode ?? 200;
  const body = status === 204 ? '' : (result.body ?? '');
  const headers = Object.fromEntries(Object.entries(result.headers ?? {}).map(([name, value]) => [name, String(value)]));
  // A length rather than chunked encoding, except where a 204 must not carry one (RFC 9110 §8.6).
  const length = status === 204 ? {} : { 'content-length': String(Buffer.byteLength(body)) };
  res.writeHead(status, { 'content-type': 'application/json', ...headers, ...length });
  res.end(body);
}

/** The `{error, status}` answer the handlers' error responder gives for the same error. */
function errorResult(error: HttpError): APIGatewayProxyStructuredResultV2 {
  return jsonResponse(error.statusCode, { error: error.message, status: error.statusCode }, error.headers);
}

/**
 * Reads the body, or stops keeping it (`undefined`) as soon as it passes `limit`; the rest then
 * drains unread. Rejects when the client goes away before the body ends.
 */
function readBody(req: IncomingMessage, limit: number): Promise<Buffer | undefined> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size <= limit) chunks.push(chunk);
      else {
        chunks.length = 0;
        resolve(undefined);
      }
    });
    req.on('end', () => resolve(size > limit ? undefined : Buffer.concat(chunks)));
    req.on('error', reject);
    req.on('close', () => {
      if (!req.complete) reject(new Error('client closed the connection before the body ended'));
    });
  });
}

/** Whether a declared Content-Length already exceeds the limit, so the body need not be read. */
function declaredTooLarge(req: IncomingMessage, limit: number): boolean {
  const declared = Number(req.headers['content-length']);
  return Number.isFinite(declared) && declared > limit;
}

async function route(options: LocalServerOptions, req: IncomingMessage, res: ServerResponse): Promise<void> {
  const path = new URL(req.url ?? '/', 'http://local').pathname;
  const method = req.method ?? 'GET';
  if (path === '/healthz' && (method === 'GET' || method === 'HEAD')) {
    return writeResult(res, jsonResponse(200, { status: 'ok', routes: Object.keys(options.routes) }));
  }
  const handler = options.routes[path];
  // The path is the caller's text: the answer lists the routes instead of repeating it.
  if (!handler) return writeResult(res, errorResult(new HttpError(404, `no such route; the routes are ${Object.keys(options.routes).join(', ')}`)));
  // Only the size is checked here, early, so a huge body is never held in memory; the method and
  // the size again are checked by the handler (lib/http/read-request.ts), as on Lambda.
  const tooLarge = errorResult(new PayloadTooLargeError(options.maxBodyBytes));
  if (declaredTooLarge(req, options.maxBodyBytes)) return writeResult(res, tooLarge);
  const body = await readBody(req, options.maxBodyBytes);
  if (!body) return writeResult(res, tooLarge);
  const event = toApiGatewayEvent(method, req.url ?? path, req.headers, body, req.socket.remoteAddress ?? '127.0.0.1');
  const result = await handler(event, localContext(path.slice(1), options.timeoutMs ?? 15_000));
  writeResult(res, result ?? { statusCode: 204 });
}

/**
 * Answers a request Node's parser refused (malformed, headers too large, too slow) with the same
 * JSON shape instead of Node's empty default; a reset connection is simply dropped.
 * @see https://nodejs.org/api/http.html#event-clienterror
 */
function answerClientError(error: NodeJS.ErrnoException, socket: Duplex): void {
  if (error.code === 'ECONNRESET' || !socket.writable) {
    socket.destroy();
    return;
  }
  const [status, message] = error.code === 'HPE_HEADER_OVERFLOW' ? [431, 'request headers are too large']
    : error.code === 'ERR_HTTP_REQUEST_TIMEOUT' ? [408, 'request took too long to arrive']
      : [400, 'malformed HTTP request'];
  const body = JSON.stringify({ error: message, status });
  socket.end(`HTTP/1.1 ${status} ${STATUS_CODES[status]}\r\ncontent-type: application/json\r\n`
    + `content-length: ${Buffer.byteLength(body)}\r\nconnection: close\r\n\r\n${body}`);
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
    route(options, req, res).catch(() => {
      if (res.headersSent) res.destroy();
      else writeResult(res, errorResult(new HttpError(500, 'internal error')));
    });
  });
  server.on('clientError', answerClientError);
  // Keep idle connections longer than Node's 5 s default: Go clients (Flux, Argo CD) keep them up
  // to 90 s and resend nothing when a reused one is closed under a POST, so a short server timeout
  // races with every pause in the traffic.
  server.keepAliveTimeout = KEEP_ALIVE_TIMEOUT_MS;
  server.headersTimeout = KEEP_ALIVE_TIMEOUT_MS + 1_000;
  return server;
}
