import type { PostResponse } from './keep-alive-fetch.js';
import { parseRetryAfter } from './retry-policy.js';

/** Longest response-body excerpt put in an error message. */
const MAX_EXCERPT_CHARS = 200;

/** What one POST of the HTTP sink taught it. */
export type AttemptOutcome =
  | { kind: 'delivered' }
  | { kind: 'retryable'; reason: string; retryAfterMs?: number; cutShort?: boolean }
  | { kind: 'unauthorized'; reason: string }
  | { kind: 'rejected'; reason: string }
  | { kind: 'unsendable'; reason: string };

/** The outcome of a 2xx answer (one shared object: the usual case allocates nothing). */
export const DELIVERED: AttemptOutcome = { kind: 'delivered' };

/** Turns a response into an outcome, consuming its body either way. */
export async function classifyResponse(response: PostResponse, token: string | undefined): Promise<AttemptOutcome> {
  const status = response.status;
  if (status >= 200 && status < 300) {
    await response.body?.cancel();
    return DELIVERED;
  }
  const excerpt = await bodyExcerpt(response, token);
  const reason = `rejected with status ${status}${excerpt ? `: ${excerpt}` : ''}`;
  if (status === 429 || status >= 500) {
    return { kind: 'retryable', reason, retryAfterMs: parseRetryAfter(response.headers.get('retry-after')) };
  }
  if (status >= 300 && status < 400) return { kind: 'rejected', reason: `got a redirect (status ${status}), which is not followed` };
  if (status === 401 || status === 403) return { kind: 'unauthorized', reason };
  return { kind: 'rejected', reason };
}

/** The first characters of the body on one line, with the token redacted. */
async function bodyExcerpt(response: PostResponse, token: string | undefined): Promise<string> {
  let text: string;
  try {
    text = await response.text();
  } catch {
    return '';
  }
  const redacted = token ? text.split(token).join('[redacted]') : text;
  const oneLine = redacted.replace(/\s+/g, ' ').trim();
  return oneLine.length > MAX_EXCERPT_CHARS ? `${oneLine.slice(0, MAX_EXCERPT_CHARS)}…` : oneLine;
}

/** A short reason for a failed fetch: timeout, or the network error code. */
export function describeFetchError(error: unknown, timeoutMs: number): string {
  if (isTimeout(error)) return `attempt timed out after ${timeoutMs} ms`;
  const cause = error instanceof Error ? error.cause : undefined;
  const code = typeof cause === 'object' && cause !== null && 'code' in cause ? String(cause.code) : undefined;
  return `network error: ${code ?? errorMessage(cause ?? error)}`;
}

/** True for an attempt cut by its timeout (a timeout or abort error). */
export function isTimeout(error: unknown): boolean {
  return error instanceof Error && (error.name === 'TimeoutError' || error.name === 'AbortError');
}

/** The message of an error, or the value as text. */
export function errorMessage(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
