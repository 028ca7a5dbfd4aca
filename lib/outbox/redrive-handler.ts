import { BatchProcessor, EventType, processPartialResponse } from '@aws-lambda-powertools/batch';
import { IdempotencyConfig, makeIdempotent } from '@aws-lambda-powertools/idempotency';
import type { BasePersistenceLayer } from '@aws-lambda-powertools/idempotency/persistence';
import type { Logger } from '@aws-lambda-powertools/logger';
import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import type { Metrics } from '@aws-lambda-powertools/metrics';
import { logMetrics } from '@aws-lambda-powertools/metrics/middleware';
import { ChangeMessageVisibilityCommand, type SQSClient } from '@aws-sdk/client-sqs';
import middy from '@middy/core';
import type { Context, SQSBatchResponse, SQSEvent, SQSRecord } from 'aws-lambda';
import type { CircuitBreaker } from '../delivery/circuit-breaker.js';
import type { DeliveryRecorder } from '../deliveries/delivery-record.js';
import { countWithDimension } from '../observability/metrics.js';
import type { SinkTable } from '../sinks/sink-table.js';
import { SinkError } from '../sinks/sink.js';
import { decodeOutboxMessage, type OutboxMessage } from './outbox-message.js';
import { redeliveryWaitSeconds } from './redelivery-backoff.js';
import { recordRedelivery } from './record-redelivery.js';

/** What the redrive consumer needs; built once per container. */
export interface RedriveDependencies {
  sinks: SinkTable;
  sqs: SQSClient;
  queueUrl: string;
  /** Remembers which (item id, sink) pairs were delivered, so a message whose delete failed is not sent twice. */
  persistenceStore: BasePersistenceLayer;
  maxBackoffSeconds: number;
  /** The queue's `maxReceiveCount`: the receive after which SQS moves a message to the DLQ. */
  maxReceives: number;
  logger: Logger;
  metrics: Metrics;
  breaker?: CircuitBreaker;
  recorder?: DeliveryRecorder;
  random?: () => number;
}

/** Attempts per receive: one, and one more for a blip; the real backoff is the message's visibility. */
const ATTEMPTS_PER_RECEIVE = 2;
/** Longest time one redelivery may take, whatever the Lambda has left. */
const MAX_REDELIVERY_MS = 10_000;
/** Kept back from the Lambda deadline to report the batch in time. */
const RESPONSE_RESERVE_MS = 2_000;
/** How long a delivered (item, sink) pair is remembered: far longer than any visibility timeout. */
const DELIVERED_MEMORY_SECONDS = 86_400;

/**
 * The outbox consumer (an SQS event source, `ReportBatchItemFailures`): each message is delivered
 * to its sink once, through Powertools idempotency keyed by item id and sink. A failure makes the
 * message invisible for a capped, jittered backoff and reports it failed; past `maxReceives` SQS
 * moves it to the dead-letter queue and the `dead` metric counts it.
 */
export function createRedriveHandler(deps: RedriveDependencies) {
  const { logger, metrics } = deps;
  const config = new IdempotencyConfig({ expiresAfterSeconds: DELIVERED_MEMORY_SECONDS });
  let deadline = 0;
  const deliverOnce = makeIdempotent(async (key: { sink: string; id: string }, item: unknown) => {
    const entry = deps.sinks.get(key.sink);
    if (!entry) throw new SinkError(key.sink, `no sink named ${key.sink} in this configuration`);
    await entry.sink.deliver([item], deadline, { maxAttempts: ATTEMPTS_PER_RECEIVE });
    return { deliveredAt: new Date().toISOString() };
  }, { persistenceStore: deps.persistenceStore, config });

  const redeliver = async (record: SQSRecord): Promise<void> => {
    const receives = Number(record.attributes.ApproximateReceiveCount) || 1;
    let message: OutboxMessage | undefined;
    try {
      message = decodeOutboxMessage(record.body);
      await deliverOnce({ sink: message.sink, id: message.id }, message.item);
    } catch (error) {
      await holdBack(deps, record, receives, message, error);
      throw error;
    }
    countWithDimension(metrics, 'redelivered', 'sink', message.sink);
    deps.breaker?.close(message.sink);
    recordRedelivery(deps.recorder, record, message, { outcome: 'delivered', attempt: receives + 1 });
  };

  const handler = async (event: SQSEvent, context: Context): Promise<SQSBatchResponse> => {
    config.registerLambdaContext(context);
    const left = typeof context.getRemainingTimeInMillis === 'function' ? context.getRemainingTimeInMillis() - RESPONSE_RESERVE_MS : MAX_REDELIVERY_MS;
    deadline = Date.now() + Math.max(1, Math.min(MAX_REDELIVERY_MS, left));
    return processPartialResponse(event, redeliver, new BatchProcessor(EventType.SQS), { context, throwOnFullBatchFailure: false });
  };
  return middy<SQSEvent, SQSBatchResponse>(handler).use(injectLambdaContext(logger, { resetKeys: true })).use(logMetrics(metrics));
}

/** After a failure: count and log a message leaving for the DLQ, else push its next receive back. */
async function holdBack(deps: RedriveDependencies, record: SQSRecord, receives: number, message: OutboxMessage | undefined, error: unknown): Promise<void> {
  const sink = message?.sink ?? 'unknown';
  const reason = error instanceof SinkError ? error.message : error instanceof Error ? error.message : 'unexpected error';
  if (receives >= deps.maxReceives) {
    countWithDimension(deps.metrics, 'dead', 'sink', sink);
    deps.logger.error('redelivery gave up: the message moves to the dead-letter queue', { sink, id: message?.id, messageId: record.messageId, receives, reason });
    recordRedelivery(deps.recorder, record, message, { outcome: 'dead-lettered', attempt: receives + 1, reason });
    return;
  }
  const waitSeconds = redeliveryWaitSeconds(receives, deps.maxBackoffSeconds, deps.random);
  deps.logger.warn('redelivery failed; retrying later', { sink, id: message?.id, messageId: record.messageId, receives, waitSeconds, reason });
  recordRedelivery(deps.recorder, record, message, { outcome: 'queued', attempt: receives + 1, reason });
  try {
    await deps.sqs.send(new ChangeMessageVisibilityCommand({ QueueUrl: deps.queueUrl, ReceiptHandle: record.receiptHandle, VisibilityTimeout: waitSeconds }));
  } catch (visibilityError) {
    // The message still comes back, after the queue's own visibility timeout instead.
    deps.logger.warn('could not set the redelivery wait', { messageId: record.messageId, error: visibilityError instanceof Error ? visibilityError.name : 'error' });
  }
}
