import { GetQueueAttributesCommand, ReceiveMessageCommand, type ReceiveMessageCommandOutput, type SQSClient } from '@aws-sdk/client-sqs';
import type { EmbeddedQueue } from './embedded-queue.js';

/** The counts that are all zero when a queue holds nothing: visible, in flight, delayed. */
const COUNTS = ['ApproximateNumberOfMessages', 'ApproximateNumberOfMessagesNotVisible', 'ApproximateNumberOfMessagesDelayed'] as const;

async function holdsNothing(sqs: SQSClient, queueUrl: string): Promise<boolean> {
  const { Attributes } = await sqs.send(new GetQueueAttributesCommand({ QueueUrl: queueUrl, AttributeNames: [...COUNTS] }));
  return COUNTS.every((name) => Number(Attributes?.[name] ?? 0) === 0);
}

/**
 * `sqs` for the local redrive poller, whose receives on `queue` wait in this process while the
 * queue is known to hold nothing, instead of long-polling the embedded server. A long poll every
 * second cost the idle bridge ~24 ms of CPU a second (SDK request, signing, fauxqs and its 20 ms
 * timer), in bursts that delayed the requests being served. A parked receive ends as a long poll
 * would: at once when a request that may add messages reaches the queue (`onChange`), else after
 * its `WaitTimeSeconds`, empty. The queue counts as empty once a receive got nothing and the
 * queue's counts (visible, in flight, delayed) were all zero with no change since.
 */
export function parkWhileEmpty(sqs: SQSClient, queueUrl: string, queue: Pick<EmbeddedQueue, 'onChange'>): SQSClient {
  let empty = false;
  let changes = 0;
  let wake: (() => void) | undefined;
  queue.onChange(() => {
    changes += 1;
    empty = false;
    wake?.();
  });
  const park = (seconds: number) => new Promise<void>((resolve) => {
    const done = () => {
      clearTimeout(timer);
      wake = undefined;
      resolve();
    };
    const timer = setTimeout(done, seconds * 1000);
    wake = done;
  });
  const receive = async (command: ReceiveMessageCommand): Promise<ReceiveMessageCommandOutput> => {
    if (empty) await park(command.input.WaitTimeSeconds ?? 0);
    if (empty) return { $metadata: {} };
    const seen = changes;
    const received = await sqs.send(command);
    if (!received.Messages?.length && (await holdsNothing(sqs, queueUrl)) && changes === seen) empty = true;
    return received;
  };
  const send = (command: unknown, ...rest: unknown[]) => (command instanceof ReceiveMessageCommand
    ? receive(command)
    : (sqs.send as (...args: unknown[]) => Promise<unknown>)(command, ...rest));
  // The poller only calls `send`; everything else is the client's own.
  return Object.create(sqs, { send: { value: send } }) as SQSClient;
}
