import { captureError } from '../helpers/capture-error.js';
import { EventBridgeClient } from '@aws-sdk/client-eventbridge';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { buildCDEvent } from '../../lib/cdevents/build-cdevent.js';
import { deterministicId } from '../../lib/cdevents/deterministic-id.js';
import type { CDEvent } from '../../lib/cdevents/types.js';
import { DeliveryFailedError } from '../../lib/http/http-error.js';
import { deliverToAll, settleDeliveries } from '../../lib/sinks/deliver-to-all.js';
import { EventBridgeSink } from '../../lib/sinks/eventbridge-sink.js';
import { HttpSink } from '../../lib/sinks/http-sink.js';
import type { Sink } from '../../lib/sinks/sink.js';
import { startCloudEventsReceiver, type CloudEventsReceiver } from '../helpers/cloudevents-receiver.js';
import { startFakeAws, type FakeAws } from '../helpers/fake-aws.js';

function sampleEvent(n: number): CDEvent {
  return buildCDEvent({
    kind: 'environment.modified', id: deterministicId('deliver-to-all-test', String(n)), source: '/flux/flux-system',
    timestamp: '2024-07-12T08:56:37.000Z', subjectId: `prod/apps-${n}`, content: { name: `apps-${n}` },
  }, '0.5.1');
}


describe('deliverToAll', () => {
  let receiver: CloudEventsReceiver;
  let aws: FakeAws;
  let client: EventBridgeClient;
  const events = [sampleEvent(1), sampleEvent(2)];
  const soon = () => Date.now() + 5_000;

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

  it('gives every event to every sink and reports each as ok', async () => {
    const outcomes = await deliverToAll([httpSink(), eventBridgeSink()], events, soon());
    expect(outcomes.map((o) => [o.sink, o.ok])).toEqual([['http', true], ['eventbridge', true]]);
    expect(receiver.received.map((r) => r.event.id)).toEqual(events.map((e) => e.context.id));
    expect(aws.acceptedEntries).toHaveLength(2);
  });

  it('names the failing sink and its reason while the good sink still delivers', async () => {
    aws.failCalls(1, { type: 'AccessDeniedException', message: 'not authorized to put events' });
    const error = await captureError(DeliveryFailedError, deliverToAll([httpSink(), eventBridgeSink()], events, soon()));
    expect(error.statusCode).toBe(502);
    expect(error.failedSinks).toEqual(['eventbridge']);
    expect(error.message).toBe('delivery failed: eventbridge sink: putevents failed: AccessDeniedException');
    expect(receiver.received).toHaveLength(2);
  });

  it('lists every failed sink', async () => {
    receiver.setDefaultResponse(400);
    aws.failEntries(() => 'MalformedDetail', 1);
    const error = await captureError(DeliveryFailedError, deliverToAll([httpSink(), eventBridgeSink()], events, soon()));
    expect(error.failedSinks).toEqual(['http', 'eventbridge']);
    expect(error.message).toMatch(/http sink: event .* rejected with status 400; eventbridge sink: event .* MalformedDetail/);
  });

  it('runs the sinks in parallel', async () => {
    const other = await startCloudEventsReceiver();
    try {
      receiver.setDefaultResponse({ status: 202, delayMs: 500 });
      other.setDefaultResponse({ status: 202, delayMs: 500 });
      const slowA = new HttpSink({ url: receiver.url });
      const slowB = new HttpSink({ url: other.url });
      const started = Date.now();
      await deliverToAll([slowA, slowB], [events[0]!], soon());
      expect(Date.now() - started).toBeLessThan(900);
    } finally {
      await other.close();
    }
  });

  it('hides the message of an unexpected error but keeps the error for logs', async () => {
    const broken: Sink = { name: 'broken', deliver: async () => { throw new TypeError('secret internals at 0xdead'); } };
    const outcomes = await settleDeliveries([broken, httpSink()], events, soon());
    expect(outcomes[0]).toMatchObject({ sink: 'broken', ok: false, reason: 'unexpected TypeError' });
    expect(outcomes[0]!.ok === false && outcomes[0]!.error).toBeInstanceOf(TypeError);
    expect(outcomes[1]).toMatchObject({ sink: 'http', ok: true });
    const error = await captureError(DeliveryFailedError, deliverToAll([broken], events, soon()));
    expect(error.message).toBe('delivery failed: broken sink: unexpected TypeError');
  });

  it('succeeds with no sinks', async () => {
    await expect(deliverToAll([], events, soon())).resolves.toEqual([]);
  });
});
