/** Backoff tuning: the first ceiling and the cap of the exponential series, in ms. */
export interface BackoffOptions {
  baseMs: number;
  maxMs: number;
  /** A source of numbers in [0, 1); `Math.random` by default. Inject a fixed one in tests. */
  random?: () => number;
}

/** Default first backoff ceiling of the sinks, in ms. */
export const DEFAULT_BASE_DELAY_MS = 100;

/** Default cap of a single backoff, in ms. */
export const DEFAULT_MAX_DELAY_MS = 2_000;

/**
 * Hard ceiling on attempts per retry loop. The deadline is the real bound; this one
 * only guarantees that no loop can spin forever if the clock misbehaves.
 */
export const MAX_ATTEMPTS = 100;

/** Upper bound of the exponent, so `2 ** attempt` never overflows into `Infinity`. */
const MAX_EXPONENT = 30;

/**
 * The wait before retry number `attempt + 1` (`attempt` counts from 0): capped
 * exponential backoff with full jitter, `random() * min(maxMs, baseMs * 2^attempt)`.
 * @see https://aws.amazon.com/blogs/architecture/exponential-backoff-and-jitter/
 */
export function backoffDelay(attempt: number, options: BackoffOptions): number {
  const exponent = Math.min(Math.max(0, Math.floor(attempt)), MAX_EXPONENT);
  const ceiling = Math.min(options.maxMs, options.baseMs * 2 ** exponent);
  const random = options.random ?? Math.random;
  return Math.floor(Math.max(0, ceiling) * random());
}

/** Milliseconds left until `deadline` (epoch ms), never negative. */
export function remainingMs(deadline: number, now: number = Date.now()): number {
  return Math.max(0, deadline - now);
}

/** Whether a wait of `delayMs` starting `now` ends strictly before `deadline`. */
export function fitsBeforeDeadline(delayMs: number, deadline: number, now: number = Date.now()): boolean {
  return now + delayMs < deadline;
}

/**
 * Sleeps `delayMs` unless that would reach the deadline, in which case it returns at
 * once: there is no point waiting for an attempt that could not start in time.
 * @returns `true` after sleeping, `false` when the caller should give up now.
 */
export async function sleepBeforeDeadline(delayMs: number, deadline: number): Promise<boolean> {
  if (!fitsBeforeDeadline(delayMs, deadline)) return false;
  await new Promise<void>((resolve) => setTimeout(resolve, delayMs));
  return true;
}

/**
 * Parses a `Retry-After` header (delta seconds or an HTTP date) into milliseconds.
 * @returns `undefined` when the header is absent or unreadable.
 */
export function parseRetryAfter(value: string | null | undefined, now: number = Date.now()): number | undefined {
  if (value === null || value === undefined || value.trim() === '') return undefined;
  const trimmed = value.trim();
  if (/^\d+$/.test(trimmed)) return Number(trimmed) * 1000;
  // An HTTP date always names a day and month; this keeps `Date.parse('-1')` (year -1) out.
  const date = /[a-z]/i.test(trimmed) ? Date.parse(trimmed) : Number.NaN;
  return Number.isNaN(date) ? undefined : Math.max(0, date - now);
}
