import type { SQSRecord } from 'aws-lambda';
import type { CDEvent } from '../cdevents/types.js';
import type { DeliveryRecorder, SinkOutcomeRecord } from '../deliveries/delivery-record.js';
import type { OutboxMessage } from './outbox-message.js';

type RedeliveryOutcome = Omit<SinkOutcomeRecord, 'sink'> & { reason?: string };

/** Whether a queued item is a CDEvent (and not, say, a commit-status write). */
function isCDEvent(item: unknown): item is CDEvent {
  const context = (item as { context?: { id?: unknown; type?: unknown } } | null)?.context;
  return typeof context?.id === 'string' && typeof context.type === 'string';
}

/** Adds one redelivery to the deliveries history (`route: 'redrive'`), when a recorder is set. */
export function recordRedelivery(recorder: DeliveryRecorder | undefined, record: SQSRecord, message: OutboxMessage | undefined, outcome: RedeliveryOutcome): void {
  if (!recorder) return;
  const sink = message?.sink ?? 'unknown';
  const sinkOutcome = { sink, ...outcome } as SinkOutcomeRecord;
  const delivered = outcome.outcome === 'delivered';
  recorder.record({
    id: record.messageId,
    at: new Date().toISOString(),
    route: 'redrive',
    status: delivered ? 200 : 500,
    reason: delivered ? undefined : outcome.reason,
    events: message && isCDEvent(message.item) ? [{ cdevent: message.item, sinks: [sinkOutcome] }] : [],
    commitStatuses: [],
  });
}
