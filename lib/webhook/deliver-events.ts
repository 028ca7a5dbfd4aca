import type { Context } from 'aws-lambda';
import type { CDEvent } from '../cdevents/types.js';
import { deliverOrEnqueue, type DeliveryJob, type DeliveryReport } from '../delivery/deliver-or-enqueue.js';
import { DeliveryFailedError } from '../http/http-error.js';
import { countWithDimension } from '../observability/metrics.js';
import type { SinkEntry, SinkTable } from '../sinks/sink-table.js';
import type { WebhookRuntime } from './webhook-runtime.js';

/** Kept back from the Lambda deadline to answer in time. */
const RESPONSE_RESERVE_MS = 1_000;
/** The outbox's own budget after the sinks': a request never holds its sender much past `BRIDGE_DELIVERY_TIMEOUT_MS`. */
const ENQUEUE_BUDGET_MS = 1_000;

/** The CloudEvents sinks of each sink table, listed once: the table is built once per container. */
const cdeventSinksByTable = new WeakMap<SinkTable, readonly SinkEntry[]>();

function cdeventSinks(table: SinkTable): readonly SinkEntry[] {
  let entries = cdeventSinksByTable.get(table);
  if (!entries) {
    entries = [...table.values()].filter((entry) => entry.takes === 'cdevents');
    cdeventSinksByTable.set(table, entries);
  }
  return entries;
}

/** Extra jobs of one request besides the CloudEvents sinks (commit statuses planned from its events). */
export type PlannedJobs = readonly DeliveryJob[];

/**
 * The deliver step of a webhook: every CloudEvents sink gets the events, within the sinks' budget;
 * what they did not take goes to the outbox. Counts `queued` per sink and logs why.
 * @throws DeliveryFailedError (502) when a sink failed and there is no outbox.
 * @throws OutboxRefusedError (503) when the outbox could not hold what the sinks did not take.
 */
export async function deliverEvents(runtime: WebhookRuntime, events: readonly CDEvent[], context: Context, planned: PlannedJobs = []): Promise<DeliveryReport> {
  const { config, logger, metrics } = runtime;
  const remaining = typeof context.getRemainingTimeInMillis === 'function' ? context.getRemainingTimeInMillis() - RESPONSE_RESERVE_MS : Number.POSITIVE_INFINITY;
  const now = Date.now();
  const deadline = now + Math.max(0, Math.min(config.deliveryTimeoutMs, remaining - ENQUEUE_BUDGET_MS));
  const enqueueDeadline = Math.min(deadline + ENQUEUE_BUDGET_MS, now + Math.max(0, remaining));
  const jobs: DeliveryJob[] = cdeventSinks(runtime.sinks).map((entry) => ({ sink: entry.sink, items: events, idOf: entry.idOf }));
  const report = await deliverOrEnqueue(planned.length > 0 ? [...jobs, ...planned] : jobs, { deadline, enqueueDeadline, outbox: runtime.outbox, breaker: runtime.breaker });
  for (const item of report.items) {
    if (item.outcome !== 'queued') continue;
    countWithDimension(metrics, 'queued', 'sink', item.sink);
    logger.warn('held in the outbox for redelivery', { sink: item.sink, id: item.id, reason: item.reason });
  }
  if (report.failures.length === 0) return report;
  // A side sink (commit statuses) that failed with no outbox is logged, never a reason for a 502.
  const cdeventSinkNames = new Set(jobs.map((job) => job.sink.name));
  for (const failure of report.failures.filter((f) => !cdeventSinkNames.has(f.sink))) {
    countWithDimension(metrics, 'failed', 'sink', failure.sink);
    logger.warn('side delivery failed', { sink: failure.sink, reason: failure.reason });
  }
  const failures = report.failures.filter((f) => cdeventSinkNames.has(f.sink));
  if (failures.length > 0) {
    for (const failure of failures) {
      countWithDimension(metrics, 'failed', 'sink', failure.sink);
      const cause = (failure.error as Error | undefined)?.cause as Error | undefined;
      // Ids and types only: subjects carry the sender's names, which error logs never repeat.
      logger.error('delivery failed', { sink: failure.sink, reason: failure.reason, detail: cause?.message, events: events.map(({ context: c }) => ({ id: c.id, type: c.type })) });
    }
    throw new DeliveryFailedError(failures);
  }
  return report;
}
