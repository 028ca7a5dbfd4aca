import { captureError } from '../helpers/capture-error.js';
import { EventBridgeClient } from '@aws-sdk/client-eventbridge';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { buildCDEvent } from '../../lib/cdevents/build-cdevent.js';
import { deterministicId } from '../../lib/cdevents/deterministic-id.js';
import type { CDEvent } from '../../lib/cdevents/types.js';
import { CircuitBreaker } from '../../lib/delivery/circuit-breaker.js';
import { deliverOrEnqueue, type DeliveryJob } from '../../lib/delivery/deliver-or-enqueue.js';
import { OutboxRefusedError } from '../../lib/outbox/outbox.js';
import { SqsOutbox } from '../../lib/outbox/sqs-outbox.js';
import { EventBridgeSink } from '../../lib/sinks/eventbridge-sink.js';
import { HttpSink } from '../../lib/sinks/http-sink.js';
import type { Sink } from '../../lib/sinks/sink.js';
import { startCloudEventsReceiver, type CloudEventsReceiver } from '../helpers/cloudevents-receiver.js';
import { startFakeAws, type FakeAws } from '../helpers/fake-aws.js';
import { startLocalOutbox, type LocalOutbox } from '../helpers/local-outbox.js';

function sampleEvent(n: number): CDEvent {
  return buildCDEvent({
    kind: 'environment.modified', id: deterministicId('deliver-to-all-test', String(n)), source: '/flux/flux-system',
    timestamp: '2024-07-12T08:56:37.000Z', subjectId: `prod/apps-${n}`, content: { name: `apps-${n}` },
  }, '0.5.1');
}


const idOf = (item: unknown) => (item as CDEvent).context.id;
const job = (sink: Sink, items: readonly CDEvent[]): DeliveryJob => ({ sink: sink as Sink<unknown>, items, idOf });

describe('deliverOrEnqueue', () => {
  let receiver: CloudEventsReceiver;
  let aws: FakeAws;
  let client: EventBridgeClient;
  const events = [sampleEvent(1), sampleEvent(2)];
  const soon = () => ({ deadline: Date.now() + 3_000, enqueueDeadline: Date.now() + 4_000 });

  beforeEach(async () => {
    receiver = await startCloudEventsReceiver();
    aws = await startFakeAws();
    client = new EventBridgeClient({
      endpoint: aws.endpoint, region: 'eu-west-1', maxAttempts: 1, credentials: { accessKeyId: 'test', secretAccessKey: 'test' },
    });
  });
  afterEach(async () => {
    client.destroy();
    await Promise.all([receiver.close(), aws.close()]);
  });

  const httpSink = () => new HttpSink({ url: receiver.url, baseDelayMs: 5, maxDelayMs: 20 });
  const eventBridgeSink = () => new EventBridgeSink({ client, eventBusName: 'bus', source: 'dev.cdevents.bridge.flux', baseDelayMs: 5, maxDelayMs: 20 });

  describe('without an outbox', () => {
    const breaker = new CircuitBreaker(60_000);

    it('gives every event to every sink and reports each as delivered', async () => {
      const report = await deliverOrEnqueue([job(httpSink(), events), job(eventBridgeSink(), events)], { ...soon(), breaker });
      expect(report.failures).toEqual([]);
      expect(report.items.map((i) => [i.sink, i.outcome])).toEqual([['http', 'delivered'], ['http', 'delivered'], ['eventbridge', 'delivered'], ['eventbridge', 'delivered']]);
      expect(receiver.received.map((r) => r.event.id)).toEqual(events.map((e) => e.context.id));
      expect(aws.acceptedEntries).toHaveLength(2);
    });

    it('names the failing sink and its reason while the good sink still delivers', async () => {
      aws.failCalls(1, { type: 'AccessDeniedException', message: 'not authorized to put events' });
      const report = await deliverOrEnqueue([job(httpSink(), events), job(eventBridgeSink(), events)], { ...soon(), breaker });
      expect(report.failures.map((f) => [f.sink, f.reason])).toEqual([['eventbridge', 'putevents failed: AccessDeniedException']]);
      expect(receiver.received).toHaveLength(2);
    });

    it('runs the sinks in parallel', async () => {
      const other = await startCloudEventsReceiver();
      try {
        receiver.setDefaultResponse({ status: 202, delayMs: 500 });
        other.setDefaultResponse({ status: 202, delayMs: 500 });
        const started = Date.now();
        await deliverOrEnqueue([job(new HttpSink({ url: receiver.url }), [events[0]!]), job(new HttpSink({ url: other.url }), [events[0]!])], { ...soon(), breaker });
        expect(Date.now() - started).toBeLessThan(900);
      } finally {
        await other.close();
      }
    });

    it('hides the message of an unexpected error but keeps the error for logs', async () => {
      const broken: Sink = { name: 'broken', deliver: async () => { throw new TypeError('secret internals at 0xdead'); } };
      const report = await deliverOrEnqueue([job(broken, events), job(httpSink(), events)], { ...soon(), breaker });
      expect(report.failures).toHaveLength(1);
      expect(report.failures[0]).toMatchObject({ sink: 'broken', reason: 'unexpected TypeError' });
      expect(report.failures[0]!.error).toBeInstanceOf(TypeError);
    });

    it('succeeds with no sinks', async () => {
      await expect(deliverOrEnqueue([], { ...soon(), breaker })).resolves.toEqual({ items: [], failures: [] });
    });
  });

  describe('with an outbox on fauxqs', () => {
    let local: LocalOutbox;
    beforeEach(async () => {
      local = await startLocalOutbox();
    });
    afterEach(async () => {
      await local.close();
    });

    it('holds only the events the sink did not take, and answers which', async () => {
      receiver.respondWith(202, 400);
      const breaker = new CircuitBreaker(60_000);
      const report = await deliverOrEnqueue([job(httpSink(), events)], { ...soon(), breaker, outbox: local.outbox });
      expect(report.failures).toEqual([]);
      expect(report.items.map((i) => [i.id, i.outcome])).toEqual([[events[0]!.context.id, 'delivered'], [events[1]!.context.id, 'queued']]);
      expect((await local.depth()).queued).toBe(1);
      expect(breaker.isOpen('http')).toBe(true);
    });

    it('sends new events for a sink whose circuit is open straight to the outbox, without trying it', async () => {
      const breaker = new CircuitBreaker(60_000);
      breaker.trip('http');
      const report = await deliverOrEnqueue([job(httpSink(), events)], { ...soon(), breaker, outbox: local.outbox });
      expect(report.items.every((i) => i.outcome === 'queued')).toBe(true);
      expect(receiver.requests).toHaveLength(0);
      expect((await local.depth()).queued).toBe(2);
    });

    it('throws a 503 with Retry-After when the outbox refuses, so the sender retries', async () => {
      receiver.setDefaultResponse(503);
      const missing = new SqsOutbox({ client: local.sqs, queueUrl: local.queue.queueUrl.replace(/[^/]+$/, 'no-such-queue') });
      const error = await captureError(OutboxRefusedError, deliverOrEnqueue([job(httpSink(), events)], {
        deadline: Date.now() + 200, enqueueDeadline: Date.now() + 1_000, breaker: new CircuitBreaker(0), outbox: missing,
      }));
      expect(error.statusCode).toBe(503);
      expect(error.headers['retry-after']).toBe('5');
      expect(error.message).toMatch(/^the outbox could not hold 2 of 2 entries: .*QueueDoesNotExist.*; retry later$/);
    });
  });
});
