import { DeleteMessageBatchCommand, ReceiveMessageCommand, type Message, type SQSClient } from '@aws-sdk/client-sqs';
import type { Context, SQSBatchResponse, SQSEvent, SQSRecord } from 'aws-lambda';

/** A handler of SQS batches, as Lambda's event source mapping calls it. */
export type SqsBatchHandler = (event: SQSEvent, context: Context) => Promise<SQSBatchResponse>;

/** Options of {@link startQueuePoller}. */
export interface QueuePollerOptions {
  sqs: SQSClient;
  queueUrl: string;
  queueArn: string;
  region: string;
  handler: SqsBatchHandler;
  /** Messages per batch (Lambda's `batchSize`). @default 10 */
  batchSize?: number;
  /** Long-poll wait of one receive, in seconds. @default 1 */
  waitSeconds?: number;
  /** Time budget of one invocation, like the function's timeout. @default 30000 */
  timeoutMs?: number;
  /** Tests only: skip deleting handled messages, as if the process died between send and delete. */
  skipDelete?: () => boolean;
  /** Told of a receive or delete that failed; the loop goes on. */
  onError?: (error: unknown) => void;
}

/** A running poller. */
export interface QueuePoller {
  /** Receives and handles one batch; @returns how many messages it handled. */
  pollOnce(): Promise<number>;
  /** Stops the loop after the batch in hand; resolves when it has. */
  stop(): Promise<void>;
}

/** The record Lambda builds from a received message (https://docs.aws.amazon.com/lambda/latest/dg/with-sqs.html). */
function toRecord(message: Message, options: QueuePollerOptions): SQSRecord {
  const attributes = message.Attributes ?? {};
  return {
    messageId: message.MessageId ?? '',
    receiptHandle: message.ReceiptHandle ?? '',
    body: message.Body ?? '',
    attributes: {
      ApproximateReceiveCount: attributes.ApproximateReceiveCount ?? '1',
      SentTimestamp: attributes.SentTimestamp ?? String(Date.now()),
      SenderId: attributes.SenderId ?? 'local',
      ApproximateFirstReceiveTimestamp: attributes.ApproximateFirstReceiveTimestamp ?? String(Date.now()),
    },
    messageAttributes: Object.fromEntries(Object.entries(message.MessageAttributes ?? {}).map(([name, value]) => [
      name, { stringValue: value.StringValue, dataType: value.DataType ?? 'String', stringListValues: [], binaryListValues: [] },
    ])),
    md5OfBody: message.MD5OfBody ?? '',
    eventSource: 'aws:sqs',
    eventSourceARN: options.queueArn,
    awsRegion: options.region,
  };
}

function invocationContext(timeoutMs: number): Context {
  const started = Date.now();
  return {
    callbackWaitsForEmptyEventLoop: false, functionName: 'redrive', functionVersion: '$LATEST',
    invokedFunctionArn: 'arn:aws:lambda:local:000000000000:function:redrive', memoryLimitInMB: '256',
    awsRequestId: crypto.randomUUID(), logGroupName: 'local', logStreamName: 'local',
    getRemainingTimeInMillis: () => Math.max(0, timeoutMs - (Date.now() - started)),
    done: () => undefined, fail: () => undefined, succeed: () => undefined,
  };
}

/**
 * What Lambda's SQS event source mapping does, on one machine: receive a batch, call the handler
 * with the SQS event, delete the messages it did not report in `batchItemFailures`. Failed messages
 * stay on the queue and come back when their visibility timeout ends, as in AWS.
 */
export function startQueuePoller(options: QueuePollerOptions): QueuePoller {
  let running = true;
  const pollOnce = async (): Promise<number> => {
    const received = await options.sqs.send(new ReceiveMessageCommand({
      QueueUrl: options.queueUrl, MaxNumberOfMessages: options.batchSize ?? 10, WaitTimeSeconds: options.waitSeconds ?? 1,
      MessageSystemAttributeNames: ['All'], MessageAttributeNames: ['All'],
    }));
    const messages = received.Messages ?? [];
    if (messages.length === 0) return 0;
    const records = messages.map((message) => toRecord(message, options));
    const response = await options.handler({ Records: records }, invocationContext(options.timeoutMs ?? 30_000));
    const failed = new Set(response.batchItemFailures.map((f) => f.itemIdentifier));
    const done = records.filter((r) => !failed.has(r.messageId));
    if (done.length > 0 && !options.skipDelete?.()) {
      await options.sqs.send(new DeleteMessageBatchCommand({
        QueueUrl: options.queueUrl, Entries: done.map((r, i) => ({ Id: String(i), ReceiptHandle: r.receiptHandle })),
      }));
    }
    return messages.length;
  };
  const loop = (async () => {
    while (running) {
      try {
        await pollOnce();
      } catch (error) {
        options.onError?.(error);
        await new Promise((resolve) => setTimeout(resolve, 500));
      }
    }
  })();
  return {
    pollOnce,
    stop: async () => {
      running = false;
      await loop;
    },
  };
}
