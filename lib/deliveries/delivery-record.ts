import type { CDEvent } from '../cdevents/types.js';

/** What became of one event at one sink. `reason` is the sink's safe message (no token, no URL). */
export type SinkOutcomeRecord =
  | { sink: string; outcome: 'delivered'; attempt: number }
  | { sink: string; outcome: 'queued'; attempt: number; reason: string }
  | { sink: string; outcome: 'dead-lettered'; attempt: number; reason: string }
  | { sink: string; outcome: 'failed'; attempt: number; reason: string };

/** One commit status the bridge wrote, skipped as unchanged, or could not write. */
export interface CommitStatusRecord {
  target: string;
  sha: string;
  context: string;
  state: string;
  outcome: 'written' | 'unchanged' | 'queued' | 'failed';
  reason?: string;
}

/** One emitted CDEvent as sent, with what each sink did with it. */
export interface EventRecord {
  cdevent: CDEvent;
  sinks: SinkOutcomeRecord[];
}

/**
 * One row of the deliveries history: a webhook request and what came of it, or one redelivery
 * from the outbox (`route: 'redrive'`). Holds nothing secret: no headers, no body, no token.
 */
export interface DeliveryRecord {
  /** The request's correlation id (or the outbox message id for a redelivery). */
  id: string;
  /** ISO 8601 time the request arrived. */
  at: string;
  route: 'flux' | 'argocd' | 'redrive';
  /** The sender's object: `Kind/namespace/name` for Flux, `namespace/app` for Argo CD. */
  object?: string;
  /** The HTTP status answered (200 for a redelivery that settled, 500 for one that failed). */
  status: number;
  /** Why nothing was emitted, or the error message answered; safe to show. */
  reason?: string;
  events: EventRecord[];
  commitStatuses: CommitStatusRecord[];
  /** What the history left out of this row to keep it storable (set by the store, not the recorder). */
  omitted?: string;
}

/**
 * Keeps the deliveries history. `record` never throws and never makes the caller wait for a
 * slow store: a history that cannot be written is logged and dropped, the webhook answer is not.
 */
export interface DeliveryRecorder {
  record(entry: DeliveryRecord): void;
  /**
   * Waits up to `maxMs` for the rows recorded so far to be stored (a store that writes in the
   * background). On Lambda, a write still running when the handler returns is frozen with the
   * container and may time out before it thaws; a handler that would rather spend those few
   * milliseconds than lose the row awaits this. Never rejects.
   */
  flush?(maxMs: number): Promise<void>;
}
