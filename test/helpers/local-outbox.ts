import { GetQueueAttributesCommand, type SQSClient } from '@aws-sdk/client-sqs';
import type { BasePersistenceLayer } from '@aws-lambda-powertools/idempotency/persistence';
import { CachePersistenceLayer } from '@aws-lambda-powertools/idempotency/cache';
import { CircuitBreaker } from '../../lib/delivery/circuit-breaker.js';
import { startEmbeddedQueue, type EmbeddedQueue } from '../../lib/local/embedded-queue.js';
import { createLogger } from '../../lib/observability/logger.js';
import { createMetrics } from '../../lib/observability/metrics.js';
import { createSqsClient } from '../../lib/outbox/create-sqs-client.js';
import { MemoryCacheClient } from '../../lib/outbox/memory-cache-client.js';
import { startQueuePoller, type QueuePoller } from '../../lib/outbox/queue-poller.js';
import { createRedriveHandler } from '../../lib/outbox/redrive-handler.js';
import { SqsOutbox } from '../../lib/outbox/sqs-outbox.js';
import type { SinkTable } from '../../lib/sinks/sink-table.js';

/** fauxqs in this process with the outbox queue and its DLQ, and a real SQS client on it. */
export interface LocalOutbox {
  queue: EmbeddedQueue;
  sqs: SQSClient;
  outbox: SqsOutbox;
  /** Messages in the outbox queue (visible, in flight and delayed) and in the DLQ. */
  depth(): Promise<{ queued: number; dead: number }>;
  close(): Promise<void>;
}

async function count(sqs: SQSClient, queueUrl: string): Promise<number> {
  const { Attributes } = await sqs.send(new GetQueueAttributesCommand({
    QueueUrl: queueUrl,
    AttributeNames: ['ApproximateNumberOfMessages', 'ApproximateNumberOfMessagesNotVisible', 'ApproximateNumberOfMessagesDelayed'],
  }));
  return ['ApproximateNumberOfMessages', 'ApproximateNumberOfMessagesNotVisible', 'ApproximateNumberOfMessagesDelayed']
    .reduce((sum, name) => sum + Number(Attributes?.[name as keyof typeof Attributes] ?? 0), 0);
}

/** Starts the embedded queue (visibility 1 s by default, so redeliveries come back fast). */
export async function startLocalOutbox(options: { maxReceives?: number; visibilityTimeoutSeconds?: number } = {}): Promise<LocalOutbox> {
  const queue = await startEmbeddedQueue({ maxReceives: options.maxReceives ?? 3, visibilityTimeoutSeconds: options.visibilityTimeoutSeconds ?? 1 });
  const sqs = createSqsClient(queue.queueUrl);
  return {
    queue,
    sqs,
    outbox: new SqsOutbox({ client: sqs, queueUrl: queue.queueUrl }),
    depth: async () => ({ queued: await count(sqs, queue.queueUrl), dead: await count(sqs, queue.deadLetterQueueUrl) }),
    close: async () => {
      sqs.destroy();
      await queue.stop();
    },
  };
}

/** The real redrive handler, fed by the event-source-mapping emulator. */
export interface RunningRedrive {
  poller: QueuePoller;
  breaker: CircuitBreaker;
  ledger: BasePersistenceLayer;
  stop(): Promise<void>;
}

/** Starts the redrive consumer on a local outbox with a short backoff cap (1 s by default). */
export function startRedrive(local: LocalOutbox, sinks: SinkTable, options: {
  maxBackoffSeconds?: number; maxReceives?: number; skipDelete?: () => boolean; ledger?: BasePersistenceLayer; breaker?: CircuitBreaker;
} = {}): RunningRedrive {
  const breaker = options.breaker ?? new CircuitBreaker(0);
  const ledger = options.ledger ?? new CachePersistenceLayer({ client: new MemoryCacheClient() });
  const handler = createRedriveHandler({
    sinks, sqs: local.sqs, queueUrl: local.queue.queueUrl, persistenceStore: ledger,
    maxBackoffSeconds: options.maxBackoffSeconds ?? 1, maxReceives: options.maxReceives ?? 3,
    logger: createLogger('redrive'), metrics: createMetrics('redrive'), breaker,
  });
  const poller = startQueuePoller({
    sqs: local.sqs, queueUrl: local.queue.queueUrl, queueArn: local.queue.queueArn, region: 'us-east-1',
    handler: handler as never, waitSeconds: 1, timeoutMs: 15_000, skipDelete: options.skipDelete,
  });
  return { poller, breaker, ledger, stop: () => poller.stop() };
}

/** Polls `condition` every 50 ms until it holds or `timeoutMs` passes (bounded). */
export async function waitFor(condition: () => boolean | Promise<boolean>, timeoutMs = 15_000): Promise<void> {
  const end = Date.now() + timeoutMs;
  while (Date.now() < end) {
    if (await condition()) return;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  throw new Error(`condition not met within ${timeoutMs} ms`);
}
