import type { SQSClient, SendMessageBatchRequestEntry, SendMessageBatchResult } from '@aws-sdk/client-sqs';
import type { SdkSender } from '../aws/lazy-client.js';
import { sqsPackage } from '../aws/sdk-packages.js';
import { batchEntries } from '../sinks/batch-entries.js';
import { retryUntilDeadline, type AttemptResult } from '../sinks/retry-loop.js';
import { remainingMs } from '../sinks/retry-policy.js';
import { OUTBOX_MESSAGE_VERSION, type OutboxMessage } from './outbox-message.js';
import { OutboxRefusedError, type Outbox, type OutboxEntry } from './outbox.js';

/**
 * SQS takes at most 10 messages per `SendMessageBatch`, and at most 1 MiB per message and per call.
 * @see https://docs.aws.amazon.com/AWSSimpleQueueService/latest/APIReference/API_SendMessageBatch.html
 */
const MAX_MESSAGES_PER_CALL = 10;
export const MAX_SQS_MESSAGE_BYTES = 1_048_576;

/** One message on its way, with its entry id within the batch. */
interface PendingMessage {
  entry: SendMessageBatchRequestEntry;
  bytes: number;
}

/** Options of {@link SqsOutbox}. */
export interface SqsOutboxOptions {
  client: SdkSender<SQSClient>;
  queueUrl: string;
  /** Clock for `firstFailedAt`; injectable in tests. */
  now?: () => Date;
}

/**
 * The outbox on an SQS queue: `SendMessageBatch` in calls of up to 10, resending the entries SQS
 * reports as failed with the sinks' retry loop until the deadline. Messages are encrypted at rest by
 * the queue (SSE-SQS); they hold CDEvents and commit-status writes, never a token.
 */
export class SqsOutbox implements Outbox {
  readonly #options: SqsOutboxOptions;

  constructor(options: SqsOutboxOptions) {
    this.#options = options;
  }

  /** @throws OutboxRefusedError naming how many entries could not be held, and why. */
  async enqueue(entries: readonly OutboxEntry[], deadline: number): Promise<void> {
    const now = (this.#options.now ?? (() => new Date()))().toISOString();
    const pending = entries.map((entry, index) => toPendingMessage(entry, index, now));
    const tooBig = pending.find((p) => p.bytes > MAX_SQS_MESSAGE_BYTES);
    if (tooBig) throw new OutboxRefusedError(`an event is ${tooBig.bytes} bytes, over the outbox message limit of ${MAX_SQS_MESSAGE_BYTES}`);
    for (const batch of batchEntries(pending, MAX_MESSAGES_PER_CALL, MAX_SQS_MESSAGE_BYTES)) {
      const result = await retryUntilDeadline<readonly PendingMessage[]>(batch, (left) => this.#send(left, deadline), { deadline });
      if (!result.done) throw new OutboxRefusedError(`the outbox could not hold ${result.pending.length} of ${entries.length} entries: ${result.reason}`);
    }
  }

  async #send(pending: readonly PendingMessage[], deadline: number): Promise<AttemptResult<readonly PendingMessage[]>> {
    const { SendMessageBatchCommand } = await sqsPackage();
    const signal = AbortSignal.timeout(Math.max(1, remainingMs(deadline)));
    let response: SendMessageBatchResult;
    try {
      const command = new SendMessageBatchCommand({ QueueUrl: this.#options.queueUrl, Entries: pending.map((p) => p.entry) });
      response = await this.#options.client.send(command, { abortSignal: signal });
    } catch (error) {
      // The SDK already retried transient errors; its message can name the account, so only the code.
      const reason = signal.aborted ? 'sendmessagebatch cut short by the deadline' : `sendmessagebatch failed: ${error instanceof Error ? error.name : 'error'}`;
      return { done: false, pending, reason, cutShort: signal.aborted };
    }
    const failedIds = new Set((response.Failed ?? []).map((f) => f.Id));
    if (failedIds.size === 0) return { done: true };
    const codes = [...new Set((response.Failed ?? []).map((f) => f.Code ?? 'unknown'))].join(', ');
    return { done: false, pending: pending.filter((p) => failedIds.has(p.entry.Id)), reason: `entries failed with ${codes}` };
  }
}

function toPendingMessage(entry: OutboxEntry, index: number, firstFailedAt: string): PendingMessage {
  const message: OutboxMessage = {
    v: OUTBOX_MESSAGE_VERSION, sink: entry.sink, id: entry.id, item: entry.item, firstFailedAt, lastError: entry.reason,
  };
  const body = JSON.stringify(message);
  const sinkAttribute = { DataType: 'String', StringValue: entry.sink };
  // The `sink` attribute lets an operator filter the queue or the DLQ by sink without reading bodies.
  const bytes = Buffer.byteLength(body, 'utf8') + 'sink'.length + 'String'.length + Buffer.byteLength(entry.sink, 'utf8');
  return { entry: { Id: String(index), MessageBody: body, MessageAttributes: { sink: sinkAttribute } }, bytes };
}
