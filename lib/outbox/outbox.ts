import { HttpError } from '../http/http-error.js';

/** One (item, sink) pair to hold for redelivery. */
export interface OutboxEntry {
  sink: string;
  id: string;
  item: unknown;
  /** Why the request could not deliver it; safe to show. */
  reason: string;
}

/** A durable place for what a request could not deliver; the redrive consumer empties it. */
export interface Outbox {
  /**
   * Holds every entry durably, or throws: it never resolves having held only some.
   * @throws OutboxRefusedError when an entry could not be held before `deadline` (epoch ms).
   */
  enqueue(entries: readonly OutboxEntry[], deadline: number): Promise<void>;
}

/** Seconds a sender is asked to wait before retrying a request the outbox could not hold. */
export const OUTBOX_RETRY_AFTER_SECONDS = 5;

/**
 * 503: a sink did not take the events and the outbox could not hold them either. Nothing was
 * acknowledged, so the sender retries (Flux and Argo CD retry a 5xx) with the same ids.
 */
export class OutboxRefusedError extends HttpError {
  constructor(message: string, options?: ErrorOptions) {
    super(503, `${message}; retry later`, { ...options, headers: { 'retry-after': String(OUTBOX_RETRY_AFTER_SECONDS) } });
    this.name = 'OutboxRefusedError';
  }
}
