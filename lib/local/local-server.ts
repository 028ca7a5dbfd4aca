import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2, Context } from 'aws-lambda';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { localContext, toApiGatewayEvent } from './api-gateway-event.js';

/** A Lambda handler as exported by `functions/*.ts`. */
export type LambdaHttpHandler = (event: APIGatewayProxyEventV2, context: Context) => Promise<APIGatewayProxyStructuredResultV2 | void>;

/** Options of the local server. */
export interface LocalServerOptions {
  /** Route path (e.g. `/flux`) → handler. */
  routes: Readonly<Record<string, LambdaHttpHandler>>;
  /** Bodies above this size are refused with 413 before they are read whole. */
  maxBodyBytes: number;
  /** Time budget given to each invocation, like the Lambda timeout. */
  timeoutMs?: number;
}

function send(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  res.writeHead(status, { 'content-type': 'application/json', ...headers });
  res.end(typeof body === 'string' ? body : JSON.stringify(body));
}

function readBody(req: IncomingMessage, limit: number): Promise<Buffer | undefined> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > limit) {
        resolve(undefined);
        req.resume();
        return;
      }
      chunks.push(chunk);
    });
    req.on('end', () => resolve(size > limit ? undefined : Buffer.concat(chunks)));
    req.on('error', reject);
  });
}

async function route(options: LocalServerOptions, req: IncomingMessage, res: ServerResponse): Promise<void> {
  const path = new URL(req.url ?? '/', 'http://local').pathname;
  if (path === '/healthz' && (req.method === 'GET' || req.method === 'HEAD')) {
    send(res, 200, { status: 'ok', routes: Object.keys(options.routes) });
    return;
  }
  const handler = options.routes[path];
  if (!handler) return send(res, 404, { error: `no route for ${path}`, status: 404 });
  if (req.method !== 'POST') return send(res, 405, { error: `method ${req.method} is not allowed; use POST`, status: 405 }, { allow: 'POST' });
  const body = await readBody(req, options.maxBodyBytes);
  if (!body) return send(res, 413, { error: `request body exceeds the limit of ${options.maxBodyBytes} bytes`, status: 413 });
  const event = toApiGatewayEvent(req.method, req.url ?? path, req.headers, body, req.socket.remoteAddress ?? '127.0.0.1');
  const result = await handler(event, localContext(path.slice(1), options.timeoutMs ?? 15_000));
  const response = result ?? { statusCode: 204 };
  send(res, response.statusCode ?? 200, response.body ?? '', Object.fromEntries(
    Object.entries(response.headers ?? {}).map(([k, v]) => [k, String(v)]),
  ));
}

/** An HTTP server that serves the Lambda handlers locally through API Gateway v2 events. */
export function createLocalServer(options: LocalServerOptions): Server {
  return createServer((req, res) => {
    route(options, req, res).catch(() => {
      if (!res.headersSent) send(res, 500, { error: 'internal error', status: 500 });
      else res.destroy();
    });
  });
}
