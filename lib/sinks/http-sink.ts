import type { CDEvent } from '../cdevents/types.js';
import { toHttpMessage, type CloudEventMessage, type CloudEventMode } from '../cloudevents/cloudevent-message.js';
import { ConfigError } from '../config/config-error.js';
import type { PostFunction } from './keep-alive-fetch.js';
import { classifyResponse, DELIVERED, describeFetchError, errorMessage, isTimeout, type AttemptOutcome } from './http-attempt-outcome.js';
import { retryUntilDeadline, type AttemptResult } from './retry-loop.js';
import { rememberSentJson } from './sent-json.js';
import { toFetchHeaders } from './sendable-headers.js';
import { AttemptTimeouts } from './attempt-timeouts.js';
import { remainingMs } from './retry-policy.js';
import { SinkError, type DeliverOptions, type Sink } from './sink.js';

/** Options of {@link HttpSink}. */
export interface HttpSinkOptions {
  /** The broker URL (http or https); every event is POSTed here. */
  url: string;
  /** CloudEvents HTTP mode; the CDEvents binding asks for `binary`. */
  mode?: CloudEventMode;
  /** Returns the bearer token, if any. Called once per `deliver`. */
  token?: () => Promise<string | undefined>;
  /** Returns a fresh token after a 401/403; called at most once per `deliver`. */
  refreshToken?: () => Promise<string | undefined>;
  /** First backoff ceiling in ms. @default 100 */
  baseDelayMs?: number;
  /** Cap of one backoff in ms. @default 2000 */
  maxDelayMs?: number;
  /** Timeout of one POST (connect to end of body), cut short by the deadline. @default 5000 */
  attemptTimeoutMs?: number;
  /** How to POST: the global `fetch` by default; the runtime passes a keep-alive one. */
  fetch?: PostFunction;
}

const DEFAULT_ATTEMPT_TIMEOUT_MS = 5_000;

/** The bearer token of one `deliver` call. */
interface TokenState {
  value: string | undefined;
  refreshed: boolean;
}

/**
 * Delivers CDEvents as CloudEvents over HTTP, one POST per event, in order. Retries
 * network errors, timeouts, 429 and 5xx with capped, jittered backoff until the
 * deadline; refreshes the bearer token once on 401/403; never follows redirects. A message with a
 * header HTTP cannot carry fails at once, unretried: resending the same bytes cannot succeed.
 * Error messages carry the status and a short body excerpt, never the token or URL.
 */
export class HttpSink implements Sink {
  readonly name = 'http';
  readonly #options: HttpSinkOptions;
  readonly #fetch: PostFunction;
  readonly #timeouts: AttemptTimeouts;

  /** @throws ConfigError when `url` is not an absolute http(s) URL. */
  constructor(options: HttpSinkOptions) {
    if (!URL.canParse(options.url) || !/^https?:$/.test(new URL(options.url).protocol)) {
      throw new ConfigError('http sink url must be an absolute http or https URL');
    }
    this.#options = options;
    this.#fetch = options.fetch ?? ((url, init) => globalThis.fetch(url, init as RequestInit));
    // Signals are reused only with a given POST function (the runtime's keep-alive one), never with undici's fetch.
    this.#timeouts = new AttemptTimeouts(options.fetch !== undefined);
  }

  /** @throws SinkError on the first event that could not be delivered, listing it and the ones after it. */
  async deliver(events: readonly CDEvent[], deadline: number, options: DeliverOptions = {}): Promise<void> {
    if (events.length === 0) return;
    const token: TokenState = { value: this.#options.token ? await this.#getToken(this.#options.token, events) : undefined, refreshed: false };
    for (let index = 0; index < events.length; index++) {
      const event = events[index] as CDEvent;
      try {
        await this.#deliverOne(event, deadline, token, options);
      } catch (error) {
        const undelivered = events.slice(index);
        if (error instanceof SinkError) throw new SinkError(this.name, error.message, { cause: error.cause, undelivered });
        throw error;
      }
    }
  }

  async #deliverOne(event: CDEvent, deadline: number, token: TokenState, options: DeliverOptions): Promise<void> {
    const mode = this.#options.mode ?? 'binary';
    const message = toHttpMessage(event, mode);
    // A binary-mode body is the CDEvent's own JSON: the deliveries history reuses it.
    if (mode === 'binary') rememberSentJson(event, message.body);
    const id = event.context.id;
    const result = await retryUntilDeadline(message, async (pending): Promise<AttemptResult<CloudEventMessage>> => {
      const outcome = await this.#post(pending, deadline, token.value);
      if (outcome.kind === 'delivered') return { done: true };
      if (outcome.kind === 'unauthorized' && this.#options.refreshToken && !token.refreshed) {
        token.value = await this.#getToken(this.#options.refreshToken, [event]);
        token.refreshed = true;
        return { done: false, pending, reason: outcome.reason, retryNow: true };
      }
      if (outcome.kind !== 'retryable') throw new SinkError(this.name, `event ${id} ${finalReason(outcome, token)}`);
      return { done: false, pending, reason: outcome.reason, retryAfterMs: outcome.retryAfterMs, cutShort: outcome.cutShort };
    }, { deadline, baseDelayMs: this.#options.baseDelayMs, maxDelayMs: this.#options.maxDelayMs, maxAttempts: options.maxAttempts });
    if (!result.done) throw new SinkError(this.name, `event ${id} ${result.reason}`);
  }

  async #post(message: CloudEventMessage, deadline: number, token: string | undefined): Promise<AttemptOutcome> {
    const attemptTimeoutMs = this.#options.attemptTimeoutMs ?? DEFAULT_ATTEMPT_TIMEOUT_MS;
    const timeoutMs = Math.max(1, Math.min(attemptTimeoutMs, remainingMs(deadline)));
    const headers = toFetchHeaders(token ? { ...message.headers, authorization: `Bearer ${token}` } : message.headers);
    if (typeof headers === 'string') return { kind: 'unsendable', reason: `cannot be sent: header ${headers} holds characters HTTP does not allow` };
    const timeout = this.#timeouts.start(timeoutMs);
    try {
      const response = await this.#fetch(this.#options.url, {
        method: 'POST', headers, body: message.body, redirect: 'manual', signal: timeout.signal,
      });
      // The usual answer, classified without another awaited step.
      if (response.status >= 200 && response.status < 300) {
        await response.body?.cancel();
        return DELIVERED;
      }
      return await classifyResponse(response, token);
    } catch (error) {
      const cutShort = isTimeout(error) && timeoutMs < attemptTimeoutMs;
      return { kind: 'retryable', reason: describeFetchError(error, timeoutMs), cutShort };
    } finally {
      this.#timeouts.end(timeout);
    }
  }

  async #getToken(source: (() => Promise<string | undefined>) | undefined, events: readonly CDEvent[]): Promise<string | undefined> {
    if (!source) return undefined;
    try {
      return await source();
    } catch (error) {
      throw new SinkError(this.name, `could not get the broker token: ${errorMessage(error)}`, { cause: error, undelivered: events });
    }
  }
}

/** The reason of a final, non-retryable outcome. */
function finalReason(outcome: { kind: string; reason: string }, token: TokenState): string {
  return outcome.kind === 'unauthorized' && token.refreshed ? `${outcome.reason} (after a token refresh)` : outcome.reason;
}
