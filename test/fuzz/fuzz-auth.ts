import { createHmac } from 'node:crypto';
import type { SeededRandom } from './seeded-random.js';

/** The `X-Signature` Flux's generic-hmac provider sends: HMAC of the exact body bytes. */
export function signBody(body: Buffer, key: string, algorithm = 'sha256'): string {
  return `${algorithm}=${createHmac(algorithm, key).update(body).digest('hex')}`;
}

/**
 * Credentials a real sender would use: Flux sends a bearer token or (generic-hmac) a signature,
 * Argo CD a bearer token or basic auth.
 */
export function goodCredentials(rng: SeededRandom, route: string, body: Buffer, token: string): Record<string, string> {
  if (route === '/flux' && rng.chance(0.35)) return { 'x-signature': signBody(body, token, rng.pick(['sha256', 'sha256', 'sha512', 'sha224'])) };
  if (route === '/argocd' && rng.chance(0.2)) return { authorization: `Basic ${Buffer.from(`admin:${token}`).toString('base64')}` };
  return { authorization: `Bearer ${token}` };
}

/** Missing or wrong credentials, each of which must be answered with 401. */
export function badCredentials(rng: SeededRandom, route: string, body: Buffer, token: string, marker: string): { label: string; headers: Record<string, string> } {
  const variants: [string, Record<string, string>][] = [
    ['no credentials', {}],
    ['wrong bearer token', { authorization: 'Bearer wrong-token-0123456789' }],
    ['marker as bearer token', { authorization: `Bearer ${marker}` }],
    ['empty bearer', { authorization: 'Bearer ' }],
    ['unknown scheme', { authorization: `Token ${token}` }],
    ['basic with wrong password', { authorization: `Basic ${Buffer.from(`admin:${marker}`).toString('base64')}` }],
    ['basic that is not base64', { authorization: `Basic !!${marker}!!` }],
    ['signature with the wrong key', { 'x-signature': signBody(body, `${token}-not`) }],
    ['signature over other bytes', { 'x-signature': signBody(Buffer.concat([body, Buffer.from(' ')]), token) }],
    ['signature that is not hex', { 'x-signature': `sha256=${marker}` }],
    ['signature with an unknown algorithm', { 'x-signature': signBody(body, token, 'sha1') }],
    ['good token with a wrong signature', { authorization: `Bearer ${token}`, 'x-signature': signBody(body, marker) }],
  ];
  // Argo CD does not sign; its route ignores X-Signature, so a good token alone is enough there.
  const [label, headers] = rng.pick(route === '/flux' ? variants : variants.slice(0, -1));
  return { label, headers };
}
