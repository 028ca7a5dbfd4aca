import {
  DEFAULT_BASE_DELAY_MS, DEFAULT_MAX_DELAY_MS, MAX_ATTEMPTS,
  backoffDelay, fitsBeforeDeadline, remainingMs, sleepBeforeDeadline,
} from './retry-policy.js';

/** What one attempt taught the loop: all done, or what is left and why. */
export type AttemptResult<Pending> =
  | { done: true }
  | {
    done: false;
    /** What the next attempt must still send. */
    pending: Pending;
    /** Safe to show: a status and a short excerpt, never a token or URL. */
    reason: string;
    /** The peer asked for this wait (`Retry-After`), in ms. */
    retryAfterMs?: number;
    /** The deadline cut the attempt short: its reason says less than the one before. */
    cutShort?: boolean;
    /** Try again at once (e.g. with a refreshed token), without a backoff. */
    retryNow?: boolean;
  };

/** How the loop ended: everything sent, or what is left and the last real reason. */
export type RetryLoopResult<Pending> = { done: true } | { done: false; pending: Pending; reason: string };

/** Tuning of {@link retryUntilDeadline}. */
export interface RetryLoopOptions {
  /** Epoch ms after which no attempt starts and no wait ends. */
  deadline: number;
  /** First backoff ceiling in ms. @default 100 */
  baseDelayMs?: number;
  /** Cap of one backoff in ms. @default 2000 */
  maxDelayMs?: number;
  /** Attempts at most; the deadline is the usual bound. @default 100 */
  maxAttempts?: number;
}

/**
 * The one retry loop of every sink and of the outbox: attempt, then wait a capped, jittered
 * backoff (or the peer's `Retry-After`) and attempt again with what is left, until done or the
 * deadline. An attempt throws to end the loop for good (a final error: retrying cannot help).
 * A `Retry-After` that ends past the deadline stops the loop at once, since no later attempt is allowed.
 */
export async function retryUntilDeadline<Pending>(
  first: Pending,
  attempt: (pending: Pending, attemptIndex: number) => Promise<AttemptResult<Pending>>,
  options: RetryLoopOptions,
): Promise<RetryLoopResult<Pending>> {
  const { deadline } = options;
  const backoff = { baseMs: options.baseDelayMs ?? DEFAULT_BASE_DELAY_MS, maxMs: options.maxDelayMs ?? DEFAULT_MAX_DELAY_MS };
  let pending = first;
  let lastReason: string | undefined;
  const maxAttempts = Math.min(MAX_ATTEMPTS, options.maxAttempts ?? MAX_ATTEMPTS);
  for (let index = 0; index < maxAttempts && remainingMs(deadline) > 0; index++) {
    const result = await attempt(pending, index);
    if (result.done) return { done: true };
    pending = result.pending;
    if (!(result.cutShort && lastReason)) lastReason = result.reason;
    if (result.retryNow) continue;
    if (index + 1 >= maxAttempts && options.maxAttempts !== undefined) {
      return { done: false, pending, reason: `not delivered in ${maxAttempts} attempts: ${lastReason}` };
    }
    const delay = result.retryAfterMs ?? backoffDelay(index, backoff);
    if (result.retryAfterMs !== undefined && !fitsBeforeDeadline(delay, deadline)) {
      return { done: false, pending, reason: `${result.reason}; retry-after ${delay / 1000} s is past the deadline` };
    }
    if (!(await sleepBeforeDeadline(delay, deadline))) break;
  }
  return { done: false, pending, reason: `not delivered before the deadline: ${lastReason ?? 'no time left'}` };
}
