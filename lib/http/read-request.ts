import type { APIGatewayProxyEventV2 } from 'aws-lambda';
import { HttpError, PayloadTooLargeError, UnsupportedMediaTypeError } from './http-error.js';

/** What the handlers need of an HTTP API request: lower-cased headers and the raw body bytes. */
export interface IncomingRequest {
  method: string;
  path: string;
  headers: Readonly<Record<string, string | undefined>>;
  rawBody: Buffer;
}

function isJsonContentType(contentType: string): boolean {
  const mediaType = (contentType.split(';')[0] ?? '').trim().toLowerCase();
  return mediaType === 'application/json' || /^application\/[\w.+-]*\+json$/.test(mediaType);
}

/**
 * Reads an API Gateway v2 event: decodes a base64 body, enforces the size limit (413) and
 * requires POST (405).
 */
export function readRequest(event: APIGatewayProxyEventV2, maxBodyBytes: number): IncomingRequest {
  const headers: Record<string, string | undefined> = Object.create(null);
  const given = event.headers ?? {};
  for (const name of Object.keys(given)) headers[name.toLowerCase()] = given[name];
  const method = event.requestContext?.http?.method ?? 'POST';
  if (method !== 'POST') throw new HttpError(405, `method ${method} is not allowed; use POST`, { headers: { allow: 'POST' } });
  const body = event.body ?? '';
  const encodedLength = event.isBase64Encoded ? Math.floor((body.length * 3) / 4) : Buffer.byteLength(body);
  if (encodedLength > maxBodyBytes + 2) throw new PayloadTooLargeError(maxBodyBytes);
  const rawBody = Buffer.from(body, event.isBase64Encoded ? 'base64' : 'utf8');
  if (rawBody.length > maxBodyBytes) throw new PayloadTooLargeError(maxBodyBytes);
  return { method, path: event.rawPath ?? '/', headers, rawBody };
}

/**
 * Requires a JSON content type when one is declared (415 otherwise). A missing content type is
 * accepted, because Argo CD sends none unless configured. Checked after authentication, so an
 * unauthenticated caller learns nothing but 401.
 */
export function requireJsonContentType(request: IncomingRequest): void {
  const contentType = request.headers['content-type'];
  if (contentType !== undefined && !isJsonContentType(contentType)) throw new UnsupportedMediaTypeError(contentType);
}
