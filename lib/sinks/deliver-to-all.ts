import type { CDEvent } from '../cdevents/types.js';
import { DeliveryFailedError } from '../http/http-error.js';
import { SinkError, type Sink } from './sink.js';

/** How one sink fared, for logs and metrics. `reason` is safe to show; `error` is for logs. */
export type SinkOutcome =
  | { sink: string; ok: true; durationMs: number }
  | { sink: string; ok: false; durationMs: number; reason: string; error: unknown };

/**
 * Delivers every event to every sink, all sinks in parallel, and reports each sink's outcome.
 * Never throws: a failing sink becomes an outcome with `ok: false`.
 */
export async function settleDeliveries(sinks: readonly Sink[], events: readonly CDEvent[], deadline: number): Promise<SinkOutcome[]> {
  return Promise.all(sinks.map((sink) => deliverToOne(sink, events, deadline)));
}

/**
 * Delivers every event to every sink in parallel and succeeds only if all sinks do.
 * @returns the outcome of each sink (all `ok`), for metrics.
 * @throws DeliveryFailedError (502) listing each failed sink with its reason.
 */
export async function deliverToAll(sinks: readonly Sink[], events: readonly CDEvent[], deadline: number): Promise<SinkOutcome[]> {
  const outcomes = await settleDeliveries(sinks, events, deadline);
  const failures = outcomes.flatMap((o) => (o.ok ? [] : [{ sink: o.sink, reason: o.reason }]));
  if (failures.length > 0) throw new DeliveryFailedError(failures);
  return outcomes;
}

async function deliverToOne(sink: Sink, events: readonly CDEvent[], deadline: number): Promise<SinkOutcome> {
  const started = Date.now();
  try {
    await sink.deliver(events, deadline);
    return { sink: sink.name, ok: true, durationMs: Date.now() - started };
  } catch (error) {
    return { sink: sink.name, ok: false, durationMs: Date.now() - started, reason: safeReason(error), error };
  }
}

/** A `SinkError` message is written to be shown; anything else is a bug whose text may not be. */
function safeReason(error: unknown): string {
  if (error instanceof SinkError) return error.message;
  return `unexpected ${error instanceof Error ? error.name : 'error'}`;
}
