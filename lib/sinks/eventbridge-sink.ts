import type { EventBridgeClient, PutEventsRequestEntry, PutEventsResponse } from '@aws-sdk/client-eventbridge';
import type { SdkSender } from '../aws/lazy-client.js';
import { eventBridgePackage } from '../aws/sdk-packages.js';
import type { CDEvent } from '../cdevents/types.js';
import { structuredCloudEvent } from '../cloudevents/cloudevent-message.js';
import { batchEntries } from './batch-entries.js';
import { describeSdkError, isRetryableSdkError, RETRYABLE_ENTRY_CODES } from './putevents-errors.js';
import { retryUntilDeadline, type AttemptResult } from './retry-loop.js';
import { remainingMs } from './retry-policy.js';
import { SinkError, type DeliverOptions, type Sink } from './sink.js';

/** Options of {@link EventBridgeSink}. */
export interface EventBridgeSinkOptions {
  /** The SDK client, built once per container (tests point it at a local fake). */
  client: SdkSender<EventBridgeClient>;
  /** Name or ARN of the event bus. */
  eventBusName: string;
  /** The entries' `Source`: reverse-DNS, never `aws.*`, e.g. `dev.cdevents.bridge.flux`. */
  source: string;
  /** The PutEvents size limit, applied to each entry and to the total of each call. @default 262144 */
  maxEntryBytes?: number;
  /** First backoff ceiling in ms. @default 100 */
  baseDelayMs?: number;
  /** Cap of one backoff in ms. @default 2000 */
  maxDelayMs?: number;
}

/** The historical (and still most widely documented) PutEvents size limit: 256 KiB. */
export const DEFAULT_MAX_ENTRY_BYTES = 262_144;

/** PutEvents accepts 1 to 10 entries per call. */
export const MAX_ENTRIES_PER_CALL = 10;

/** One entry on its way, with its event (for error messages and the outbox). */
interface PendingEntry {
  event: CDEvent;
  entry: PutEventsRequestEntry;
  bytes: number;
}

/**
 * Delivers CDEvents to an EventBridge bus: one entry per event (`Detail` = the structured
 * CloudEvent), up to 10 per call. Oversize entries fail before any call. Entries failing
 * with `InternalFailure`/`ThrottlingException`, and transient whole-call errors, are resent
 * with capped, jittered backoff until the deadline; any other error code fails at once.
 */
export class EventBridgeSink implements Sink {
  readonly name = 'eventbridge';
  readonly #options: EventBridgeSinkOptions;

  constructor(options: EventBridgeSinkOptions) {
    this.#options = options;
  }

  /** @throws SinkError naming the event and the error code or size at fault, with the events not delivered. */
  async deliver(events: readonly CDEvent[], deadline: number, options: DeliverOptions = {}): Promise<void> {
    const maxBytes = this.#options.maxEntryBytes ?? DEFAULT_MAX_ENTRY_BYTES;
    const pending = events.map((event) => this.#toPendingEntry(event, maxBytes, events));
    const batches = batchEntries(pending, MAX_ENTRIES_PER_CALL, maxBytes);
    for (const [index, batch] of batches.entries()) {
      const later = batches.slice(index + 1).flat().map((p) => p.event);
      try {
        await this.#putBatch(batch, deadline, later, options);
      } catch (error) {
        if (!(error instanceof SinkError) || error.undelivered) throw error;
        throw new SinkError(this.name, error.message, { cause: error.cause, undelivered: [...batch.map((p) => p.event), ...later] });
      }
    }
  }

  #toPendingEntry(event: CDEvent, maxBytes: number, events: readonly CDEvent[]): PendingEntry {
    const entry = toPutEventsEntry(event, this.#options);
    const bytes = putEventsEntrySize(entry);
    if (bytes > maxBytes) {
      // Too big today is too big tomorrow: the outbox would only carry it to the dead-letter queue.
      throw new SinkError(this.name, `event ${event.context.id} is ${bytes} bytes as an eventbridge entry, over the limit of ${maxBytes}`, { undelivered: events });
    }
    return { event, entry, bytes };
  }

  /** Sends one batch, resending what failed; `later` are the events of the batches after it. */
  async #putBatch(batch: readonly PendingEntry[], deadline: number, later: readonly CDEvent[], options: DeliverOptions): Promise<void> {
    const result = await retryUntilDeadline(batch, (pending) => this.#put(pending, deadline), {
      deadline, baseDelayMs: this.#options.baseDelayMs, maxDelayMs: this.#options.maxDelayMs, maxAttempts: options.maxAttempts,
    });
    if (result.done) return;
    const ids = result.pending.map((p) => p.event.context.id).join(', ');
    throw new SinkError(this.name, `events ${ids} ${result.reason}`, { undelivered: [...result.pending.map((p) => p.event), ...later] });
  }

  /** One PutEvents call. @returns the entries to resend and why; throws when hopeless. */
  async #put(pending: readonly PendingEntry[], deadline: number): Promise<AttemptResult<readonly PendingEntry[]>> {
    const { PutEventsCommand } = await eventBridgePackage();
    const signal = AbortSignal.timeout(Math.max(1, remainingMs(deadline)));
    let response: PutEventsResponse;
    try {
      response = await this.#options.client.send(new PutEventsCommand({ Entries: pending.map((p) => p.entry) }), { abortSignal: signal });
    } catch (error) {
      if (signal.aborted) return { done: false, pending, reason: 'putevents call cut short by the deadline', cutShort: true };
      const reason = `putevents failed: ${describeSdkError(error)}`;
      if (!isRetryableSdkError(error)) throw new SinkError(this.name, reason, { cause: error });
      return { done: false, pending, reason };
    }
    return this.#failedEntries(pending, response);
  }

  #failedEntries(pending: readonly PendingEntry[], response: PutEventsResponse): AttemptResult<readonly PendingEntry[]> {
    if (!response.FailedEntryCount) return { done: true };
    const results = response.Entries ?? [];
    if (results.length !== pending.length) {
      return { done: false, pending, reason: `putevents reported ${response.FailedEntryCount} failed entries without per-entry results` };
    }
    const failed = pending.flatMap((p, i) => {
      const result = results[i];
      return result?.ErrorCode ? [{ ...p, code: result.ErrorCode, message: result.ErrorMessage }] : [];
    });
    const fatal = failed.find((f) => !RETRYABLE_ENTRY_CODES.has(f.code));
    if (fatal) {
      // The AWS message can name roles and accounts: it goes to the log (cause), not to the caller.
      throw new SinkError(this.name, `event ${fatal.event.context.id} rejected by eventbridge with ${fatal.code}`, { cause: new Error(fatal.message ?? fatal.code) });
    }
    return { done: false, pending: failed, reason: `entries failed with ${[...new Set(failed.map((f) => f.code))].join(', ')}` };
  }
}

/**
 * The PutEvents entry of a CDEvent: `Source` from options, `DetailType` = the CDEvent type,
 * `Detail` = the structured CloudEvent JSON, `Time` = `context.timestamp` (left out if unparseable).
 */
export function toPutEventsEntry(event: CDEvent, options: Pick<EventBridgeSinkOptions, 'eventBusName' | 'source'>): PutEventsRequestEntry {
  const time = new Date(event.context.timestamp);
  return {
    Source: options.source,
    DetailType: event.context.type,
    Detail: JSON.stringify(structuredCloudEvent(event)),
    EventBusName: options.eventBusName,
    ...(Number.isNaN(time.getTime()) ? {} : { Time: time }),
  };
}

/**
 * The size EventBridge charges an entry: 14 bytes for `Time` when set, plus the UTF-8
 * bytes of `Source`, `DetailType`, `Detail` and each `Resources` item.
 * @see https://docs.aws.amazon.com/eventbridge/latest/userguide/eb-putevent-size.html
 */
export function putEventsEntrySize(entry: PutEventsRequestEntry): number {
  const strings = [entry.Source, entry.DetailType, entry.Detail, ...(entry.Resources ?? [])];
  return (entry.Time ? 14 : 0) + strings.reduce((sum, s) => sum + (s ? Buffer.byteLength(s, 'utf8') : 0), 0);
}
