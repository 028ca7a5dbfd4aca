import { CreateQueueCommand, GetQueueAttributesCommand } from '@aws-sdk/client-sqs';
import { buildApp } from 'fauxqs';
import { createSqsClient } from '../outbox/create-sqs-client.js';

/** The outbox queue and its dead-letter queue, served by an SQS-compatible server in this process. */
export interface EmbeddedQueue {
  /** Origin of the server, e.g. `http://127.0.0.1:41234`. */
  endpoint: string;
  queueUrl: string;
  queueArn: string;
  deadLetterQueueUrl: string;
  /**
   * Calls `listener` as each request that may change what the queues hold reaches the server:
   * every SQS action but the reads `ReceiveMessage` and `GetQueueAttributes`.
   */
  onChange(listener: () => void): void;
  stop(): Promise<void>;
}

/** The actions that leave the queues as they are (SQS JSON protocol, `X-Amz-Target`); a receive moves messages in flight, which is its caller's to know. */
const READS = new Set(['AmazonSQS.ReceiveMessage', 'AmazonSQS.GetQueueAttributes']);

/** Options of {@link startEmbeddedQueue}. */
export interface EmbeddedQueueOptions {
  /** Receives before a message moves to the dead-letter queue (the queue's `maxReceiveCount`). */
  maxReceives: number;
  /** The queue's default visibility timeout, in seconds. @default 30 */
  visibilityTimeoutSeconds?: number;
  /** Queue name; the dead-letter queue is `<name>-dlq`. @default cdevents-bridge-outbox */
  name?: string;
}

/** SQS's longest retention, 14 days, as on AWS (serverless.yml). */
const RETENTION_SECONDS = String(14 * 86_400);

/**
 * Starts fauxqs on loopback with the same two queues `serverless.yml` declares: the outbox, with a
 * redrive policy to its dead-letter queue after `maxReceives` receives. fauxqs speaks the SQS JSON
 * protocol (visibility timeouts, receive counts, redrive to the DLQ), so the outbox and redrive code
 * run unchanged against it. It keeps messages in memory: they are gone when the process stops.
 * Its app is listened on 127.0.0.1 here, because `startFauxqs` listens on every interface.
 */
export async function startEmbeddedQueue(options: EmbeddedQueueOptions): Promise<EmbeddedQueue> {
  const app = buildApp({ logger: false });
  const listeners: (() => void)[] = [];
  app.addHook('onRequest', (request, _reply, done) => {
    if (!READS.has(String(request.headers['x-amz-target']))) for (const listener of listeners) listener();
    done();
  });
  const address = await app.listen({ port: 0, host: '127.0.0.1' });
  const endpoint = new URL(address).origin;
  const sqs = createSqsClient(`${endpoint}/000000000000/setup`);
  try {
    const name = options.name ?? 'cdevents-bridge-outbox';
    const dlq = await sqs.send(new CreateQueueCommand({ QueueName: `${name}-dlq`, Attributes: { MessageRetentionPeriod: RETENTION_SECONDS } }));
    const dlqArn = (await sqs.send(new GetQueueAttributesCommand({ QueueUrl: dlq.QueueUrl, AttributeNames: ['QueueArn'] }))).Attributes?.QueueArn;
    const queue = await sqs.send(new CreateQueueCommand({
      QueueName: name,
      Attributes: {
        MessageRetentionPeriod: RETENTION_SECONDS,
        VisibilityTimeout: String(options.visibilityTimeoutSeconds ?? 30),
        RedrivePolicy: JSON.stringify({ deadLetterTargetArn: dlqArn, maxReceiveCount: options.maxReceives }),
      },
    }));
    const queueArn = (await sqs.send(new GetQueueAttributesCommand({ QueueUrl: queue.QueueUrl, AttributeNames: ['QueueArn'] }))).Attributes?.QueueArn;
    return {
      endpoint, queueUrl: queue.QueueUrl ?? '', queueArn: queueArn ?? '', deadLetterQueueUrl: dlq.QueueUrl ?? '',
      onChange: (listener) => { listeners.push(listener); },
      stop: async () => { await app.close(); },
    };
  } finally {
    sqs.destroy();
  }
}
