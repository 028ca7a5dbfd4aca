import type { APIGatewayProxyEventV2, Context } from 'aws-lambda';
import { randomUUID } from 'node:crypto';
import type { IncomingHttpHeaders } from 'node:http';

const TEXT_TYPES = /^(application\/([\w.+-]*json|xml|x-www-form-urlencoded)|text\/)/i;

/**
 * Builds the API Gateway HTTP API (payload 2.0) event for a local request, the way API Gateway
 * does: lower-cased headers (repeated ones comma-joined), text bodies as strings, anything else
 * base64-encoded with `isBase64Encoded`.
 */
export function toApiGatewayEvent(method: string, url: string, headers: IncomingHttpHeaders, body: Buffer, sourceIp: string): APIGatewayProxyEventV2 {
  const parsed = new URL(url, 'http://local');
  const flatHeaders: Record<string, string> = {};
  for (const [name, value] of Object.entries(headers)) {
    if (value !== undefined) flatHeaders[name.toLowerCase()] = Array.isArray(value) ? value.join(',') : value;
  }
  const contentType = flatHeaders['content-type'] ?? 'application/json';
  const isText = TEXT_TYPES.test(contentType);
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
    body: body.length === 0 ? undefined : body.toString(isText ? 'utf8' : 'base64'),
    isBase64Encoded: body.length > 0 && !isText,
  };
}

/** A Lambda context for a local invocation with the given time budget. */
export function localContext(functionName: string, budgetMs: number): Context {
  const deadline = Date.now() + budgetMs;
  return {
    callbackWaitsForEmptyEventLoop: false,
    functionName,
    functionVersion: '$LATEST',
    invokedFunctionArn: `arn:aws:lambda:local:000000000000:function:${functionName}`,
    memoryLimitInMB: '256',
    awsRequestId: randomUUID(),
    logGroupName: `/local/${functionName}`,
    logStreamName: 'local',
    getRemainingTimeInMillis: () => Math.max(0, deadline - Date.now()),
    done: () => undefined,
    fail: () => undefined,
    succeed: () => undefined,
  };
}
