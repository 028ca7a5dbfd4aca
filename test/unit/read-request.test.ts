import type { APIGatewayProxyEventV2 } from 'aws-lambda';
import { describe, expect, it } from 'vitest';
import type { HttpError } from '../../lib/http/http-error.js';
import { readRequest, requireJsonContentType } from '../../lib/http/read-request.js';

function event(overrides: Partial<APIGatewayProxyEventV2>): APIGatewayProxyEventV2 {
  return {
    version: '2.0', routeKey: 'POST /flux', rawPath: '/flux', rawQueryString: '',
    headers: { 'content-type': 'application/json' },
    requestContext: { http: { method: 'POST' } } as APIGatewayProxyEventV2['requestContext'],
    isBase64Encoded: false, body: '{}', ...overrides,
  };
}

function statusOf(fn: () => unknown): number {
  try {
    fn();
  } catch (error) {
    return (error as HttpError).statusCode;
  }
  return 0;
}

describe('readRequest', () => {
  it('decodes base64 bodies flagged by API Gateway to the exact bytes', () => {
    const raw = Buffer.from('{"message":"\\u003chtml\\u003e"}');
    const request = readRequest(event({ body: raw.toString('base64'), isBase64Encoded: true }), 1024);
    expect(request.rawBody.equals(raw)).toBe(true);
  });

  it('lower-cases header names', () => {
    expect(readRequest(event({ headers: { 'X-Signature': 'sha256=1' } }), 1024).headers['x-signature']).toBe('sha256=1');
  });

  it('answers 413, 415 and 405 for the matching bad requests', () => {
    expect(statusOf(() => readRequest(event({ body: 'x'.repeat(2000) }), 1024))).toBe(413);
    expect(statusOf(() => readRequest(event({ body: Buffer.alloc(3000).toString('base64'), isBase64Encoded: true }), 1024))).toBe(413);
    expect(statusOf(() => requireJsonContentType(readRequest(event({ headers: { 'content-type': 'text/plain' } }), 1024)))).toBe(415);
    expect(statusOf(() => readRequest(event({ requestContext: { http: { method: 'GET' } } as APIGatewayProxyEventV2['requestContext'] }), 1024))).toBe(405);
  });

  it('accepts a missing content type and JSON variants', () => {
    for (const headers of [{}, { 'content-type': 'application/json; charset=utf-8' }, { 'content-type': 'application/cloudevents+json' }]) {
      expect(statusOf(() => requireJsonContentType(readRequest(event({ headers }), 1024)))).toBe(0);
    }
  });
});
