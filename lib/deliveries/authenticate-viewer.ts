import type { APIGatewayProxyEventV2 } from 'aws-lambda';
import type { CredentialSource } from '../auth/credential-source.js';
import { HttpError, UnauthorizedError } from '../http/http-error.js';
import { authenticate } from '../webhook/authenticate.js';

/**
 * The challenge a browser answers with its login prompt; it then sends the token as the Basic
 * password on every request to this origin, the page's own fetches included.
 * @see https://www.rfc-editor.org/rfc/rfc7617#section-2
 */
export const BASIC_CHALLENGE = 'Basic realm="cdevents-bridge", charset="UTF-8"';

/**
 * Lets a reader of the history in with the webhooks' tokens: `Authorization: Bearer <token>`, or
 * Basic with a token as the password (any user name). No body is signed here, so no X-Signature.
 * @throws HttpError 401 with a Basic challenge, or 503 when the credential store cannot be read.
 */
export async function authenticateViewer(event: APIGatewayProxyEventV2, credentials: CredentialSource): Promise<void> {
  const headers: Record<string, string | undefined> = Object.create(null);
  for (const [name, value] of Object.entries(event.headers ?? {})) headers[name.toLowerCase()] = value;
  const request = { method: 'GET', path: event.rawPath ?? '/', headers, rawBody: Buffer.alloc(0) };
  try {
    await authenticate(request, credentials, { hmac: false, basic: true });
  } catch (error) {
    if (!(error instanceof UnauthorizedError)) throw error;
    throw new HttpError(401, error.message, { headers: { 'www-authenticate': BASIC_CHALLENGE } });
  }
}
