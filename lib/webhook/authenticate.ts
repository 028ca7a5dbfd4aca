import type { CredentialSource } from '../auth/credential-source.js';
import { verifyRequest, type VerifyOptions } from '../auth/verify-request.js';
import { HttpError, UnauthorizedError } from '../http/http-error.js';
import type { IncomingRequest } from '../http/read-request.js';

async function tokensFrom(credentials: CredentialSource, refresh: boolean): Promise<readonly string[]> {
  try {
    return await credentials.tokens(refresh);
  } catch (error) {
    throw new HttpError(503, 'credential store unavailable; retry later', { cause: error, headers: { 'retry-after': '5' } });
  }
}

/**
 * Verifies the request against the current tokens; on failure, asks the credential source once
 * more (rate-limited there) so a token rotated moments ago is accepted. With tokens known at once
 * (configured ones), a valid request is verified without a promise (`undefined` is returned):
 * three awaited steps fewer per request; anything else takes the asynchronous path, whose promise
 * is returned.
 * @throws UnauthorizedError (401) or HttpError 503 when the credential store cannot be read.
 */
export function authenticate(request: IncomingRequest, credentials: CredentialSource, options: VerifyOptions): Promise<void> | undefined {
  const known = credentials.knownTokens?.();
  if (known) {
    try {
      verifyRequest(request.headers, request.rawBody, known, options);
      return undefined;
    } catch (error) {
      if (!(error instanceof UnauthorizedError)) throw error;
    }
  }
  return authenticateWithStore(request, credentials, options);
}

async function authenticateWithStore(request: IncomingRequest, credentials: CredentialSource, options: VerifyOptions): Promise<void> {
  const tokens = await tokensFrom(credentials, false);
  try {
    verifyRequest(request.headers, request.rawBody, tokens, options);
  } catch (error) {
    if (!(error instanceof UnauthorizedError)) throw error;
    const refreshed = await tokensFrom(credentials, true);
    if (refreshed === tokens) throw error;
    verifyRequest(request.headers, request.rawBody, refreshed, options);
  }
}
