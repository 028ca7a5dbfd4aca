import type { APIGatewayProxyEventV2, Context } from 'aws-lambda';
import { isUtf8 } from 'node:buffer';
import { randomUUID } from 'node:crypto';
import type { IncomingHttpHeaders } from 'node:http';

/**
 * Builds the API Gateway HTTP API (payload 2.0) event for a local request: lower-cased headers
 * (repeated ones comma-joined) and the body as text when it is valid UTF-8, as API Gateway passes a
 * JSON body, else base64-encoded with `isBase64Encoded`. Flux's `X-Signature` is an HMAC of the
 * exact bytes sent: valid UTF-8 decodes and re-encodes to the same bytes, while other bytes would
 * turn into U+FFFD, so those go as base64 (lib/http/read-request.ts reads either). Text saves an
 * encode and a decode per request (about 2 µs for a Flux event). `url` is the request target, or
 * the URL the server already resolved from it against `http://local`.
 */
export function toApiGatewayEvent(method: string, url: string | URL, headers: IncomingHttpHeaders, body: Buffer, sourceIp: string): APIGatewayProxyEventV2 {
  const parsed = typeof url === 'string' ? new URL(url, 'http://local') : url;
  const flatHeaders: Record<string, string> = {};
  for (const [name, value] of Object.entries(headers)) {
    if (value !== undefined) flatHeaders[name.toLowerCase()] = Array.isArray(value) ? value.join(',') : value;
  }
  const requestId = randomUUID();
  const now = new Date();
  return {
    version: '2.0',
    routeKey: `${method} ${parsed.pathname}`,
    rawPath: parsed.pathname,
    rawQueryString: parsed.search.slice(1),
    headers: flatHeaders,
    requestContext: {
      accountId: 'local',
      apiId: 'local',
      domainName: flatHeaders.host ?? 'localhost',
      domainPrefix: 'local',
      http: { method, path: parsed.pathname, protocol: 'HTTP/1.1', sourceIp, userAgent: flatHeaders['user-agent'] ?? '' },
      requestId,
      routeKey: `${method} ${parsed.pathname}`,
      stage: '$default',
      time: now.toISOString(),
      timeEpoch: now.getTime(),
    },
    ...eventBody(body),
  };
}

/** The event's `body` and `isBase64Encoded` for the request's bytes. */
function eventBody(body: Buffer): { body: string | undefined; isBase64Encoded: boolean } {
  if (body.length === 0) return { body: undefined, isBase64Encoded: false };
  return isUtf8(body) ? { body: body.toString('utf8'), isBase64Encoded: false } : { body: body.toString('base64'), isBase64Encoded: true };
}

/** Lambda's legacy callbacks, which the handlers never call: one shared no-op rather than three closures per request. */
function ignored(): undefined {
  return undefined;
}

/** The remaining time until `deadline`, as a function made once per invocation. */
function remainingUntil(deadline: number): () => number {
  return () => Math.max(0, deadline - Date.now());
}

/** A Lambda context for a local invocation with the given time budget. */
export function localContext(functionName: string, budgetMs: number): Context {
  return {
    callbackWaitsForEmptyEventLoop: false,
    functionName,
    functionVersion: '$LATEST',
    invokedFunctionArn: `arn:aws:lambda:local:000000000000:function:${functionName}`,
    memoryLimitInMB: '256',
    awsRequestId: randomUUID(),
    logGroupName: `/local/${functionName}`,
    logStreamName: 'local',
    getRemainingTimeInMillis: remainingUntil(Date.now() + budgetMs),
    done: ignored,
    fail: ignored,
    succeed: ignored,
  };
}
