import { parseRetryAfter } from '../../sinks/retry-policy.js';
import type { WriteReply } from './status-provider.js';

/** An HTTP answer: status, headers and the body parsed as JSON when it is JSON. */
export interface HttpAnswer {
  status: number;
  headers: Headers;
  body: unknown;
}

/** What to send; `body` is serialised as JSON. */
export interface HttpCall {
  method: 'GET' | 'POST' | 'PUT';
  url: string;
  headers: Record<string, string>;
  body?: unknown;
}

/**
 * Sends one request without following redirects (a redirect would carry the credentials to
 * another host) and reads the answer.
 * @throws Error on a network failure or timeout (`signal`).
 */
export async function exchange(fetchImpl: typeof fetch, call: HttpCall, signal: AbortSignal): Promise<HttpAnswer> {
  const response = await fetchImpl(call.url, {
    method: call.method,
    headers: { accept: 'application/json', ...(call.body === undefined ? {} : { 'content-type': 'application/json' }), ...call.headers },
    ...(call.body === undefined ? {} : { body: JSON.stringify(call.body) }),
    redirect: 'manual',
    signal,
  });
  const text = await response.text();
  let body: unknown = text;
  try {
    body = text ? JSON.parse(text) : undefined;
  } catch {
    // Not JSON (an HTML error page, say): kept as text for the provider's own checks.
  }
  return { status: response.status, headers: response.headers, body };
}

/**
 * How long a rate-limited answer asks to wait: `Retry-After`, else GitHub's `x-ratelimit-reset`
 * (epoch seconds) when `x-ratelimit-remaining` is 0
 * (https://docs.github.com/en/rest/using-the-rest-api/rate-limits-for-the-rest-api).
 */
export function rateLimitDelay(headers: Headers, now: number = Date.now()): number | undefined {
  const retryAfter = parseRetryAfter(headers.get('retry-after'), now);
  if (retryAfter !== undefined) return retryAfter;
  const reset = Number(headers.get('x-ratelimit-reset'));
  return headers.get('x-ratelimit-remaining') === '0' && Number.isFinite(reset) && reset > 0 ? Math.max(0, reset * 1000 - now) : undefined;
}

/**
 * The generic reading of an answer: 2xx written; 429, 5xx and a 403 that carries rate-limit
 * headers (GitHub's secondary limits) retried; any other status rejected as a configuration error.
 */
export function replyOf(answer: Pick<HttpAnswer, 'status' | 'headers'>, now: number = Date.now()): WriteReply {
  const { status, headers } = answer;
  if (status >= 200 && status < 300) return { kind: 'written' };
  const delay = rateLimitDelay(headers, now);
  if (status === 429 || status >= 500 || (status === 403 && delay !== undefined)) {
    return { kind: 'retry', reason: `HTTP ${status}`, ...(delay !== undefined ? { retryAfterMs: delay } : {}) };
  }
  if (status >= 300 && status < 400) return { kind: 'rejected', reason: `HTTP ${status}: redirect not followed; check apiUrl` };
  return { kind: 'rejected', reason: `HTTP ${status}${status === 401 || status === 403 ? ': check the credentials' : status === 404 ? ': check address, apiUrl and token scope' : ''}` };
}

/** The `message` of a JSON error body (GitLab, GitHub, Gitea all use it), or the text itself. */
export function errorMessage(body: unknown): string {
  if (typeof body === 'string') return body;
  if (body && typeof body === 'object') {
    const message = (body as { message?: unknown }).message;
    if (typeof message === 'string') return message;
    if (Array.isArray(message)) return message.join(' ');
  }
  return '';
}
