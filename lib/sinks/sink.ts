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
  deliver(items: readonly Item[], deadline: number): Promise<void>;
}

/** A sink gave up on at least one event. `message` is safe to return to callers. */
export class SinkError extends Error {
  readonly sink: string;

  constructor(sink: string, message: string, options?: ErrorOptions) {
    super(message, options);
    this.name = 'SinkError';
    this.sink = sink;
  }
}
