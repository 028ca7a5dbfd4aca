import { DynamoDBPersistenceLayer } from '@aws-lambda-powertools/idempotency/dynamodb';
import { CreateTableCommand, ScanCommand } from '@aws-sdk/client-dynamodb';
import { ReceiveMessageCommand } from '@aws-sdk/client-sqs';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ARGO_STATE_PARTITION_KEY, ARGO_STATE_TTL_ATTRIBUTE, argoStateTableDefinition } from '../../lib/argocd/state/dynamodb-table.js';
import { buildCDEvent } from '../../lib/cdevents/build-cdevent.js';
import { deterministicId } from '../../lib/cdevents/deterministic-id.js';
import type { CDEvent } from '../../lib/cdevents/types.js';
import { decodeOutboxMessage } from '../../lib/outbox/outbox-message.js';
import { HttpSink } from '../../lib/sinks/http-sink.js';
import { startArgoDynalite } from '../helpers/argocd-dynalite.js';
import { startCloudEventsReceiver, type CloudEventsReceiver } from '../helpers/cloudevents-receiver.js';
import { startLocalOutbox, startRedrive, waitFor, type LocalOutbox, type RunningRedrive } from '../helpers/local-outbox.js';
import { sinkTableOf } from '../helpers/sink-table.js';

function sampleEvent(n: number): CDEvent {
  return buildCDEvent({
    kind: 'service.deployed', id: deterministicId('outbox-redrive-test', String(n)), source: '/flux/flux-system',
    timestamp: '2024-07-12T08:56:37.000Z', subjectId: `prod/cart-${n}`, content: { environment: { id: 'prod' }, artifactId: 'pkg:oci/cart@sha256:abc' },
  }, '0.5.1');
}

const queuedEntry = (event: CDEvent) => ({ sink: 'http', id: event.context.id, item: event, reason: 'rejected with status 503' });

describe('outbox and redrive on fauxqs with the real SQS client', () => {
  let receiver: CloudEventsReceiver;
  let local: LocalOutbox;
  let redrive: RunningRedrive | undefined;

  beforeEach(async () => {
    receiver = await startCloudEventsReceiver();
    local = await startLocalOutbox({ maxReceives: 3 });
  });
  afterEach(async () => {
    await redrive?.stop();
    redrive = undefined;
    await Promise.all([receiver.close(), local.close()]);
  });

  const sinks = () => sinkTableOf(new HttpSink({ url: receiver.url, baseDelayMs: 5, maxDelayMs: 20, attemptTimeoutMs: 1_000 }));

  it('keeps a queued event as sent: the message names the sink, the id and the reason', async () => {
    const event = sampleEvent(1);
    await local.outbox.enqueue([queuedEntry(event)], Date.now() + 2_000);
    const { Messages } = await local.sqs.send(new ReceiveMessageCommand({ QueueUrl: local.queue.queueUrl, MessageAttributeNames: ['All'], WaitTimeSeconds: 1 }));
    const message = decodeOutboxMessage(Messages![0]!.Body!);
    expect(message).toMatchObject({ v: 1, sink: 'http', id: event.context.id, item: event, lastError: 'rejected with status 503' });
    expect(Messages![0]!.MessageAttributes?.sink?.StringValue).toBe('http');
  });

  it('redelivers exactly once by id after a sink that answered 503 recovers', async () => {
    const events = [sampleEvent(1), sampleEvent(2), sampleEvent(3)];
    await local.outbox.enqueue(events.map(queuedEntry), Date.now() + 2_000);
    // Each message gets one 503 per redelivery attempt until the receiver has said 503 three times.
    receiver.respondWith(503, 503, 503);
    redrive = startRedrive(local, sinks(), { maxReceives: 5 });
    await waitFor(() => receiver.received.length >= 3);
    await waitFor(async () => (await local.depth()).queued === 0);
    const ids = receiver.received.map((r) => r.event.id).sort();
    expect(ids).toEqual(events.map((e) => e.context.id).sort());
    expect((await local.depth()).dead).toBe(0);
  });

  it('moves a message the sink never takes to the dead-letter queue after the configured receives', async () => {
    receiver.setDefaultResponse(503);
    await local.outbox.enqueue([queuedEntry(sampleEvent(9))], Date.now() + 2_000);
    redrive = startRedrive(local, sinks(), { maxReceives: 3 });
    await waitFor(async () => (await local.depth()).dead === 1, 20_000);
    expect((await local.depth()).queued).toBe(0);
    // Three receives, two POSTs each (one retry for a blip): the backoff is the visibility, not a loop.
    expect(receiver.requests).toHaveLength(6);
    expect(receiver.received).toHaveLength(0);
  });

  it('does not send twice when the process dies between the send and the delete', async () => {
    const event = sampleEvent(4);
    await local.outbox.enqueue([queuedEntry(event)], Date.now() + 2_000);
    let crashes = 1;
    redrive = startRedrive(local, sinks(), { maxReceives: 5, skipDelete: () => crashes-- > 0 });
    // The first receive delivers and "crashes" before deleting; the message comes back after its
    // visibility timeout (1 s), and the second receive finds the delivery in the ledger.
    await waitFor(async () => crashes < 0 && (await local.depth()).queued === 0, 20_000);
    expect(receiver.received.map((r) => r.event.id)).toEqual([event.context.id]);
  });

  it('keeps the delivered ledger in DynamoDB (dynalite) with the same guarantee', async () => {
    const dynamo = await startArgoDynalite();
    try {
      const table = argoStateTableDefinition('outbox-ledger-test');
      await dynamo.client.send(new CreateTableCommand(table.createTable));
      const ledger = new DynamoDBPersistenceLayer({
        tableName: 'outbox-ledger-test', keyAttr: ARGO_STATE_PARTITION_KEY, expiryAttr: ARGO_STATE_TTL_ATTRIBUTE, awsSdkV3Client: dynamo.client,
      });
      const event = sampleEvent(6);
      await local.outbox.enqueue([queuedEntry(event)], Date.now() + 2_000);
      let crashes = 1;
      redrive = startRedrive(local, sinks(), { maxReceives: 5, skipDelete: () => crashes-- > 0, ledger });
      await waitFor(async () => crashes < 0 && (await local.depth()).queued === 0, 20_000);
      expect(receiver.received.map((r) => r.event.id)).toEqual([event.context.id]);
      const { Items } = await dynamo.client.send(new ScanCommand({ TableName: 'outbox-ledger-test' }));
      expect(Items).toHaveLength(1);
      expect(Items![0]!.status?.S).toBe('COMPLETED');
      expect(Number(Items![0]!.expiresAt?.N)).toBeGreaterThan(Date.now() / 1000);
    } finally {
      await redrive?.stop();
      redrive = undefined;
      await dynamo.close();
    }
  });

  it('closes the circuit of a sink it delivered to again', async () => {
    const event = sampleEvent(5);
    await local.outbox.enqueue([queuedEntry(event)], Date.now() + 2_000);
    redrive = startRedrive(local, sinks());
    redrive.breaker.trip('http');
    await waitFor(() => receiver.received.length === 1);
    expect(redrive.breaker.isOpen('http')).toBe(false);
  });

  it('sends a message that is not the bridge’s own to the dead-letter queue', async () => {
    const { SendMessageCommand } = await import('@aws-sdk/client-sqs');
    await local.sqs.send(new SendMessageCommand({ QueueUrl: local.queue.queueUrl, MessageBody: '{"hello":"world"}' }));
    redrive = startRedrive(local, sinks(), { maxReceives: 2 });
    await waitFor(async () => (await local.depth()).dead === 1, 20_000);
    expect(receiver.requests).toHaveLength(0);
  });
});
