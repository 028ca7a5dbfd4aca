import { captureError } from '../helpers/capture-error.js';
import { EventBridgeClient } from '@aws-sdk/client-eventbridge';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { buildCDEvent } from '../../lib/cdevents/build-cdevent.js';
import { deterministicId } from '../../lib/cdevents/deterministic-id.js';
import type { CDEvent } from '../../lib/cdevents/types.js';
import {
  EventBridgeSink, putEventsEntrySize, toPutEventsEntry, type EventBridgeSinkOptions,
} from '../../lib/sinks/eventbridge-sink.js';
import { SinkError } from '../../lib/sinks/sink.js';
import { assertValidCDEvent } from '../helpers/cdevents-schemas.js';
import { startFakeAws, type FakeAws, type ReceivedPutEventsEntry } from '../helpers/fake-aws.js';

function sampleEvent(n = 0, extra: Record<string, unknown> = {}): CDEvent {
  return buildCDEvent({
    kind: 'service.upgraded',
    id: deterministicId('eventbridge-sink-test', String(n)),
    source: '/argocd/argocd',
    timestamp: '2024-07-12T08:56:37.250Z',
    subjectId: `prod/apps/guestbook-${n}`,
    content: { environment: { id: 'prod/apps' }, artifactId: 'pkg:oci/guestbook@sha256%3Aabc?repository_url=ghcr.io/example/guestbook' },
    ...(Object.keys(extra).length > 0 ? { customData: extra } : {}),
  }, '0.5.1');
}

function detailOf(entry: ReceivedPutEventsEntry): { id: string; data: CDEvent } & Record<string, unknown> {
  return JSON.parse(entry.Detail ?? '{}');
}


describe('EventBridgeSink', () => {
  let aws: FakeAws;
  let client: EventBridgeClient;
  const soon = () => Date.now() + 5_000;
  const sinkWith = (options: Partial<EventBridgeSinkOptions> = {}) => new EventBridgeSink({
    client, eventBusName: 'gitops-bus', source: 'dev.cdevents.bridge.argocd', baseDelayMs: 5, maxDelayMs: 20, ...options,
  });

  beforeAll(async () => {
    aws = await startFakeAws();
    client = new EventBridgeClient({
      endpoint: aws.endpoint, region: 'eu-west-1', maxAttempts: 1,
      credentials: { accessKeyId: 'test', secretAccessKey: 'test' },
    });
  });
  afterAll(async () => {
    client.destroy();
    await aws.close();
  });
  beforeEach(() => aws.reset());

  it('sends one entry per event with Source, DetailType, a structured CloudEvent Detail and Time', async () => {
    // Prepare
    const event = sampleEvent(1);
    // Act
    await sinkWith().deliver([event], soon());
    // Assess
    expect(aws.putEventsCalls).toHaveLength(1);
    const [entry] = aws.putEventsEntries;
    expect(entry).toMatchObject({
      Source: 'dev.cdevents.bridge.argocd',
      DetailType: 'dev.cdevents.service.upgraded.0.3.0',
      EventBusName: 'gitops-bus',
      Time: Date.parse('2024-07-12T08:56:37.250Z') / 1000,
    });
    expect(entry!.Resources).toBeUndefined();
    const detail = detailOf(entry!);
    expect(detail).toMatchObject({
      specversion: '1.0', id: event.context.id, source: '/argocd/argocd', type: 'dev.cdevents.service.upgraded.0.3.0',
      subject: 'prod/apps/guestbook-1', time: '2024-07-12T08:56:37.250Z', datacontenttype: 'application/json',
    });
    expect(detail.data).toEqual(event);
    assertValidCDEvent(detail.data);
  });

  it('does nothing for no events', async () => {
    await sinkWith().deliver([], soon());
    expect(aws.requests).toHaveLength(0);
  });

  it('batches more than 10 events into calls of at most 10, in order', async () => {
    const events = Array.from({ length: 23 }, (_, i) => sampleEvent(i));
    await sinkWith().deliver(events, soon());
    expect(aws.putEventsCalls.map((call) => call.length)).toEqual([10, 10, 3]);
    expect(aws.acceptedEntries.map((e) => detailOf(e).id)).toEqual(events.map((e) => e.context.id));
  });

  it('keeps the total size of each call within the limit', async () => {
    const events = [1, 2, 3].map((i) => sampleEvent(i, { note: 'n'.repeat(1_000) }));
    const size = putEventsEntrySize(toPutEventsEntry(events[0]!, { eventBusName: 'gitops-bus', source: 'dev.cdevents.bridge.argocd' }));
    await sinkWith({ maxEntryBytes: Math.floor(size * 2.5) }).deliver(events, soon());
    expect(aws.putEventsCalls.map((call) => call.length)).toEqual([2, 1]);
  });

  it('resends only the entries that failed with ThrottlingException or InternalFailure', async () => {
    const events = Array.from({ length: 5 }, (_, i) => sampleEvent(i));
    aws.failEntries({ 1: 'ThrottlingException', 3: 'InternalFailure' }, 1);
    await sinkWith().deliver(events, soon());
    expect(aws.putEventsCalls.map((call) => call.map((e) => detailOf(e).id))).toEqual([
      events.map((e) => e.context.id),
      [events[1]!.context.id, events[3]!.context.id],
    ]);
    expect(new Set(aws.acceptedEntries.map((e) => detailOf(e).id))).toEqual(new Set(events.map((e) => e.context.id)));
  });

  it('fails at once on AccessDeniedException for an entry, naming the code and the event', async () => {
    const events = [sampleEvent(1), sampleEvent(2)];
    aws.failEntries({ 0: 'ThrottlingException', 1: 'AccessDeniedException' }, 5);
    const error = await captureError(SinkError, sinkWith().deliver(events, soon()));
    expect(error.sink).toBe('eventbridge');
    expect(error.message).toBe(`event ${events[1]!.context.id} rejected by eventbridge with AccessDeniedException`);
    expect((error.cause as Error).message).toBe('simulated AccessDeniedException');
    expect(aws.putEventsCalls).toHaveLength(1);
  });

  it('gives up on entries still throttled at the deadline, naming them', async () => {
    const events = [sampleEvent(1), sampleEvent(2)];
    aws.failEntries((entry) => (detailOf(entry).id === events[1]!.context.id ? 'ThrottlingException' : undefined), 1_000);
    const started = Date.now();
    const error = await captureError(SinkError, sinkWith().deliver(events, started + 300));
    expect(Date.now() - started).toBeLessThan(300 + 300);
    expect(error.message).toMatch(new RegExp(`events ${events[1]!.context.id} not delivered before the deadline: entries failed with ThrottlingException`));
    expect(error.undelivered).toEqual([events[1]]);
    expect(aws.putEventsCalls.length).toBeGreaterThan(2);
    expect(aws.putEventsCalls.slice(1).every((call) => call.length === 1)).toBe(true);
  });

  it('rejects an oversize entry before any call, naming the event and its size', async () => {
    const big = sampleEvent(9, { blob: 'é'.repeat(140_000) });
    const size = putEventsEntrySize(toPutEventsEntry(big, { eventBusName: 'gitops-bus', source: 'dev.cdevents.bridge.argocd' }));
    expect(size).toBeGreaterThan(262_144);
    const error = await captureError(SinkError, sinkWith().deliver([sampleEvent(1), big], soon()));
    expect(error.message).toBe(`event ${big.context.id} is ${size} bytes as an eventbridge entry, over the limit of 262144`);
    expect(aws.requests).toHaveLength(0);
  });

  it('retries whole-call throttling until it passes', async () => {
    aws.throttleCalls(2);
    await sinkWith().deliver([sampleEvent(1)], soon());
    expect(aws.requests.map((r) => r.status)).toEqual([400, 400, 200]);
    expect(aws.acceptedEntries).toHaveLength(1);
  });

  it('retries a whole-call server error', async () => {
    aws.failCalls(1, { type: 'InternalException', status: 500 });
    await sinkWith().deliver([sampleEvent(1)], soon());
    expect(aws.putEventsCalls).toHaveLength(2);
  });

  it.each(['AccessDeniedException', 'ResourceNotFoundException', 'ValidationException'])('does not retry a whole-call %s', async (type) => {
    aws.failCalls(5, { type, message: 'nope' });
    const error = await captureError(SinkError, sinkWith().deliver([sampleEvent(1)], soon()));
    expect(error.message).toBe(`putevents failed: ${type}`);
    expect(error.message).not.toContain("nope");
    expect(aws.putEventsCalls).toHaveLength(1);
  });

  it('retries while the endpoint drops connections and fails within the deadline', async () => {
    aws.setDown(true);
    const started = Date.now();
    const error = await captureError(SinkError, sinkWith().deliver([sampleEvent(1)], started + 400));
    expect(Date.now() - started).toBeLessThan(400 + 300);
    expect(aws.requests.length).toBeGreaterThan(1);
    expect(error.message).toMatch(/not delivered before the deadline: putevents failed/);
  });
});

describe('putEventsEntrySize', () => {
  it('counts 14 bytes for Time plus UTF-8 bytes of Source, DetailType, Detail and Resources', () => {
    expect(putEventsEntrySize({ Source: 'abc', DetailType: 'dé', Detail: '{"a":"€"}', Time: new Date() })).toBe(14 + 3 + 3 + 11);
    expect(putEventsEntrySize({ Source: 'abc', Resources: ['arn:x'] })).toBe(3 + 5);
  });
});
