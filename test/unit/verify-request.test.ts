import { createHmac } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { verifyRequest } from '../../lib/auth/verify-request.js';
import { UnauthorizedError } from '../../lib/http/http-error.js';

const TOKENS = ['first-token-123', 'second-token-456'];
const BODY = Buffer.from('{"involvedObject":{"kind":"Kustomization"},"message":"a \\u003c b"}');
const FLUX = { hmac: true, basic: false };
const ARGO = { hmac: false, basic: true };

function sign(body: Buffer, key: string, algorithm = 'sha256'): string {
  return `${algorithm}=${createHmac(algorithm, key).update(body).digest('hex')}`;
}

function rejection(fn: () => void): UnauthorizedError {
  try {
    fn();
  } catch (error) {
    expect(error).toBeInstanceOf(UnauthorizedError);
    return error as UnauthorizedError;
  }
  throw new Error('expected a rejection');
}

describe('verifyRequest', () => {
  it('accepts a bearer token from the list, including a second token during rotation', () => {
    expect(() => verifyRequest({ authorization: 'Bearer first-token-123' }, BODY, TOKENS, FLUX)).not.toThrow();
    expect(() => verifyRequest({ authorization: 'bearer second-token-456' }, BODY, TOKENS, FLUX)).not.toThrow();
  });

  it('accepts a Flux generic-hmac signature over the exact raw bytes', () => {
    expect(() => verifyRequest({ 'x-signature': sign(BODY, 'second-token-456') }, BODY, TOKENS, FLUX)).not.toThrow();
    expect(() => verifyRequest({ 'x-signature': sign(BODY, 'first-token-123', 'sha512') }, BODY, TOKENS, FLUX)).not.toThrow();
  });

  it('rejects a signature made over re-serialised JSON', () => {
    const reserialised = Buffer.from(JSON.stringify(JSON.parse(BODY.toString())));
    const error = rejection(() => verifyRequest({ 'x-signature': sign(reserialised, 'first-token-123') }, BODY, TOKENS, FLUX));
    expect(error.message).toContain('invalid X-Signature');
  });

  it('requires every presented credential to be valid', () => {
    const headers = { authorization: 'Bearer first-token-123', 'x-signature': 'sha256=00ff' };
    expect(() => verifyRequest(headers, BODY, TOKENS, FLUX)).toThrow(UnauthorizedError);
  });

  it('says what is missing, without echoing any token', () => {
    const error = rejection(() => verifyRequest({}, BODY, TOKENS, FLUX));
    expect(error.statusCode).toBe(401);
    expect(error.message).toBe('missing credentials: send Authorization: Bearer <token> or X-Signature');
    const wrong = rejection(() => verifyRequest({ authorization: 'Bearer nope-nope-nope' }, BODY, TOKENS, FLUX));
    expect(wrong.message).not.toContain('first-token');
    expect(wrong.message).not.toContain('nope-nope');
  });

  it('accepts basic auth whose password is a token only where basic auth is allowed', () => {
    const basic = `Basic ${Buffer.from('argocd:second-token-456').toString('base64')}`;
    expect(() => verifyRequest({ authorization: basic }, BODY, TOKENS, ARGO)).not.toThrow();
    expect(() => verifyRequest({ authorization: basic }, BODY, TOKENS, FLUX)).toThrow(UnauthorizedError);
    const badPassword = `Basic ${Buffer.from('argocd:wrong').toString('base64')}`;
    expect(() => verifyRequest({ authorization: badPassword }, BODY, TOKENS, ARGO)).toThrow(UnauthorizedError);
  });

  it('ignores X-Signature where HMAC is not offered (Argo CD cannot sign)', () => {
    expect(() => verifyRequest({ 'x-signature': sign(BODY, 'first-token-123') }, BODY, TOKENS, ARGO)).toThrow(/missing credentials/);
  });

  it('rejects malformed signatures and unknown algorithms', () => {
    for (const value of ['sha256', 'md5=abcd', 'sha256=zz', '=', '']) {
      expect(() => verifyRequest({ 'x-signature': value }, BODY, TOKENS, FLUX)).toThrow(UnauthorizedError);
    }
  });
});
