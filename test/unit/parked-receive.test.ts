import { ReceiveMessageCommand, SendMessageCommand, type SQSClient } from '@aws-sdk/client-sqs';
import { afterEach, describe, expect, it } from 'vitest';
import { startEmbeddedQueue, type EmbeddedQueue } from '../../lib/local/embedded-queue.js';
import { parkWhileEmpty } from '../../lib/local/parked-receive.js';
import { createSqsClient } from '../../lib/outbox/create-sqs-client.js';

let queue: EmbeddedQueue | undefined;
let sqs: SQSClient | undefined;
afterEach(async () => {
  sqs?.destroy();
  await queue?.stop();
});

/** The embedded queue (visibility 1 s), a client on it, and a count of the requests that reached it. */
async function setUp() {
  queue = await startEmbeddedQueue({ maxReceives: 5, visibilityTimeoutSeconds: 1 });
  sqs = createSqsClient(queue.queueUrl);
  let changes = 0;
  queue.onChange(() => { changes += 1; });
  return { queue, sqs, changes: () => changes };
}

const receive = (client: SQSClient, queueUrl: string, waitSeconds = 1) =>
  client.send(new ReceiveMessageCommand({ QueueUrl: queueUrl, WaitTimeSeconds: waitSeconds, MaxNumberOfMessages: 10 }));

describe('parked receives of the local outbox', () => {
  it('waits out an empty queue in the process, then answers empty like a long poll', async () => {
    const { queue, sqs } = await setUp();
    const parked = parkWhileEmpty(sqs, queue.queueUrl, queue);
    const started = Date.now();
    const received = await receive(parked, queue.queueUrl, 1);
    expect(received.Messages ?? []).toEqual([]);
    expect(Date.now() - started).toBeGreaterThanOrEqual(950);
  });

  it('ends the wait as soon as a message is sent, and receives it', async () => {
    const { queue, sqs } = await setUp();
    const parked = parkWhileEmpty(sqs, queue.queueUrl, queue);
    const started = Date.now();
    const pending = receive(parked, queue.queueUrl, 5);
    await new Promise((resolve) => setTimeout(resolve, 100));
    await sqs.send(new SendMessageCommand({ QueueUrl: queue.queueUrl, MessageBody: 'held event' }));
    const received = await pending;
    expect(received.Messages?.map((m) => m.Body)).toEqual(['held event']);
    expect(Date.now() - started).toBeLessThan(3_000);
  });

  it('keeps polling the queue while a message is in flight, and gets it back when it is visible again', async () => {
    const { queue, sqs } = await setUp();
    const parked = parkWhileEmpty(sqs, queue.queueUrl, queue);
    await sqs.send(new SendMessageCommand({ QueueUrl: queue.queueUrl, MessageBody: 'not deleted' }));
    expect((await receive(parked, queue.queueUrl)).Messages?.length).toBe(1);
    // Not deleted: it comes back after the 1 s visibility timeout, and the parked client must see it.
    const again = [...((await receive(parked, queue.queueUrl)).Messages ?? []), ...((await receive(parked, queue.queueUrl, 2)).Messages ?? [])];
    expect(again.map((m) => m.Body)).toContain('not deleted');
  });

  it('tells reads apart from changes', async () => {
    const { queue, sqs, changes } = await setUp();
    await receive(sqs, queue.queueUrl, 0);
    expect(changes()).toBe(0);
    await sqs.send(new SendMessageCommand({ QueueUrl: queue.queueUrl, MessageBody: 'x' }));
    expect(changes()).toBe(1);
  });
});
