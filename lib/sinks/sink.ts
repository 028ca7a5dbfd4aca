import type { CDEvent } from '../cdevents/types.js';

/**
 * A destination. `deliver` resolves when every item was accepted (or, for side sinks such as
 * commit statuses, settled for good) and rejects with a {@link SinkError} otherwise; it never
 * resolves on a partial delivery. Items must be JSON-serialisable: what a sink cannot take now is
 * put in the outbox as JSON and handed back to the same sink later.
 * @typeParam Item what the sink takes; CDEvents for the CloudEvents sinks.
 */
export interface Sink<Item = CDEvent> {
  /** Short name used in logs, metrics, the outbox and error messages, e.g. `http` or `eventbridge`. */
  readonly name: string;
  /**
   * Delivers the items, retrying transient failures until `deadline` (epoch ms).
   * @throws SinkError when an item could not be delivered.
   */
  deliver(items: readonly Item[], deadline: number, options?: DeliverOptions): Promise<void>;
}

/** Limits of one `deliver` call besides its deadline. */
export interface DeliverOptions {
  /**
   * Attempts per item (or per batch) at most. The redrive passes a small number: its backoff is
   * the message's visibility timeout, not a loop inside one invocation.
   */
  maxAttempts?: number;
}

/** A sink gave up on at least one item. `message` is safe to return to callers. */
export class SinkError extends Error {
  readonly sink: string;
  /**
   * The items that were not delivered, in order, when the sink knows which (the outbox then holds
   * exactly these and no delivered item is sent twice); `undefined` means "assume none was".
   */
  readonly undelivered: readonly unknown[] | undefined;

  constructor(sink: string, message: string, options?: ErrorOptions & { undelivered?: readonly unknown[] }) {
    super(message, options);
    this.name = 'SinkError';
    this.sink = sink;
    this.undelivered = options?.undelivered;
  }
}
