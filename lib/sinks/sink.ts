import type { CDEvent } from '../cdevents/types.js';

/**
 * A destination for CDEvents. `deliver` resolves when every event was accepted and
 * rejects with a {@link SinkError} otherwise; it never resolves on a partial delivery.
 */
export interface Sink {
  /** Short name used in logs, metrics and error messages, e.g. `http` or `eventbridge`. */
  readonly name: string;
  /**
   * Delivers the events, retrying transient failures until `deadline` (epoch ms).
   * @throws SinkError when an event could not be delivered.
   */
  deliver(events: readonly CDEvent[], deadline: number): Promise<void>;
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
