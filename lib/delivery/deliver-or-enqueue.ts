import type { SinkOutcomeRecord } from '../deliveries/delivery-record.js';
import type { Outbox, OutboxEntry } from '../outbox/outbox.js';
import { SinkError, type Sink } from '../sinks/sink.js';
import type { CircuitBreaker } from './circuit-breaker.js';

/** Items for one sink, with how to name each one (the CDEvent id for the CloudEvents sinks). */
export interface DeliveryJob<Item = unknown> {
  sink: Sink<Item>;
  items: readonly Item[];
  idOf: (item: Item) => string;
}

/** What happened to one item at one sink. */
export interface ItemOutcome {
  id: string;
  sink: string;
  outcome: SinkOutcomeRecord['outcome'];
  /** Safe to show: the sink's own message. */
  reason?: string;
}

/** A sink that failed with no outbox to hold its items (the request then answers 502). */
export interface SinkFailure {
  sink: string;
  reason: string;
  error: unknown;
}

/** The result of {@link deliverOrEnqueue}: each item's outcome, and the sinks that failed unheld. */
export interface DeliveryReport {
  items: ItemOutcome[];
  failures: SinkFailure[];
}

/** Where to hold what a sink could not take, and until when to try. */
export interface DeliverOrEnqueueOptions {
  /** Epoch ms: the end of the sinks' budget (`BRIDGE_DELIVERY_TIMEOUT_MS`). */
  deadline: number;
  /** Epoch ms: the end of the outbox's own budget, after `deadline`. */
  enqueueDeadline: number;
  outbox?: Outbox;
  breaker: CircuitBreaker;
}

/** Why items skipped their sink. */
const CIRCUIT_OPEN = 'sink failed moments ago; held for redelivery';

/**
 * Tries every sink in parallel until the deadline, then puts every (item, sink) pair that was not
 * delivered into the outbox in one go. A sink whose circuit is open is not tried: its items go
 * straight to the outbox. Without an outbox, failed sinks are reported for a 502.
 * @throws OutboxRefusedError (503) when the outbox could not hold everything; nothing is acknowledged then.
 */
export async function deliverOrEnqueue(jobs: readonly DeliveryJob[], options: DeliverOrEnqueueOptions): Promise<DeliveryReport> {
  const { outbox, breaker } = options;
  const jobBreaker = outbox ? breaker : undefined;
  // One job (a single CloudEvents sink, the usual case) is awaited alone, without Promise.all's extra step.
  const [only] = jobs;
  const settled = jobs.length === 1 && only
    ? [await attemptJob(only, options.deadline, jobBreaker)]
    : await Promise.all(jobs.map((job) => attemptJob(job, options.deadline, jobBreaker)));
  const items: ItemOutcome[] = [];
  const failures: SinkFailure[] = [];
  const toEnqueue: OutboxEntry[] = [];
  for (const { job, undelivered, reason, error } of settled) {
    const sink = job.sink.name;
    const left = undelivered.length > 0 ? new Set(undelivered) : undefined;
    for (const item of job.items) {
      const id = job.idOf(item);
      if (!left?.has(item)) items.push({ id, sink, outcome: 'delivered' });
      else if (outbox) toEnqueue.push({ sink, id, item, reason: reason ?? CIRCUIT_OPEN });
      else items.push({ id, sink, outcome: 'failed', reason });
    }
    if (undelivered.length > 0 && !outbox) failures.push({ sink, reason: reason ?? 'not delivered', error });
  }
  if (outbox && toEnqueue.length > 0) {
    await outbox.enqueue(toEnqueue, options.enqueueDeadline);
    for (const entry of toEnqueue) items.push({ id: entry.id, sink: entry.sink, outcome: 'queued', reason: entry.reason });
  }
  return { items, failures };
}

/** One sink's attempt: what it left undelivered, and why. */
interface JobResult {
  job: DeliveryJob;
  undelivered: readonly unknown[];
  reason?: string;
  error?: unknown;
}

async function attemptJob(job: DeliveryJob, deadline: number, breaker: CircuitBreaker | undefined): Promise<JobResult> {
  if (job.items.length === 0) return { job, undelivered: [] };
  if (breaker?.isOpen(job.sink.name)) return { job, undelivered: job.items };
  try {
    await job.sink.deliver(job.items, deadline);
    breaker?.close(job.sink.name);
    return { job, undelivered: [] };
  } catch (error) {
    breaker?.trip(job.sink.name);
    const undelivered = error instanceof SinkError && error.undelivered ? error.undelivered : job.items;
    return { job, undelivered, reason: safeReason(error), error };
  }
}

/** A `SinkError` message is written to be shown; anything else is a bug whose text may not be. */
function safeReason(error: unknown): string {
  if (error instanceof SinkError) return error.message;
  return `unexpected ${error instanceof Error ? error.name : 'error'}`;
}
